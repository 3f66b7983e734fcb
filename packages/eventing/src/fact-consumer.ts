import type { FactTopicName } from "@ameide/contracts";
import { startTopicConsumer, type TopicConsumer, type TopicConsumerOptions, type TopicHandler } from "./topic-consumer.js";

/** Consumes a fact topic with the caller's group until stopped (at-least-once; dedupe by message_id). */
export function startFactConsumer<N extends FactTopicName>(options: TopicConsumerOptions<N> & { groupId: string }, handle: TopicHandler<N>): Promise<TopicConsumer> {
  return startTopicConsumer(options, handle);
}
