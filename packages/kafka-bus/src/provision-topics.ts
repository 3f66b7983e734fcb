import type { BusAdmin, TopicSpec } from "./bus.js";

/** A setting provisioning changed on an existing topic. */
export interface SettingChange {
  readonly topic: string;
  readonly setting: string;
  readonly from: string;
  readonly to: string;
}

/** What provisioning did (or, on a dry run, would do). */
export interface ProvisionReport {
  readonly created: string[];
  readonly changed: SettingChange[];
  /** Existing topics whose settings already held. */
  readonly unchanged: string[];
  /** Existing topics with another partition count than asked: kept as they are. */
  readonly partitionsKept: Array<{ readonly topic: string; readonly partitions: number; readonly asked: number }>;
}

/**
 * Makes the cluster hold these topics: creates the missing ones with their partitions, replicas
 * and settings, and sets the settings of existing ones where they differ. Settings a spec does not
 * name are left as they are, and so are an existing topic's partitions and replicas (more
 * partitions would move keys to other partitions and break their order).
 */
export async function provisionTopics(admin: BusAdmin, topics: readonly TopicSpec[], options: { readonly dryRun?: boolean } = {}): Promise<ProvisionReport> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  const present = topics.filter((t) => existing.has(t.name));
  const keys = [...new Set(present.flatMap((t) => Object.keys(t.settings ?? {})))];
  const current = await admin.topicSettings(
    present.map((t) => t.name),
    keys,
  );
  const changed: SettingChange[] = [];
  const unchanged: string[] = [];
  const partitionsKept: ProvisionReport["partitionsKept"] = [];
  const toSet = new Map<string, Record<string, string>>();
  const partitionCounts = await Promise.all(present.map(async (t) => (await admin.endOffsets(t.name)).length));
  for (const [i, topic] of present.entries()) {
    const partitions = partitionCounts[i]!;
    if (partitions !== topic.partitions) partitionsKept.push({ topic: topic.name, partitions, asked: topic.partitions });
    const have = current.get(topic.name) ?? {};
    const differing = Object.entries(topic.settings ?? {}).filter(([setting, value]) => have[setting] !== value);
    if (differing.length === 0) unchanged.push(topic.name);
    else toSet.set(topic.name, Object.fromEntries(differing));
    for (const [setting, to] of differing) changed.push({ topic: topic.name, setting, from: have[setting] ?? "", to });
  }
  if (options.dryRun !== true) {
    await admin.createTopics(missing);
    for (const [name, settings] of toSet) await admin.setTopicSettings(name, settings);
  }
  return { created: missing.map((t) => t.name), changed, unchanged, partitionsKept };
}
