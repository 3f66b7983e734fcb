import { create } from "@bufbuild/protobuf";
import type { Client } from "@temporalio/client";
import { WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from "@temporalio/common";
import { isTerminalWorkFact } from "@ameide/contracts";
import { startFactConsumer, type TopicConsumer } from "@ameide/eventing";
import {
  RunStateSchema,
  type WorkFactSignal,
  WorkFactSignalSchema,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import type { Logger } from "@ameide/service-kit";
import { processInstancePrefix } from "./process-instance-id.js";
import { processTaskQueue, runWorkflowType, workFactSignal } from "./workflows/definitions.js";
import type { transformationRun } from "./workflows/run-workflow.js";

/** The ingress's consumer group on the work facts topic. */
export const ingressGroupId = "transformation-process.v1.ingress";

/**
 * Routes work outcome facts to the run that requested the work (SignalWithStart; the workflow id
 * is the WorkRequest's `requested_by.process_instance_id`). Facts of work no run requested are
 * skipped; a fact for a run that already ended is dropped (the id is never reused).
 */
export function startFactIngress(options: { brokers: string; temporal: Client; logger: Logger; groupId?: string; taskQueue?: string }): Promise<TopicConsumer> {
  return startFactConsumer(
    { brokers: options.brokers, topic: "transformation.work.domain.facts.v1", groupId: options.groupId ?? ingressGroupId, concurrency: 3, log: options.logger },
    async (fact) => {
      const workflowId = requestingRun(fact);
      if (workflowId === undefined || !isTerminalWorkFact(fact)) return;
      try {
        await options.temporal.workflow.signalWithStart<typeof transformationRun, [WorkFactSignal]>(runWorkflowType, {
          workflowId,
          taskQueue: options.taskQueue ?? processTaskQueue,
          args: [create(RunStateSchema)],
          signal: workFactSignal,
          signalArgs: [create(WorkFactSignalSchema, { fact })],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        options.logger.info("fact for an ended run dropped", { process_instance_id: workflowId, message_id: fact.meta?.messageId });
      }
    },
  );
}

function requestingRun(fact: TransformationWorkDomainFact): string | undefined {
  const value = fact.fact.value as { requestedBy?: { processInstanceId: string }; workRequest?: { requestedBy?: { processInstanceId: string } } } | undefined;
  const id = value?.requestedBy?.processInstanceId ?? value?.workRequest?.requestedBy?.processInstanceId ?? "";
  return id.startsWith(processInstancePrefix) ? id : undefined;
}
