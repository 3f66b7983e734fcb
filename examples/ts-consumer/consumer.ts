// A TypeScript program that uses @ameide/proto and @ameide/contracts as published packages (their
// JavaScript and type declarations, no workspace sources): it builds a work fact, encodes it for
// its topic, decodes it back and names its CloudEvents type.
import { create } from "@bufbuild/protobuf";
import { decodeFromTopic, encodeForTopic, eventTypeOf, topicBinding } from "@ameide/contracts";
import { transformationRunWorkflow } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_temporal";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";

const topic = "transformation.work.domain.facts.v1";
const fact = create(TransformationWorkDomainFactSchema, {
  meta: { messageId: "work/acme/w-1/3", scope: { tenantId: "acme", repositoryId: "payments" } },
  aggregate: { type: "WorkRequest", id: "w-1", version: 3n },
  fact: { case: "workCompleted", value: { workRequestId: "w-1", outcome: { summary: "ok" } } },
});
const decoded = decodeFromTopic(topic, encodeForTopic(topic, fact));
declare const console: { log(line: string): void };
const result = {
  topic: topicBinding(topic).name,
  variant: decoded.fact.case,
  ceType: eventTypeOf(TransformationWorkDomainFactSchema, decoded),
  workflowType: transformationRunWorkflow.workflowType,
};
console.log(JSON.stringify(result));
if (result.ceType !== "ameide_core_proto.transformation.work.v1.WorkCompleted" || result.variant !== "workCompleted") {
  throw new Error(`unexpected decoding: ${JSON.stringify(result)}`);
}
