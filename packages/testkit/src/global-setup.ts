// Vitest global setup of the int and e2e tiers: brings the local stack up (provisioning it on a
// fresh machine) and hands its addresses to every spec file. The stack stays up for the next run.
import type { TestProject } from "vitest/node";
import { createStackController, loadStackConfig, printProgress, type StackInfo } from "@ameide/stack";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** Starts (or reuses) the stack and provides its addresses as `inject("stack")`. */
export default async function setup(project: TestProject): Promise<void> {
  // A fresh machine provisions here (downloads, first starts): say what is going on meanwhile.
  // Tests start Postgres in fast mode (no fsync) unless told otherwise; a running stack is reused as it is.
  const config = loadStackConfig({ ...process.env, AMEIDE_PG_DURABILITY: process.env.AMEIDE_PG_DURABILITY || "fast" });
  const { info, timings } = await createStackController(
    config,
    printProgress((line) => console.log(`[stack] ${line}`)),
  ).up();
  const total = Object.entries(timings)
    .map(([k, v]) => `${k}=${v}ms`)
    .join(" ");
  console.log(`[stack] up: ${info.databaseUrl} ${info.kafkaBrokers} ${info.temporalAddress} (${total})`);
  project.provide("stack", info);
}
