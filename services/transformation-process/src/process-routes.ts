import { create, equals, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { type Client, WorkflowExecutionAlreadyStartedError, type WorkflowHandle, WorkflowNotFoundError, WorkflowUpdateFailedError } from "@temporalio/client";
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from "@temporalio/common";
import { GateDecision, type GateDecisionRecorded } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import {
  type DecideGateRequest,
  TransformationProcessCommandService,
  TransformationProcessQueryService,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import {
  CancelRunSignalSchema,
  DecideGateUpdateSchema,
  RunInputSchema,
  RunPhase,
  RunStateSchema,
  type RunView,
  RunViewSchema,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { type Scope, ScopeSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import {
  cancelRunSignal,
  decideGateUpdate,
  processDefinitionId,
  processTaskQueue,
  runStateQuery,
  runViewQuery,
  runWorkflowType,
} from "./workflows/definitions.js";
import { processInstanceIdFor } from "./process-instance-id.js";
import type { transformationRun } from "./workflows/run-workflow.js";

/**
 * The Process surfaces: StartRun, DecideGate (Temporal Update), CancelRun (signal), and GetRun
 * (the runView query).
 */
export function processRoutes(temporal: Client, taskQueue = processTaskQueue): (router: ConnectRouter) => void {
  const closedRuns = new ClosedRunViews();
  return (router) => {
    router.service(TransformationProcessCommandService, {
      async startRun(req) {
        const definition = req.input?.processDefinitionId || processDefinitionId;
        if (definition !== processDefinitionId) {
          throw new ConnectError(`input.process_definition_id "${definition}" is unknown; this service runs "${processDefinitionId}"`, Code.InvalidArgument);
        }
        const scope = req.context?.scope;
        // The run lives in the caller's scope: the interceptor checked context.scope against the token.
        if (req.input?.scope !== undefined && scope !== undefined && !equals(ScopeSchema, req.input.scope, scope)) {
          throw new ConnectError("input.scope differs from context.scope; leave input.scope empty or make it the same", Code.InvalidArgument);
        }
        const workflowId = processInstanceIdFor(scope?.tenantId ?? "", req.idempotencyKey);
        const input = {
          ...req.input!,
          processDefinitionId: definition,
          scope,
          correlationId: req.input?.correlationId || req.context?.correlationId || workflowId,
          // Who started the run is the caller (the auth interceptor put it in context.actor), never the payload.
          startedBy: req.context?.actor,
        };
        try {
          const handle = await temporal.workflow.start<typeof transformationRun>(runWorkflowType, {
            taskQueue,
            workflowId,
            args: [create(RunStateSchema, { input })],
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
            memo: { tenantId: scope?.tenantId ?? "", repositoryId: scope?.repositoryId ?? "" },
          });
          return { processInstanceId: workflowId, processRunId: handle.firstExecutionRunId, deduplicated: false };
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          const existing = temporal.workflow.getHandle<typeof transformationRun>(workflowId);
          const started = await existing.query(runStateQuery).catch(() => undefined);
          if (started?.input !== undefined && !equals(RunInputSchema, started.input, create(RunInputSchema, input))) {
            throw new ConnectError(
              `idempotency_key "${req.idempotencyKey}" already started run ${workflowId} with another input; use a new key for a new run`,
              Code.AlreadyExists,
            );
          }
          const described = await existing.describe();
          return { processInstanceId: workflowId, processRunId: described.runId, deduplicated: true };
        }
      },

      async decideGate(req) {
        const { handle, ended } = await ownedRun(temporal, req.context?.scope, req.processInstanceId);
        // A retry of a decision already recorded gets the same answer (also after the run ended);
        // the same key with another decision is refused.
        const earlier = await decisionRecordedWith(handle, req.idempotencyKey);
        if (earlier !== undefined) return { recorded: sameDecision(earlier, req) };
        if (ended !== undefined) throw runEnded(req.processInstanceId, ended);
        const update = create(DecideGateUpdateSchema, {
          gateRef: req.gateRef,
          decision: req.decision,
          comment: req.comment,
          decidedBy: req.context?.actor,
          decisionId: req.idempotencyKey,
        });
        try {
          const recorded = await handle.executeUpdate(decideGateUpdate, { args: [update], updateId: req.idempotencyKey });
          // Temporal answers a repeated update id with the first result, whatever this payload says.
          return { recorded: sameDecision(recorded, req) };
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) throw runEnded(req.processInstanceId, await endedAs(handle));
          if (!(error instanceof WorkflowUpdateFailedError)) throw error;
          // A retry after the gate closed: answer with the decision this key recorded.
          const earlier = await decisionRecordedWith(handle, req.idempotencyKey);
          if (earlier !== undefined) return { recorded: sameDecision(earlier, req) };
          throw new ConnectError(`gate decision refused: ${error.cause?.message ?? error.message}`, Code.FailedPrecondition);
        }
      },

      async cancelRun(req) {
        const { handle, ended } = await ownedRun(temporal, req.context?.scope, req.processInstanceId);
        if (ended !== undefined) {
          // A retried cancel of a run that a cancel ended is answered as the first one was.
          const state = await handle.query(runStateQuery).catch(() => undefined);
          if (state?.cancelRequested === true) return { accepted: true };
          throw runEnded(req.processInstanceId, ended);
        }
        try {
          await handle.signal(
            cancelRunSignal,
            create(CancelRunSignalSchema, { reason: req.reason || "cancelled", cancelledBy: req.context?.actor, idempotencyKey: req.idempotencyKey }),
          );
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) throw runEnded(req.processInstanceId, await endedAs(handle));
          throw error;
        }
        return { accepted: true };
      },
    });
    router.service(TransformationProcessQueryService, {
      async getRun(req) {
        // Whether the run exists, is the caller's and is closed is asked every time (describe is
        // cheap); only a closed run's view is kept, by the Temporal run id describe names.
        const { handle, ended, runId } = await ownedRun(temporal, req.scope, req.processInstanceId);
        const kept = ended === undefined ? undefined : closedRuns.get(runId);
        if (kept !== undefined) return { run: kept };
        const run = await handle.query(runViewQuery);
        if (ended !== undefined) {
          // A closed run: a cancelled one sits on the failed column, as its card does.
          run.ended = true;
          if (run.phase !== RunPhase.DONE) run.phase = RunPhase.FAILED;
          closedRuns.set(runId, run);
        }
        return { run };
      },
    });
  };
}

/**
 * Views of closed runs, by Temporal run id. A closed run never changes, and a query on it makes a
 * worker replay its whole history, so each is asked once per process. Bounded by count and by
 * encoded size (a view carries the run's request text); the least recently read go first.
 */
class ClosedRunViews {
  static readonly maxViews = 10_000;
  static readonly maxBytes = 32 * 1024 * 1024;
  readonly #views = new Map<string, { view: RunView; bytes: number }>();
  #bytes = 0;
  get(runId: string): RunView | undefined {
    const entry = this.#views.get(runId);
    if (entry === undefined) return undefined;
    this.#views.delete(runId);
    this.#views.set(runId, entry);
    return entry.view;
  }
  set(runId: string, view: RunView): void {
    if (runId === "" || this.#views.has(runId)) return;
    const bytes = toBinary(RunViewSchema, view).byteLength;
    if (bytes > ClosedRunViews.maxBytes) return;
    while (this.#views.size >= ClosedRunViews.maxViews || this.#bytes + bytes > ClosedRunViews.maxBytes) {
      const [oldest, entry] = this.#views.entries().next().value!;
      this.#views.delete(oldest);
      this.#bytes -= entry.bytes;
    }
    this.#views.set(runId, { view, bytes });
    this.#bytes += bytes;
  }
}

/**
 * The run's handle, if it exists and belongs to the caller's tenant (else NotFound, as for any
 * unknown id), and how it ended when it is no longer running.
 */
async function ownedRun(temporal: Client, scope: Scope | undefined, processInstanceId: string) {
  const handle = temporal.workflow.getHandle<typeof transformationRun>(processInstanceId);
  try {
    const described = await handle.describe();
    const memo = (described.memo ?? {}) as { tenantId?: string };
    if (memo.tenantId === scope?.tenantId) {
      const status = described.status.name;
      return { handle, runId: described.runId, ended: status === "RUNNING" ? undefined : status.toLowerCase() };
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  throw new ConnectError(`process_instance_id "${processInstanceId}" does not exist for this tenant`, Code.NotFound);
}

/** How a run that closed while a request was in flight ended ("completed", "failed", ...). */
async function endedAs(handle: WorkflowHandle<typeof transformationRun>): Promise<string> {
  const described = await handle.describe().catch(() => undefined);
  return described?.status.name.toLowerCase() ?? "just now";
}

/** The recorded decision, if this request asks for exactly it; else the key was reused: already_exists. */
function sameDecision(recorded: GateDecisionRecorded, req: DecideGateRequest): GateDecisionRecorded {
  if (recorded.gateRef === req.gateRef && recorded.decision === req.decision && recorded.comment === req.comment) return recorded;
  throw new ConnectError(
    `idempotency_key "${req.idempotencyKey}" already recorded ${GateDecision[recorded.decision].toLowerCase()} for gate ${recorded.gateRef}; use a new key for another decision`,
    Code.AlreadyExists,
  );
}

function runEnded(processInstanceId: string, how: string): ConnectError {
  return new ConnectError(`run ${processInstanceId} already ended: ${how}; decisions and cancels apply to running runs only`, Code.FailedPrecondition);
}

/** The decision recorded under this idempotency key, if any (the run's state answers even after it ended). */
async function decisionRecordedWith(handle: WorkflowHandle<typeof transformationRun>, idempotencyKey: string) {
  const state = await handle.query(runStateQuery).catch(() => undefined);
  return Object.values(state?.decisions ?? {}).find((d) => d.decisionId === idempotencyKey);
}
