import { clone, create, equals } from "@bufbuild/protobuf";
import { type Timestamp, TimestampSchema, timestampDate } from "@bufbuild/protobuf/wkt";
import type { CommandContext } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import {
  ExecutionPolicySchema,
  RequestedBySchema,
  WorkInputsSchema,
  type WorkOutcome,
  WorkOutcomeSchema,
  type WorkRequest,
  WorkRequestSchema,
  WorkStatus,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  type CancelWorkRequest,
  type RecordWorkOutcomeRequest,
  type RecordWorkStartedRequest,
  type RequestWorkRequest,
  WorkResult,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { terminalWorkStatuses as terminal } from "@ameide/contracts";
import { DomainError } from "../domain-error.js";
import { resolveQueueRef } from "./work-queue.js";

/** One fact variant of the WorkRequest aggregate. */
export type WorkFact = Exclude<TransformationWorkDomainFact["fact"], { case: undefined }>;

/**
 * The Domain's own command, never sent by a caller: the lease of a started attempt ran out, so the
 * attempt is abandoned and the work retried (or failed when no attempt is left).
 */
export interface ExpireWorkLease {
  readonly $typeName: "ameide.transformation.domain.ExpireWorkLease";
  readonly context: CommandContext;
  readonly workRequestId: string;
}

/** The commands of the WorkRequest aggregate: the generated request messages, plus lease expiry. */
export type WorkCommand = RequestWorkRequest | RecordWorkStartedRequest | RecordWorkOutcomeRequest | CancelWorkRequest | ExpireWorkLease;

/** Inputs the decider must not make up itself. */
export interface WorkDecideContext {
  readonly now: Timestamp;
  /** Id for a WorkRequest the command would create. */
  readonly newWorkRequestId: string;
  /** The executor classes the caller may report for (its `executor:<class>` roles). */
  readonly executorClasses: readonly string[];
  /** How long a started attempt holds the work beyond its timeout. */
  readonly leaseGraceSeconds: number;
  /** An attempt's timeout when the work's execution policy names none (the executors' default). */
  readonly defaultTimeoutSeconds?: number;
}

/** Attempts allowed when the WorkRequest's execution policy names none. */
export const defaultMaxAttempts = 3;

/** An attempt's timeout when the WorkRequest's execution policy names none (the executors' default too). */
export const defaultAttemptTimeoutSeconds = 900;

/** Lease slack beyond an attempt's timeout, for reporting the outcome. */
export const defaultLeaseGraceSeconds = 60;

/** Decides which facts a command produces against the current state (empty = nothing to do). */
export function decideWork(command: WorkCommand, state: WorkRequest | undefined, ctx: WorkDecideContext): WorkFact[] {
  switch (command.$typeName) {
    case "ameide_core_proto.transformation.work.v1.RequestWorkRequest":
      return requestWork(command, state, ctx);
    case "ameide_core_proto.transformation.work.v1.RecordWorkStartedRequest":
      return recordWorkStarted(command, existing(state, command.workRequestId), ctx);
    case "ameide_core_proto.transformation.work.v1.RecordWorkOutcomeRequest":
      return recordWorkOutcome(command, existing(state, command.workRequestId), ctx);
    case "ameide_core_proto.transformation.work.v1.CancelWorkRequest":
      return cancelWork(command, existing(state, command.workRequestId), ctx);
    case "ameide.transformation.domain.ExpireWorkLease":
      return expireLease(existing(state, command.workRequestId), ctx);
    default: {
      const unknown: never = command;
      throw new Error(`unhandled command ${(unknown as { $typeName: string }).$typeName}`);
    }
  }
}

function requestWork(command: RequestWorkRequest, state: WorkRequest | undefined, ctx: WorkDecideContext): WorkFact[] {
  const queueRef = resolveQueueRef(command.execution?.queueRef ?? "", command.workKind, command.actionKind);
  const execution = command.execution ? clone(ExecutionPolicySchema, command.execution) : create(ExecutionPolicySchema);
  execution.queueRef = queueRef;
  if (state !== undefined) {
    if (!sameRequest(command, execution, state)) {
      throw new DomainError(
        "already_exists",
        `client_request_id "${command.clientRequestId}" was already used for a different request (work_request_id ${state.workRequestId}); use a new key for new work`,
      );
    }
    return [];
  }
  const workRequest = create(WorkRequestSchema, {
    workRequestId: ctx.newWorkRequestId,
    scope: command.context?.scope,
    requestedBy: command.requestedBy,
    requestedAt: ctx.now,
    actor: command.context?.actor,
    workKind: command.workKind,
    actionKind: command.actionKind,
    clientRequestId: command.clientRequestId,
    execution,
    inputs: command.inputs,
    status: WorkStatus.REQUESTED,
    attempt: 1,
    version: 1n,
    correlationId: command.context?.correlationId ?? "",
  });
  return [{ case: "workRequested", value: { $typeName: "ameide_core_proto.transformation.work.v1.WorkRequested", workRequest } }];
}

function recordWorkStarted(command: RecordWorkStartedRequest, state: WorkRequest, ctx: WorkDecideContext): WorkFact[] {
  requireClass(state, ctx);
  if (terminal.has(state.status)) {
    throw new DomainError("failed_precondition", `work ${state.workRequestId} is already ${statusName(state.status)}; a start cannot be recorded`);
  }
  if (command.attempt < state.attempt) {
    throw new DomainError("failed_precondition", `attempt ${command.attempt} of work ${state.workRequestId} is stale; the current attempt is ${state.attempt}`);
  }
  if (command.attempt === state.attempt && state.status === WorkStatus.STARTED) return [];
  // Attempts go one by one: the first start, or the next one once the started attempt's lease ran out.
  const next = state.status === WorkStatus.STARTED ? state.attempt + 1 : state.attempt;
  if (command.attempt !== next) {
    throw new DomainError("failed_precondition", `attempt ${command.attempt} of work ${state.workRequestId} is not the next attempt; the next is ${next}`);
  }
  if (state.status === WorkStatus.STARTED && !leaseExpired(state, ctx.now)) {
    throw new DomainError(
      "failed_precondition",
      `attempt ${state.attempt} of work ${state.workRequestId} holds its lease until ${isoOf(state.leaseExpiresAt)}; the work is retried after that if it reports no outcome`,
    );
  }
  const maxAttempts = state.execution?.maxAttempts || defaultMaxAttempts;
  if (command.attempt > maxAttempts) {
    throw new DomainError(
      "failed_precondition",
      `attempt ${command.attempt} of work ${state.workRequestId} exceeds max_attempts ${maxAttempts}; record the outcome of attempt ${state.attempt} instead`,
    );
  }
  const timeout = state.execution?.timeout;
  const leaseSeconds = (timeout === undefined ? (ctx.defaultTimeoutSeconds ?? defaultAttemptTimeoutSeconds) : Number(timeout.seconds)) + ctx.leaseGraceSeconds;
  return [
    {
      case: "workStarted",
      value: {
        ...header(state),
        $typeName: "ameide_core_proto.transformation.work.v1.WorkStarted",
        attempt: command.attempt,
        startedAt: ctx.now,
        executorId: command.executorId,
        leaseExpiresAt: create(TimestampSchema, { seconds: ctx.now.seconds + BigInt(leaseSeconds), nanos: ctx.now.nanos }),
      },
    },
  ];
}

function recordWorkOutcome(command: RecordWorkOutcomeRequest, state: WorkRequest, ctx: WorkDecideContext): WorkFact[] {
  requireClass(state, ctx);
  const succeeded = command.result === WorkResult.SUCCEEDED;
  const outcome = command.outcome;
  if (succeeded && (outcome === undefined || (outcome.evidenceBundleId === "" && outcome.artifactRefs.length === 0))) {
    throw new DomainError("invalid_argument", "a succeeded outcome needs outcome.evidence_bundle_id or outcome.artifact_refs; attach the evidence and retry");
  }
  if (terminal.has(state.status)) {
    const same = state.status === (succeeded ? WorkStatus.SUCCEEDED : WorkStatus.FAILED) && state.attempt === command.attempt;
    if (same) return [];
    throw new DomainError(
      "failed_precondition",
      `work ${state.workRequestId} is already ${statusName(state.status)}; outcome ${succeeded ? "succeeded" : "failed"} for attempt ${command.attempt} contradicts it`,
    );
  }
  if (command.attempt !== state.attempt) {
    throw new DomainError(
      "failed_precondition",
      `outcome for attempt ${command.attempt} of work ${state.workRequestId}, but the current attempt is ${state.attempt}`,
    );
  }
  const value = { ...header(state), attempt: command.attempt, finishedAt: ctx.now, outcome: outcome as WorkOutcome };
  return succeeded
    ? [{ case: "workCompleted", value: { ...value, $typeName: "ameide_core_proto.transformation.work.v1.WorkCompleted" } }]
    : [{ case: "workFailed", value: { ...value, $typeName: "ameide_core_proto.transformation.work.v1.WorkFailed" } }];
}

function cancelWork(command: CancelWorkRequest, state: WorkRequest, ctx: WorkDecideContext): WorkFact[] {
  if (state.status === WorkStatus.CANCELED) return [];
  if (terminal.has(state.status)) {
    throw new DomainError("failed_precondition", `work ${state.workRequestId} is already ${statusName(state.status)} and cannot be canceled`);
  }
  return [
    {
      case: "workCanceled",
      value: { ...header(state), $typeName: "ameide_core_proto.transformation.work.v1.WorkCanceled", reason: command.reason, canceledAt: ctx.now },
    },
  ];
}

function expireLease(state: WorkRequest, ctx: WorkDecideContext): WorkFact[] {
  if (state.status !== WorkStatus.STARTED || !leaseExpired(state, ctx.now)) return [];
  const maxAttempts = state.execution?.maxAttempts || defaultMaxAttempts;
  if (state.attempt < maxAttempts) {
    return [
      {
        case: "workAttemptExpired",
        value: {
          ...header(state),
          $typeName: "ameide_core_proto.transformation.work.v1.WorkAttemptExpired",
          attempt: state.attempt,
          expiredAt: ctx.now,
          nextAttempt: state.attempt + 1,
        },
      },
    ];
  }
  const summary = `attempt ${state.attempt} of ${maxAttempts} held its lease until ${isoOf(state.leaseExpiresAt)} and reported no outcome; no attempt is left`;
  return [
    {
      case: "workFailed",
      value: {
        ...header(state),
        $typeName: "ameide_core_proto.transformation.work.v1.WorkFailed",
        attempt: state.attempt,
        finishedAt: ctx.now,
        outcome: create(WorkOutcomeSchema, { summary, failureReason: "lease_expired" }),
      },
    },
  ];
}

/** Only an executor of the class the work was queued for may start it or report its outcome. */
function requireClass(state: WorkRequest, ctx: WorkDecideContext): void {
  const queueRef = state.execution?.queueRef ?? "";
  if (!ctx.executorClasses.includes(queueRef)) {
    throw new DomainError(
      "permission_denied",
      `work ${state.workRequestId} is queued for executor:${queueRef}; this caller reports for ${ctx.executorClasses.map((c) => `executor:${c}`).join(", ") || "no executor class"}`,
    );
  }
}

function leaseExpired(state: WorkRequest, now: Timestamp): boolean {
  const lease = state.leaseExpiresAt;
  return lease === undefined || now.seconds > lease.seconds || (now.seconds === lease.seconds && now.nanos >= lease.nanos);
}

function isoOf(timestamp: Timestamp | undefined): string {
  return timestamp === undefined ? "(no lease)" : timestampDate(timestamp).toISOString();
}

/** Applies a fact to the state; version advances by exactly one per fact. */
export function evolveWork(state: WorkRequest | undefined, fact: WorkFact): WorkRequest {
  if (fact.case === "workRequested") {
    return clone(WorkRequestSchema, fact.value.workRequest ?? create(WorkRequestSchema));
  }
  if (state === undefined) throw new Error(`${fact.case} before workRequested`);
  const next = clone(WorkRequestSchema, state);
  next.version = state.version + 1n;
  switch (fact.case) {
    case "workStarted":
      Object.assign(next, {
        status: WorkStatus.STARTED,
        attempt: fact.value.attempt,
        startedAt: fact.value.startedAt,
        leaseExpiresAt: fact.value.leaseExpiresAt,
      });
      break;
    case "workAttemptExpired":
      Object.assign(next, { status: WorkStatus.REQUESTED, attempt: fact.value.nextAttempt, leaseExpiresAt: undefined });
      break;
    case "workCompleted":
      Object.assign(next, { status: WorkStatus.SUCCEEDED, finishedAt: fact.value.finishedAt, outcome: fact.value.outcome, leaseExpiresAt: undefined });
      break;
    case "workFailed":
      Object.assign(next, { status: WorkStatus.FAILED, finishedAt: fact.value.finishedAt, outcome: fact.value.outcome, leaseExpiresAt: undefined });
      break;
    case "workCanceled":
      Object.assign(next, { status: WorkStatus.CANCELED, finishedAt: fact.value.canceledAt, leaseExpiresAt: undefined });
      break;
    default: {
      const unknown: never = fact;
      throw new Error(`unhandled fact ${(unknown as { case: string }).case}`);
    }
  }
  return next;
}

function existing(state: WorkRequest | undefined, workRequestId: string): WorkRequest {
  if (state === undefined) {
    throw new DomainError("not_found", `work_request_id "${workRequestId}" does not exist in this scope; check the id and the tenant`);
  }
  return state;
}

function header(state: WorkRequest) {
  return { workRequestId: state.workRequestId, requestedBy: state.requestedBy, workKind: state.workKind, actionKind: state.actionKind };
}

function sameRequest(command: RequestWorkRequest, execution: WorkRequest["execution"], state: WorkRequest): boolean {
  return (
    command.workKind === state.workKind &&
    command.actionKind === state.actionKind &&
    equals(WorkInputsSchema, command.inputs ?? create(WorkInputsSchema), state.inputs ?? create(WorkInputsSchema)) &&
    equals(RequestedBySchema, command.requestedBy ?? create(RequestedBySchema), state.requestedBy ?? create(RequestedBySchema)) &&
    equals(ExecutionPolicySchema, execution ?? create(ExecutionPolicySchema), state.execution ?? create(ExecutionPolicySchema))
  );
}

function statusName(status: WorkStatus): string {
  return WorkStatus[status].toLowerCase();
}
