// The light part of the platform package (git and files only, no service code): what the CLI's
// `up` and `run start --sample` need without loading every service.
export { localExecutorSetup, localStateDir, sampleRepo, type LocalExecutorSetup } from "./local-setup.js";
export { codexStandIn, createDemoRepos, demoEvidenceDir, gitOutput, seedBareRepo, type DemoRepos } from "./sample-repos.js";
export { localIssuerDir } from "./platform-auth.js";
export { platformConsoleUrl, type ConsoleLinkScope } from "./console-link.js";
