// Vitest global setup of the workflow tier: only the Temporal CLI is needed (each spec file runs
// its own in-memory dev server through TestWorkflowEnvironment); no Postgres, Kafka or executors.
import type { TestProject } from "vitest/node";
import { loadStackConfig, printProgress, temporalCliPath, temporalEngine } from "@ameide/stack";

declare module "vitest" {
  export interface ProvidedContext {
    temporalCli: string;
  }
}

/** Provisions the Temporal CLI (cached) and provides its path as `inject("temporalCli")`. */
export default async function setup(project: TestProject): Promise<void> {
  const config = loadStackConfig();
  await temporalEngine(
    config,
    printProgress((line) => console.log(`[workflow] ${line}`)),
  ).provision();
  project.provide("temporalCli", temporalCliPath(config));
}
