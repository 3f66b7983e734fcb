export { testStack, uniqueName } from "./stack.js";
export { createTestDatabase, type TestDatabase, withClient } from "./database.js";
export { createTestClient, createTestWorker } from "./temporal.js";
export { groupAtTopicEnd, tapTopic, type TappedRecord, type TopicTap } from "./topic-tap.js";
export { createBareRepo, gitIn, type BareRepo } from "./git-repo.js";
export { authedTransport, perTenantTransport, testIssuer, testServiceAuth, testToken } from "./auth.js";
export { freePort } from "./free-port.js";
