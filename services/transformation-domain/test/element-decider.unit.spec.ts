import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { ScopeSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import { type Element, ElementStatus } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import { ElementDraftedSchema, ElementPublishedSchema } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_facts_pb";
import {
  DraftElementRequestSchema,
  PublishElementRequestSchema,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import { decideElement, type ElementCommand, type ElementFact, evolveElement } from "../src/knowledge/element-decider.js";
import { deciderSpec } from "./fixtures/decider-spec.js";

const now = timestampFromDate(new Date("2026-01-01T00:00:00Z"));
const scope = create(ScopeSchema, { tenantId: "t1", repositoryId: "r1" });
const context = { scope, correlationId: "run-1" };

// Commands.
const draft = (content = "# Plan v1", title = "Plan") =>
  create(DraftElementRequestSchema, {
    context,
    idempotencyKey: `d-${content}`,
    elementId: "el-1",
    elementKind: "plan",
    title,
    content,
    initiativeId: "init-1",
    draftedByProcessInstanceId: "run-1",
  });
const publish = (version = 1) => create(PublishElementRequestSchema, { context, idempotencyKey: `p-${version}`, elementId: "el-1", version });

// Facts, as the Domain stored them; the content digest stands for the SHA-256 the adapter computes.
const elementDrafted = (version: number, content = `# Plan v${version}`, title = "Plan"): ElementFact => ({
  case: "elementDrafted",
  value: create(ElementDraftedSchema, {
    elementId: "el-1",
    elementKind: "plan",
    title,
    initiativeId: "init-1",
    elementVersion: {
      version,
      status: ElementStatus.DRAFT,
      content,
      contentSha256: `sha-of:${content}`,
      mediaType: "text/markdown",
      createdAt: now,
      draftedByProcessInstanceId: "run-1",
    },
  }),
});
const elementPublished = (version: number): ElementFact => ({
  case: "elementPublished",
  value: create(ElementPublishedSchema, { elementId: "el-1", publishedVersion: version, contentSha256: `sha-of:# Plan v${version}` }),
});

/** given(facts).when(command).then(fact cases) / .thenThrows(reason, text) */
const given = deciderSpec<ElementCommand, Element, ElementFact>({
  evolve: (state, fact) => evolveElement(state, fact, scope),
  // The adapter hashes the content; the spec's digest stands for that.
  decide: (command, state) => decideElement(command, state, { now, contentSha256: `sha-of:${"content" in command ? command.content : ""}` }),
});

describe("DraftElement", () => {
  test("a new element is drafted at version 1, in the caller's scope and initiative", () => {
    const [fact] = given().when(draft()).then(["elementDrafted"]);
    const drafted = fact?.case === "elementDrafted" ? fact.value : undefined;
    expect(drafted).toMatchObject({ elementId: "el-1", elementKind: "plan", title: "Plan", initiativeId: "init-1" });
    expect(drafted?.elementVersion).toMatchObject({ version: 1, status: ElementStatus.DRAFT, contentSha256: "sha-of:# Plan v1", mediaType: "text/markdown" });
  });
  test("new content is a new version; the kind and initiative stay the element's", () => {
    const [fact] = given(elementDrafted(1)).when(draft("# Plan v2")).then(["elementDrafted"]);
    expect(fact?.case === "elementDrafted" ? fact.value.elementVersion?.version : 0).toBe(2);
  });
  test("drafting exactly the latest content again is a retry: nothing happens", () => {
    given(elementDrafted(1)).when(draft("# Plan v1")).then([]);
  });
  test("the same content under a new title is a new version", () => {
    given(elementDrafted(1)).when(draft("# Plan v1", "Better plan")).then(["elementDrafted"]);
  });
  test("an element of another kind under the same id is refused", () => {
    given(elementDrafted(1))
      .when(create(DraftElementRequestSchema, { ...draft("# other"), elementKind: "adr" }))
      .thenThrows("failed_precondition", 'is a "plan", not a "adr"');
  });
});

describe("PublishElement", () => {
  test("an element that does not exist cannot be published", () => {
    given().when(publish(1)).thenThrows("not_found", 'element_id "el-1" does not exist');
  });
  test("a version that does not exist cannot be published", () => {
    given(elementDrafted(1)).when(publish(2)).thenThrows("failed_precondition", "has no version 2; the latest is 1");
  });
  test("publishes a drafted version with its content digest; publishing it again changes nothing", () => {
    const [fact] = given(elementDrafted(1)).when(publish(1)).then(["elementPublished"]);
    expect(fact?.case === "elementPublished" ? fact.value : undefined).toMatchObject({ publishedVersion: 1, contentSha256: "sha-of:# Plan v1" });
    given(elementDrafted(1), elementPublished(1)).when(publish(1)).then([]);
  });
});

describe("evolve", () => {
  test("each fact advances the aggregate version by one; the status follows the latest version", () => {
    const published = given(elementDrafted(1), elementPublished(1)).state;
    expect(published).toMatchObject({ version: 2n, latestVersion: 1, status: ElementStatus.PUBLISHED, scope: { tenantId: "t1" } });
    const redrafted = given(elementDrafted(1), elementPublished(1), elementDrafted(2)).state;
    expect(redrafted).toMatchObject({ version: 3n, latestVersion: 2, status: ElementStatus.DRAFT });
    expect(redrafted?.versions.map((v) => v.status)).toEqual([ElementStatus.PUBLISHED, ElementStatus.DRAFT]);
  });
});
