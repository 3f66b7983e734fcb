import { decodeFromTopic, isTerminalRunFact } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import type { StartAt } from "@ameide/kafka-bus";
import { ActionKind, WorkKind, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  AwaitingKind,
  GateDecision,
  type TransformationProcessFact,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";

/** Follows a run's progress facts as they arrive on the process facts topic. */
export interface RunWatch {
  /** Resolves with the terminal fact; calls `onFact` for each fact of the run on the way. */
  until(processInstanceId: string, onFact: (fact: TransformationProcessFact) => void | Promise<void>): Promise<TransformationProcessFact>;
  close(): Promise<void>;
}

/** Opens a watch on `transformation.process.facts.v1`, from the beginning or from now. */
export async function watchRuns(brokers: string, fromBeginning: boolean): Promise<RunWatch> {
  const topic = "transformation.process.facts.v1";
  const bus = createKafka(brokers, "ameide-cli-watch");
  let startAt: StartAt = "earliest";
  if (!fromBeginning) {
    const admin = await bus.admin();
    startAt = await admin.endOffsets(topic).finally(() => admin.close());
  }
  const listeners = new Set<(fact: TransformationProcessFact) => void>();
  const consumer = await bus.consume({ topic, groupId: `ameide-cli-watch-${process.pid}-${Date.now()}`, startAt, commit: "none", maxWaitMs: 200 }, (record) => {
    const fact = decodeFromTopic(topic, record.value);
    for (const listener of listeners) listener(fact);
    return Promise.resolve();
  });
  return {
    until(processInstanceId, onFact) {
      return new Promise((resolve, reject) => {
        const listener = (fact: TransformationProcessFact) => {
          if (fact.process?.processInstanceId !== processInstanceId) return;
          Promise.resolve(onFact(fact)).then(() => {
            if (isTerminalRunFact(fact)) {
              listeners.delete(listener);
              resolve(fact);
            }
          }, reject);
        };
        listeners.add(listener);
      });
    },
    close: () => consumer.close(),
  };
}

/** One human-readable line per progress fact (phase-first: the board's columns). */
export function describeFact(fact: TransformationProcessFact): string {
  const f = fact.fact;
  switch (f.case) {
    case "runStarted":
      return `run started: ${f.value.title} (card in intake)`;
    case "phaseEntered":
      return `phase ${f.value.phaseKey}`;
    case "awaiting":
      return `  awaiting ${AwaitingKind[f.value.kind].toLowerCase()} (${f.value.ref}): ${f.value.description}`;
    case "gateDecisionRecorded":
      return `  gate ${f.value.gateRef}: ${GateDecision[f.value.decision].toLowerCase()}`;
    case "toolRunRecorded": {
      const what = f.value.workKind === WorkKind.AGENT_WORK ? "coding agent" : ActionKind[f.value.actionKind].toLowerCase();
      return `  ${what} ${WorkStatus[f.value.status].toLowerCase()}: ${f.value.summary.split("\n")[0] ?? ""}`;
    }
    case "runCompleted":
      return `run completed: promoted ${
        Object.entries(f.value.promotedDigests)
          .map(([env, digest]) => `${env}=${digest.slice(0, 19)}…`)
          .join(", ") || "nothing"
      }`;
    case "runFailed":
      return `run failed: ${f.value.reason}`;
    case "runCancelled":
      return `run cancelled: ${f.value.reason}`;
    default:
      return `  ${f.case ?? "unknown fact"}`;
  }
}
