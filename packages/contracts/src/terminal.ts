// What ends a WorkRequest and a run, named once. Free of infrastructure, so workflow code may
// import it (`@ameide/contracts/terminal`).
import type { TransformationProcessFact } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";

/** The work fact cases after which a WorkRequest changes no more. */
export const terminalWorkFactCases: ReadonlySet<string> = new Set<NonNullable<TransformationWorkDomainFact["fact"]["case"]>>([
  "workCompleted",
  "workFailed",
  "workCanceled",
]);

/** The WorkRequest statuses those facts lead to. */
export const terminalWorkStatuses: ReadonlySet<WorkStatus> = new Set([WorkStatus.SUCCEEDED, WorkStatus.FAILED, WorkStatus.CANCELED]);

/** The process fact cases that end a run (exactly one per run). */
export const terminalRunFactCases: ReadonlySet<string> = new Set<NonNullable<TransformationProcessFact["fact"]["case"]>>([
  "runCompleted",
  "runFailed",
  "runCancelled",
]);

/** The WorkRequest status a work fact leaves it in, as far as terminal facts tell (else REQUESTED). */
export function workStatusAfter(fact: TransformationWorkDomainFact | undefined): WorkStatus {
  switch (fact?.fact.case) {
    case "workCompleted":
      return WorkStatus.SUCCEEDED;
    case "workFailed":
      return WorkStatus.FAILED;
    case "workCanceled":
      return WorkStatus.CANCELED;
    default:
      return WorkStatus.REQUESTED;
  }
}

/** True for a work fact that ends its WorkRequest. */
export function isTerminalWorkFact(fact: TransformationWorkDomainFact): boolean {
  return terminalWorkFactCases.has(fact.fact.case ?? "");
}

/** True for a process fact that ends its run. */
export function isTerminalRunFact(fact: TransformationProcessFact): boolean {
  return terminalRunFactCases.has(fact.fact.case ?? "");
}
