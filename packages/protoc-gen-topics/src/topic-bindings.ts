import { type DescExtension, type DescFile, type DescMessage, getOption, hasOption } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";

/** Full name of the message option that binds a message to Kafka topics. */
export const topicOptionName = "ameide_core_proto.platform.eventing.v1.topic";

/** Plane of a topic, as the registry spells it. */
export type TopicClassName = "spine" | "queue";

/** Meaning of a topic's messages, as the registry spells it. */
export type TopicKindName = "facts" | "intents";

/** One topic binding read from the contracts. */
export interface TopicBindingInfo {
  readonly name: string;
  readonly topicClass: TopicClassName;
  readonly topicKind: TopicKindName;
  readonly queueRef: string;
  readonly consumerGroup: string;
  readonly message: DescMessage;
}

// Enum numbers of ameide_core_proto.platform.eventing.v1.TopicClass / TopicKind.
const topicClassByNumber: Record<number, TopicClassName | undefined> = { 1: "spine", 2: "queue" };
const topicKindByNumber: Record<number, TopicKindName | undefined> = { 1: "facts", 2: "intents" };

interface RawTopicBinding {
  name: string;
  topicClass: number;
  topicKind: number;
  queueRef: string;
  consumerGroup: string;
}

/** Finds the topic option extension among the files of a generation request. */
export function findTopicOption(files: readonly DescFile[]): DescExtension {
  for (const file of files) {
    for (const ext of file.extensions) {
      if (ext.typeName === topicOptionName) {
        return ext;
      }
    }
  }
  throw new Error(`extension ${topicOptionName} not found: import platform_eventing_options.proto`);
}

/** Reads every topic binding of the given files, in file and declaration order. */
export function readTopicBindings(files: readonly DescFile[], option: DescExtension): TopicBindingInfo[] {
  const bindings: TopicBindingInfo[] = [];
  for (const file of files) {
    for (const desc of nestedTypes(file)) {
      if (desc.kind !== "message" || !hasOption(desc, option)) {
        continue;
      }
      // The option's message type comes from the request, not from generated code, so its
      // value is untyped here; RawTopicBinding names the fields of TopicBinding.
      const raw: unknown = getOption(desc, option);
      for (const binding of raw as RawTopicBinding[]) {
        bindings.push(toBindingInfo(binding, desc));
      }
    }
  }
  return bindings;
}

function toBindingInfo(raw: RawTopicBinding, message: DescMessage): TopicBindingInfo {
  const topicClass = topicClassByNumber[raw.topicClass];
  const topicKind = topicKindByNumber[raw.topicKind];
  if (topicClass === undefined || topicKind === undefined) {
    throw new Error(`${message.typeName}: topic "${raw.name}" must set topic_class and topic_kind`);
  }
  return {
    name: raw.name,
    topicClass,
    topicKind,
    queueRef: raw.queueRef,
    consumerGroup: raw.consumerGroup,
    message,
  };
}
