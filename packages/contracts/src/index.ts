export {
  decodeFromTopic,
  encodeForTopic,
  executorClasses,
  queueRetentionMs,
  queueTopicForRef,
  registryTopics,
  topicBinding,
  topicBindings,
  topicSettings,
  type FactTopicName,
  type QueueRef,
  type QueueTopicName,
  type TopicBinding,
  type TopicMessage,
  type TopicName,
} from "./topics.js";
export {
  createEventMeta,
  eventMetaFromCommand,
  partitionKey,
  schemaVersionV1,
  type EventMetaInit,
} from "./envelope.js";
export { dataschemaOf, eventTypeOf, fromCloudEvent, toCloudEvent, type CloudEventAttributes } from "./cloud-event.js";
export {
  checkAggregators,
  checkCommandIdempotency,
  checkFileNames,
  checkGoPackages,
  expectedGoPackage,
  goModule,
  checkPackageNames,
  checkTopics,
  formatViolations,
  messagesByName,
  type BindingFacts,
  type Violation,
} from "./conformance.js";
export { isTerminalRunFact, isTerminalWorkFact, terminalRunFactCases, terminalWorkFactCases, terminalWorkStatuses } from "./terminal.js";
