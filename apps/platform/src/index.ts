export { startPlatform, type Platform, type PlatformOptions } from "./start-platform.js";
export { runExecutor, serveAll, serveDomain, serveProcess, serveProjection, serveRelay } from "./serve.js";
export * from "./local.js";
export { describeFact, type RunWatch, watchRuns } from "./run-watch.js";
export { localIssuerDir, localPlatformAuth, resolvePlatformAuth, type PlatformAuth } from "./platform-auth.js";
