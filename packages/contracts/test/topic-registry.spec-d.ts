import { create } from "@bufbuild/protobuf";
import { describe, expectTypeOf, test } from "vitest";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { WorkExecutionRequestedSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_intents_pb";
import { TransformationProcessFactSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { encodeForTopic, type FactTopicName, type QueueTopicName, type TopicMessage } from "../src/index.js";

// A queue consumer can only be built for a queue topic; this mirrors the eventing package's
// consumer signature so the registry typing itself is what is under test.
declare function queueConsumer<N extends QueueTopicName>(topic: N): TopicMessage<N>;

const intent = create(WorkExecutionRequestedSchema);
const workFact = create(TransformationWorkDomainFactSchema);
const processFact = create(TransformationProcessFactSchema);

describe("typed topic registry", () => {
  test("fact topics and queue topics are disjoint sets", () => {
    expectTypeOf<Extract<FactTopicName, QueueTopicName>>().toBeNever();
    expectTypeOf<"transformation.work.domain.facts.v1">().toExtend<FactTopicName>();
    expectTypeOf<"transformation.work.queue.toolrun.verify.v1">().toExtend<QueueTopicName>();
  });

  test("each topic carries exactly its bound message", () => {
    expectTypeOf<TopicMessage<"transformation.work.queue.agentwork.coder.v1">>().toEqualTypeOf(intent);
    expectTypeOf<TopicMessage<"transformation.work.domain.facts.v1">>().toEqualTypeOf(workFact);
    expectTypeOf<TopicMessage<"transformation.process.facts.v1">>().toEqualTypeOf(processFact);
  });

  test("producing an execution intent on a facts topic does not compile", () => {
    // @ts-expect-error WorkExecutionRequested is not a TransformationWorkDomainFact
    encodeForTopic("transformation.work.domain.facts.v1", intent);
    // @ts-expect-error WorkExecutionRequested is not a TransformationProcessFact
    encodeForTopic("transformation.process.facts.v1", intent);
  });

  test("producing a fact on a queue topic does not compile", () => {
    // @ts-expect-error a domain fact is not an execution intent
    encodeForTopic("transformation.work.queue.toolrun.verify.v1", workFact);
    // @ts-expect-error a process fact is not an execution intent
    encodeForTopic("transformation.work.queue.agentwork.coder.v1", processFact);
  });

  test("a fact of one context does not go on another context's facts topic", () => {
    // @ts-expect-error a work fact does not belong on the process facts topic
    encodeForTopic("transformation.process.facts.v1", workFact);
  });

  test("a queue consumer cannot be built for a facts topic", () => {
    // @ts-expect-error facts topics are not queues
    queueConsumer("transformation.work.domain.facts.v1");
    expectTypeOf(queueConsumer("transformation.work.queue.toolrun.generate.v1")).toEqualTypeOf(intent);
  });

  test("the correct pairings compile", () => {
    expectTypeOf(encodeForTopic("transformation.work.domain.facts.v1", workFact)).toEqualTypeOf<Uint8Array>();
    expectTypeOf(encodeForTopic("transformation.work.queue.toolrun.publish.v1", intent)).toEqualTypeOf<Uint8Array>();
  });
});
