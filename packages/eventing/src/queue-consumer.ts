// The only Kafka surface an executor gets: a consumer of one execution queue. It exposes no
// producer and no client, so executor code cannot publish anything, let alone facts.
import type { QueueTopicName } from "@ameide/contracts";
import { consumeOne as consumeOneOf, startTopicConsumer, type TopicConsumer, type TopicConsumerOptions, type TopicHandler } from "./topic-consumer.js";

export type { Delivery } from "./topic-consumer.js";

/** Consumes an execution queue until stopped; offsets are committed only after the handler resolved. */
export function startQueueConsumer<N extends QueueTopicName>(options: TopicConsumerOptions<N>, handle: TopicHandler<N>): Promise<TopicConsumer> {
  return startTopicConsumer(options, handle);
}

/** Job mode: handles exactly one intent of the queue, commits it and disconnects. */
export function consumeOne<N extends QueueTopicName>(
  options: TopicConsumerOptions<N> & { idleTimeoutMs: number },
  handle: TopicHandler<N>,
): Promise<"handled" | "idle"> {
  return consumeOneOf(options, handle);
}
