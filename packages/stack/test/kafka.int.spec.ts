import { create } from "@bufbuild/protobuf";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, describe, expect, test } from "vitest";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { createEventMeta, decodeFromTopic, encodeForTopic, partitionKey, topicBindings } from "@ameide/contracts";
import { testStack, uniqueName } from "@ameide/testkit";

const kafka = new Kafka({ clientId: "stack-kafka-spec", brokers: testStack().kafkaBrokers.split(","), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
afterAll(() => admin.disconnect());

describe("Kafka from the local stack", () => {
  test("every topic of the typed registry exists", async () => {
    await admin.connect();
    const topics = await admin.listTopics();
    for (const binding of topicBindings) expect(topics).toContain(binding.name);
  });

  test("a generated fact goes through the typed registry and comes back equal", async () => {
    const topic = "transformation.work.domain.facts.v1";
    const workRequestId = uniqueName("wr");
    const fact = create(TransformationWorkDomainFactSchema, {
      meta: createEventMeta({
        messageId: uniqueName("msg"),
        occurredAt: new Date("2026-01-02T03:04:05Z"),
        producer: "stack-kafka-spec",
        scope: { tenantId: "tenant-a", organizationId: "org-1", repositoryId: "repo-1" },
        correlationId: "corr-1",
      }),
      aggregate: { type: "WorkRequest", id: workRequestId, version: 2n },
      fact: { case: "workStarted", value: { workRequestId, attempt: 1, executorId: "exec-1" } },
    });

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: partitionKey("tenant-a", workRequestId), value: Buffer.from(encodeForTopic(topic, fact)) }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName("stack-kafka-spec") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<ReturnType<typeof decodeFromTopic<typeof topic>>>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          const decoded = decodeFromTopic(topic, message.value ?? new Uint8Array());
          if (decoded.aggregate?.id === workRequestId) resolve(decoded);
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();

    expect(received).toEqual(fact);
    expect(received.fact.case).toBe("workStarted");
    expect(received.aggregate?.version).toBe(2n);
    expect(WorkStatus[WorkStatus.STARTED]).toBe("STARTED");
  });
});
