import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { StartRunRequestSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { testIssuer, uniqueName } from "@ameide/testkit";
import { type PlatformHarness, startPlatform } from "./fixtures/platform-harness.js";

// The web console in a real browser (Debian's chromium through playwright-core): a person takes
// runs through their gates, reads why one failed, and does it all from the keyboard too.

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const screenshots = join(import.meta.dirname, "../../../test-results/console");
let p: PlatformHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  p = await startPlatform("console");
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await p?.close();
});
afterEach(async (context) => {
  // Kept as a CI artefact when a step fails.
  if (context.task.result?.state === "fail" && page !== undefined) {
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `${context.task.name.replace(/\W+/g, "-")}.png`), fullPage: true });
  }
});

async function startRun(title: string, requireReleaseApproval = false) {
  const scope = { tenantId: p.tenantId, organizationId: "org", repositoryId: "service" };
  const key = uniqueName("console");
  const { processInstanceId } = await p.api.startRun(
    create(StartRunRequestSchema, {
      context: { scope, correlationId: key },
      idempotencyKey: key,
      input: {
        scope,
        initiativeId: "console",
        title,
        request: "Add a change log entry",
        checkout: { repoUrl: p.repos.service.url, commitSha: p.repos.service.commitSha },
        policy: { maxVerifyRounds: 2, requireReleaseApproval, environments: ["staging"], verificationSuiteRef: "one-round" },
      },
    }),
  );
  return processInstanceId;
}

async function openConsole(roles: string[], card = "") {
  const token = await (await testIssuer()).mint({ subject: "pat@example.com", tenant: p.tenantId, roles, ttlSeconds: 3600 });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const query = new URLSearchParams({ organization: "org", repository: "service", initiative: "console", all: "1", ...(card ? { card } : {}) });
  await page.goto(`${p.projection.url}/console/?${query.toString()}#token=${token}`);
  return page;
}

const card = (id: string) => page.locator(`[data-card-id="${id}"]`);

describe("the console in Chromium", () => {
  test("a person approves a run in the console and watches it move to done; the run panel shows its timeline and evidence", async () => {
    const id = await startRun("Approve me");
    await openConsole(["viewer", "operator", "approver"]);
    await expect.poll(() => card(id).getAttribute("class"), { timeout: 60_000 }).toContain("state-awaiting");
    expect(await page.locator(`section[data-column="awaiting_approval"] [data-card-id="${id}"]`).count()).toBe(1);
    await card(id).click();
    await page.locator("#run textarea[name=comment]").fill("looks right");
    await page.locator('#run button[data-action="approve"]').click();
    // Live: the card leaves awaiting approval and reaches done without a reload.
    await expect.poll(() => page.locator(`section[data-column="done"] [data-card-id="${id}"]`).count(), { timeout: 120_000 }).toBe(1);
    await expect.poll(() => card(id).getAttribute("class"), { timeout: 30_000 }).toContain("state-completed");
    await card(id).click();
    await expect.poll(() => page.locator("#run .timeline li").count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const timeline = await page.locator("#run .timeline").innerText();
    expect(timeline).toContain("GateDecisionRecorded");
    expect(timeline).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);
    // Evidence is served over HTTP within the viewer's tenant: a bundle lists its items, an item reads as text.
    await page.locator("#run .work-items .evidence").first().click();
    await expect.poll(() => page.locator("#evidence li").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.locator("#evidence .evidence").first().click();
    await expect.poll(() => page.locator("#evidence pre").count(), { timeout: 10_000 }).toBe(1);
    // The same evidence is refused without a token and absent for another tenant.
    const ref = (await page.locator("#run .work-items .evidence").first().getAttribute("data-evidence")) ?? "";
    expect((await fetch(`${p.projection.url}/evidence/${ref}?card=${id}`)).status).toBe(401);
    const stranger = await (await testIssuer()).mint({ subject: "eve", tenant: uniqueName("other"), roles: ["viewer"] });
    expect((await fetch(`${p.projection.url}/evidence/${ref}?card=${id}`, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(404);
    // Served only through a card of the caller's tenant that names it.
    const owner = await (await testIssuer()).mint({ subject: "ann", tenant: p.tenantId, roles: ["viewer"] });
    const asOwner = (query: string) => fetch(`${p.projection.url}/evidence/${ref}${query}`, { headers: { authorization: `Bearer ${owner}` } });
    expect((await asOwner(`?card=${id}`)).status).toBe(200);
    expect((await asOwner("")).status).toBe(400);
    expect((await asOwner("?card=r2r-not-this-one")).status).toBe(404);
    expect(await page.locator("#announce").innerText()).toMatch(/Board updated/);
  }, 180_000);

  test("rejecting with a comment and cancelling with a reason each end the run with its own look and reason", async () => {
    const rejected = await startRun("Reject me");
    const cancelled = await startRun("Cancel me", true);
    await openConsole(["viewer", "operator", "approver"]);
    await expect.poll(() => card(rejected).getAttribute("class"), { timeout: 60_000 }).toContain("state-awaiting");
    await card(rejected).click();
    await page.locator("#run textarea[name=comment]").fill("not this quarter");
    await page.locator('#run button[data-action="reject"]').click();
    await expect.poll(() => card(rejected).getAttribute("class"), { timeout: 60_000 }).toContain("state-rejected");
    expect(await card(rejected).innerText()).toContain("approval rejected: not this quarter");

    await expect.poll(() => card(cancelled).getAttribute("class"), { timeout: 60_000 }).toContain("state-awaiting");
    await card(cancelled).click();
    await page.locator("#run input[name=reason]").fill("superseded by another change");
    // Approved elsewhere while the person types: the panel redraws as the run moves on to the
    // release gate, keeping the reason typed for the cancel.
    const scope = { tenantId: p.tenantId, organizationId: "org", repositoryId: "service" };
    await p.api.decideGate({
      context: { scope },
      idempotencyKey: uniqueName("approve"),
      processInstanceId: cancelled,
      gateRef: "approval-1",
      decision: GateDecision.APPROVED,
    });
    await expect.poll(() => page.locator("#run fieldset.decide legend").innerText(), { timeout: 60_000 }).toContain("release-1");
    expect(await page.locator("#run input[name=reason]").inputValue()).toBe("superseded by another change");
    await page.locator('#run button[data-action="cancel"]').click();
    await expect.poll(() => card(cancelled).getAttribute("class"), { timeout: 60_000 }).toContain("state-cancelled");
    expect(await card(cancelled).innerText()).toContain("superseded by another change");
  }, 180_000);

  test("a viewer sees the actions disabled with the reason; the keyboard reaches and opens cards", async () => {
    const id = await startRun("Keyboard");
    await openConsole(["viewer"]);
    await expect.poll(() => card(id).getAttribute("class"), { timeout: 60_000 }).toContain("state-awaiting");
    // Tab from the top of the page until the card has focus, then open it with Enter.
    const focused = () => page.evaluate("document.activeElement?.getAttribute('data-card-id') ?? ''");
    for (let i = 0; i < 40 && (await focused()) !== id; i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe(id);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('#run button[data-action="approve"]').count()).toBe(1);
    expect(await page.locator('#run button[data-action="approve"]').isDisabled()).toBe(true);
    expect(await page.locator("#run").innerText()).toContain("Deciding needs the approver role.");
    // A narrow screen shows every column, one under another.
    await page.setViewportSize({ width: 390, height: 800 });
    const rightmost = await page.evaluate<number>("Math.max(...[...document.querySelectorAll('.column')].map((c) => c.getBoundingClientRect().right))");
    expect(rightmost).toBeLessThanOrEqual(390);
  }, 180_000);
});
