import { builtinModules } from "node:module";
import tseslint from "typescript-eslint";

// Import fences: which layer may import what. Packages are libraries below the services; the
// services never import each other or the apps; the apps (CLI, platform) compose everything.
const services = ["@ameide/transformation-*"];
const nodeBuiltins = builtinModules.map((name) => ({ name, message: "workflows must not use Node builtins (non-deterministic, not in the sandbox)" }));
const apps = ["@ameide/cli", "@ameide/platform", "@ameide/platform/*"];

export default tseslint.config(
  // examples/ are other teams' programs, built against the packed packages by scripts/polyglot.sh.
  { ignores: ["gen/**", "node_modules/**", "**/dist/**", "coverage/**", "examples/**"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["packages/*/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: [...services, ...apps, "**/services/**", "**/apps/**"], message: "packages are libraries: they import no service and no app" }] },
      ],
    },
  },
  {
    files: ["services/*/src/**/*.ts"],
    ignores: ["services/*/src/workflows/**", "services/transformation-executor/src/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: [...services, ...apps], message: "a service imports no other service and no app (talk over the contracts instead)" }] },
      ],
    },
  },
  {
    // Executors never publish: the only messaging module they may use is the queue consumer, which
    // exposes no producer. Facts come from the Domain after it persisted the outcome.
    files: ["services/transformation-executor/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@ameide/eventing", message: "executors use @ameide/eventing/queue-consumer only" }],
          patterns: [
            {
              group: ["kafkajs", "@platformatic/kafka", "@ameide/kafka-bus", "@ameide/eventing/*", "!@ameide/eventing/queue-consumer", "**/outbox*"],
              message: "executors cannot publish: no Kafka client, producer or outbox",
            },
            { group: [...services, ...apps], message: "a service imports no other service and no app" },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and knows nothing of infrastructure.
    files: ["services/*/src/workflows/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...nodeBuiltins,
            { name: "@ameide/contracts", message: "workflows contain no infrastructure: only @ameide/contracts/terminal is workflow-safe" },
          ],
          patterns: [
            { group: ["node:*"], message: "workflows must not use Node builtins (non-deterministic, not in the sandbox)" },
            {
              group: [
                "kafkajs",
                "@platformatic/kafka",
                "@ameide/kafka-bus",
                "pg",
                "kysely",
                "@ameide/eventing",
                "@ameide/eventing/*",
                "@ameide/contracts/*",
                "!@ameide/contracts/terminal",
                "@ameide/stack",
                "@connectrpc/*",
                "@temporalio/client",
                "@temporalio/worker",
              ],
              message: "workflows contain no infrastructure: side effects go through activities",
            },
            { group: [...services, ...apps], message: "a service imports no other service and no app" },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "Literal[value=/\\.(domain|process)\\.facts\\.v\\d|\\.queue\\.|toolrun\\.|agentwork\\.|sha256:[0-9a-f]/]",
          message: "workflows name no topic, queue or image: the Domain routes work to its queue",
        },
        {
          selector: "TemplateElement[value.raw=/\\.(domain|process)\\.facts\\.v\\d|\\.queue\\.|toolrun\\.|agentwork\\.|sha256:[0-9a-f]/]",
          message: "workflows name no topic, queue or image: the Domain routes work to its queue",
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
