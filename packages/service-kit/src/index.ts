export { createLogger, type LogLevel, type Logger, type LoggerOptions } from "./logger.js";
export { startConnectServer, type ConnectServer, type ConnectServerOptions, type Endpoint, type EndpointReply, type ServiceAuth } from "./connect-server.js";
export { createValidationInterceptor } from "./validation-interceptor.js";
export { createLoggingInterceptor } from "./logging-interceptor.js";
export { resolveServiceEnv, type ServiceEnv } from "./service-env.js";
export { runUntilSignal } from "./run-until-signal.js";
export type { StaticFiles } from "./static-files.js";
export { createPgPool } from "./pg-pool.js";
export { callerOf, createAuthInterceptor, principalKey } from "./auth-interceptor.js";
