import { create } from "@bufbuild/protobuf";
import { createKafkaBus } from "@ameide/kafka-bus";
import { afterAll, describe, expect, test } from "vitest";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { createEventMeta, decodeFromTopic, encodeForTopic, partitionKey, queueRetentionMs, registryTopics, topicBindings } from "@ameide/contracts";
import { testStack, uniqueName } from "@ameide/testkit";

const kafka = createKafkaBus({ brokers: testStack().kafkaBrokers, clientId: "stack-kafka-spec" });
const admin = await kafka.admin();
afterAll(() => admin.close());

describe("Kafka from the local stack", () => {
  test("every topic of the typed registry exists", async () => {
    const topics = await admin.listTopics();
    for (const binding of topicBindings) expect(topics).toContain(binding.name);
  });

  test("every topic of the registry has its class's retention: facts kept whole, queues 30 days", async () => {
    const registry = registryTopics(1);
    const settings = await admin.topicSettings(
      registry.map((t) => t.name),
      ["retention.ms", "retention.bytes", "cleanup.policy"],
    );
    for (const topic of registry) expect(settings.get(topic.name), topic.name).toMatchObject(topic.settings);
    expect(settings.get("transformation.work.domain.facts.v1")).toMatchObject({ "retention.ms": "-1", "retention.bytes": "-1", "cleanup.policy": "delete" });
    expect(settings.get("transformation.work.queue.toolrun.verify.v1")?.["retention.ms"]).toBe(String(queueRetentionMs));
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

    const producer = await kafka.producer();
    await producer.send([{ topic, messages: [{ key: partitionKey("tenant-a", workRequestId), value: encodeForTopic(topic, fact), headers: {} }] }]);
    await producer.close();

    let consumer: Awaited<ReturnType<typeof kafka.consume>> | undefined;
    const received = await new Promise<ReturnType<typeof decodeFromTopic<typeof topic>>>((resolve, reject) => {
      kafka
        .consume({ topic, groupId: uniqueName("stack-kafka-spec"), startAt: "earliest", commit: "none" }, (record) => {
          const decoded = decodeFromTopic(topic, record.value);
          if (decoded.aggregate?.id === workRequestId) resolve(decoded);
          return Promise.resolve();
        })
        .then((c) => (consumer = c), reject);
    });
    await consumer?.close();

    expect(received).toEqual(fact);
    expect(received.fact.case).toBe("workStarted");
    expect(received.aggregate?.version).toBe(2n);
    expect(WorkStatus[WorkStatus.STARTED]).toBe("STARTED");
  });
});
