// The workflow bundle's entry (workflowsPath): workflow functions only.
export { transformationRun } from "./run-workflow.js";
