import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages export their TypeScript sources under this condition and compiled
// JavaScript by default: tests run the sources, so they never wait for a build.
const conditions = ["@ameide/source", ...defaultServerConditions];

// Test tiers by file suffix: *.unit.spec.ts (in-process), *.workflow.spec.ts (workflows on a
// Temporal dev server of their own with mocked activities), *.int.spec.ts (real Postgres, Kafka,
// Temporal from the local stack), *.e2e.spec.ts (the whole platform), *.fault.spec.ts (the platform under
// injected faults: run alone, since it restarts the shared engines). *.spec-d.ts files are
// type-level tests, compiled by tsc as part of the unit tier.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{packages,services,apps}/*/test/**/*.unit.spec.ts"],
          typecheck: {
            enabled: true,
            include: ["{packages,services,apps}/*/test/**/*.spec-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        extends: true,
        test: {
          name: "workflow",
          include: ["services/*/test/**/*.workflow.spec.ts"],
          globalSetup: ["packages/testkit/src/workflow-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["{packages,services,apps}/*/test/**/*.int.spec.ts"],
          globalSetup: ["packages/testkit/src/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["{packages,services,apps}/*/test/**/*.e2e.spec.ts"],
          globalSetup: ["packages/testkit/src/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Restarts the shared engines: runs alone, after the other tiers (scripts/test.sh).
        extends: true,
        test: {
          name: "fault",
          include: ["{packages,services,apps}/*/test/**/*.fault.spec.ts"],
          globalSetup: ["packages/testkit/src/global-setup.ts"],
          testTimeout: 900_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
