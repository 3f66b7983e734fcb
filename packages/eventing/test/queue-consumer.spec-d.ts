import { describe, expectTypeOf, test } from "vitest";
import type { WorkExecutionRequested } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_intents_pb";
import type * as queueConsumer from "../src/queue-consumer.js";
import { startQueueConsumer } from "../src/queue-consumer.js";

describe("the queue consumer module (all an executor may import)", () => {
  test("a consumer can only be built for a queue topic, and hands out intents", () => {
    void startQueueConsumer({ brokers: "", topic: "transformation.work.queue.toolrun.verify.v1" }, (message) => {
      expectTypeOf(message).toEqualTypeOf<WorkExecutionRequested>();
      return Promise.resolve();
    });
    // @ts-expect-error a facts topic is not an execution queue
    void startQueueConsumer({ brokers: "", topic: "transformation.work.domain.facts.v1" }, () => Promise.resolve());
    // @ts-expect-error nor is the process facts topic
    void startQueueConsumer({ brokers: "", topic: "transformation.process.facts.v1" }, () => Promise.resolve());
  });

  test("it exports no way to produce", () => {
    expectTypeOf<keyof typeof queueConsumer>().toEqualTypeOf<"startQueueConsumer" | "consumeOne">();
  });
});
