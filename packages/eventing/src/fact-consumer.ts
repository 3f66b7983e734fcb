import type { FactTopicName } from "@ameide/contracts";
import {
  startTopicBatchConsumer,
  startTopicConsumer,
  type TopicBatchHandler,
  type TopicConsumer,
  type TopicConsumerOptions,
  type TopicHandler,
} from "./topic-consumer.js";

/**
 * Consumes a fact topic with the caller's group until stopped. At-least-once: fact consumers dedupe
 * by message_id, so offsets are committed periodically unless `commit: "message"` is asked for.
 */
export function startFactConsumer<N extends FactTopicName>(
  options: TopicConsumerOptions<N> & { groupId: string },
  handle: TopicHandler<N>,
): Promise<TopicConsumer> {
  return startTopicConsumer({ commit: "periodic", ...options }, handle);
}

/** As startFactConsumer, a partition's waiting facts handed over together (see startTopicBatchConsumer). */
export function startFactBatchConsumer<N extends FactTopicName>(
  options: TopicConsumerOptions<N> & { groupId: string; maxBatchRecords?: number },
  handle: TopicBatchHandler<N>,
): Promise<TopicConsumer> {
  return startTopicBatchConsumer({ commit: "periodic", ...options }, handle);
}
