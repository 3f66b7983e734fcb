export { protocGenTopics } from "./plugin.js";
export {
  findTopicOption,
  readTopicBindings,
  topicOptionName,
  type TopicBindingInfo,
  type TopicClassName,
  type TopicKindName,
} from "./topic-bindings.js";
