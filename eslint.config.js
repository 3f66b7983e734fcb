import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["gen/**", "node_modules/**", "**/dist/**", "coverage/**"] },
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
    // Workflow code runs in Temporal's deterministic sandbox and knows nothing of infrastructure.
    files: ["services/*/src/workflows/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "os", "child_process", "crypto", "http", "http2", "net", "timers", "url", "util"], message: "workflows must not use Node builtins (non-deterministic, not in the sandbox)" },
            { group: ["kafkajs", "@platformatic/kafka", "@ameide/kafka-bus", "pg", "kysely", "@ameide/eventing", "@ameide/eventing/*", "@ameide/contracts", "@ameide/stack", "@connectrpc/*", "@temporalio/client", "@temporalio/worker"], message: "workflows contain no infrastructure: side effects go through activities" },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
