export { createStackController, type StackController, type StackInfo, type StackTimings } from "./controller.js";
export { loadStackConfig, type StackConfig } from "./config.js";
export type { EngineName, EngineStatus } from "./engine.js";
export { StackError } from "./errors.js";
export { ensureTopics } from "./topics.js";
export { kafkaEngine } from "./kafka.js";
export type { Engine } from "./engine.js";
export { printProgress, silentProgress, type Progress } from "./progress.js";
export { temporalBinVersion } from "./temporal-cli.js";
