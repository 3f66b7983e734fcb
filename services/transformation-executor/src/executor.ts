import { consumeOne, startQueueConsumer } from "@ameide/eventing/queue-consumer";
import type { Logger } from "@ameide/service-kit";
import { createDomainClient } from "./domain-client.js";
import { createFileEvidenceStore } from "./evidence/evidence-store.js";
import type { ExecutorConfig } from "./executor-config.js";
import { handlerFor } from "./handler-for.js";
import { executorScrubber } from "./sandbox/executor-secrets.js";
import { bwrapUnavailable } from "./sandbox/sandbox.js";
import { type RunnerDeps, runIntent } from "./work-runner.js";

/** Exit codes of job mode (the KEDA ScaledJob contract). */
export const jobExitCodes = {
  /** One intent was handled and its outcome recorded (success or failure of the work alike). */
  handled: 0,
  /** The Domain or Kafka could not be reached; the intent stays uncommitted and is redelivered. */
  infrastructure: 1,
  /** No intent arrived within the idle timeout. */
  idle: 3,
} as const;

/** The runner's dependencies for a class configuration. */
export function runnerDeps(config: ExecutorConfig, logger: Logger): RunnerDeps {
  return {
    config,
    domain: createDomainClient(config.domainUrl, config.serviceToken),
    evidence: createFileEvidenceStore(config.evidenceUrl),
    handlerFor,
    logger,
    scrubber: executorScrubber(config),
  };
}

/** Refuses to run repository code without the configured sandbox. */
export function assertSandbox(config: ExecutorConfig): void {
  if (config.sandbox !== "bwrap") return;
  const problem = bwrapUnavailable();
  if (problem !== undefined) {
    throw new Error(
      `executor ${config.queueRef} cannot sandbox repository commands: ${problem}; or set EXECUTOR_SANDBOX=pod where the pod itself is the sandbox`,
    );
  }
}

/** Pool mode: a long-running consumer of the class's queue with bounded concurrency. */
export async function startExecutorPool(config: ExecutorConfig, logger: Logger): Promise<{ stop(): Promise<void> }> {
  assertSandbox(config);
  const deps = runnerDeps(config, logger);
  const consumer = await startQueueConsumer(
    { brokers: config.kafkaBrokers, topic: config.topic, groupId: config.groupId, concurrency: config.concurrency, clientId: config.executorId, log: logger },
    async (intent) => {
      await runIntent(intent, deps);
    },
  );
  logger.info("executor pool running", { queue_ref: config.queueRef, topic: config.topic, concurrency: config.concurrency });
  return consumer;
}

/** Job mode: takes one intent, runs it, records the outcome, commits, and says how it went. */
export async function runExecutorJob(config: ExecutorConfig, logger: Logger, idleTimeoutMs = 30_000): Promise<number> {
  assertSandbox(config);
  const deps = runnerDeps(config, logger);
  try {
    const taken = await consumeOne(
      { brokers: config.kafkaBrokers, topic: config.topic, groupId: config.groupId, clientId: config.executorId, idleTimeoutMs, log: logger },
      async (intent) => {
        const outcome = await runIntent(intent, deps);
        logger.info("job handled an intent", { outcome, message_id: intent.meta?.messageId });
      },
    );
    return taken === "handled" ? jobExitCodes.handled : jobExitCodes.idle;
  } catch (error) {
    logger.error("job could not finish; the intent will be redelivered", { error });
    return jobExitCodes.infrastructure;
  }
}
