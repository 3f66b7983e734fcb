import { join } from "node:path";
import type { WorkContext } from "../handlers/work-handler.js";
import type { SandboxMode, SandboxPolicy } from "./sandbox.js";

/**
 * The sandbox of a repository's own command: the checkout is the only writable directory (its
 * .git read-only, so no hook or config planted there runs later in the executor), nothing of the
 * executor is visible, the network only when asked for and allowed.
 */
export function repositorySandbox(ctx: WorkContext, repoDir: string, network: boolean): { mode: SandboxMode; policy: SandboxPolicy } {
  return {
    mode: ctx.config.sandbox,
    policy: {
      writable: repoDir,
      readOnlyInside: [join(repoDir, ".git")],
      network,
      limits: { ...ctx.config.sandboxLimits, cpuSeconds: Math.min(ctx.config.sandboxLimits.cpuSeconds, Math.ceil(ctx.timeoutMs / 1000)) },
    },
  };
}
