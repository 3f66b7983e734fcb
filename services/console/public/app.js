// The console: the board of the chosen view, kept live by WatchKanbanUpdates; a run panel with its
// timeline, work and evidence; decisions and cancels through the Process API as the signed-in identity.
import { createBoardClient, createProcessClient } from "./board-client.js";
import { cardState, escape, renderBoard, renderEvidence, renderTimeline } from "./render.js";

// The bearer token: from the link's fragment (`ameide console` prints one; a fragment never reaches
// a server), kept for this tab only; or pasted into the sign-in form.
const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromLink) {
  sessionStorage.setItem("ameide.token", fromLink);
  history.replaceState(null, "", location.pathname + location.search);
}
const token = () => sessionStorage.getItem("ameide.token") ?? "";
const claims = (() => {
  try {
    return JSON.parse(atob(token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return {};
  }
})();
const roles = Array.isArray(claims.roles) ? claims.roles : [];

// The view lives in the URL, so a link opens the same board and run.
const params = new URLSearchParams(location.search);
const view = {
  tenant: claims.tenant && claims.tenant !== "*" ? claims.tenant : (params.get("tenant") ?? "local"),
  repository: params.get("repository") ?? "sample-service",
  initiative: params.get("initiative") ?? "default",
  all: params.get("all") === "1",
  card: params.get("card") ?? "",
};
const scope = () => ({ tenantId: view.tenant, organizationId: params.get("organization") ?? "", repositoryId: view.repository, initiativeId: view.initiative });
const commandScope = () => ({ tenantId: view.tenant, organizationId: params.get("organization") ?? "", repositoryId: view.repository });
const client = createBoardClient("", token);
const settings = await fetch("./config.json").then(
  (r) => (r.ok ? r.json() : {}),
  () => ({}),
);
const processApi = createProcessClient(settings.processUrl ?? "", token);

const $ = (id) => document.getElementById(id);
const boardEl = $("board");
const panelEl = $("run");
const statusEl = $("status");
const announceEl = $("announce");
const form = $("view");
form.elements.tenant.value = view.tenant;
form.elements.repository.value = view.repository;
form.elements.initiative.value = view.initiative;
form.elements.all.checked = view.all;
$("who").textContent = claims.sub ? `${claims.sub} (${roles.join(", ") || "no roles"})` : "not signed in";

function writeUrl() {
  const next = new URLSearchParams({
    tenant: view.tenant,
    organization: params.get("organization") ?? "",
    repository: view.repository,
    initiative: view.initiative,
  });
  if (view.all) next.set("all", "1");
  if (view.card) next.set("card", view.card);
  history.replaceState(null, "", `${location.pathname}?${next}`);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  view.repository = form.elements.repository.value.trim();
  view.initiative = form.elements.initiative.value.trim();
  view.all = form.elements.all.checked;
  writeUrl();
  restart();
});
form.elements.all.addEventListener("change", () => form.requestSubmit());

let lastCount = -1;
async function refresh() {
  const board = await client.board(scope(), view.all);
  const cards = (board.columns ?? []).flatMap((c) => c.cards ?? []);
  boardEl.innerHTML = renderBoard(board);
  $("empty").hidden = cards.length > 0;
  $("empty").textContent =
    `No ${view.all ? "" : "open "}runs on ${view.tenant}/${view.repository}, initiative ${view.initiative || "(all)"}.${view.all ? "" : " Finished runs are hidden: tick “show finished”."}`;
  statusEl.textContent = `board_seq ${board.readContext?.boardSeq ?? 0}`;
  if (lastCount !== -1)
    announceEl.textContent = `Board updated: ${cards.length} card${cards.length === 1 ? "" : "s"}${cards.filter((c) => c.awaiting).length ? `, ${cards.filter((c) => c.awaiting).length} awaiting a decision` : ""}.`;
  lastCount = cards.length;
  if (view.card) await openRun(view.card, false);
  return board.readContext?.boardSeq ?? "0";
}

// The run on the panel and the version of it shown, so a board update that leaves the run as it
// was does not redraw the panel (and close its evidence or move the focus).
let shown = { cardId: "", version: "" };

async function openRun(cardId, focus = true) {
  view.card = cardId;
  writeUrl();
  try {
    const timeline = await client.timeline(scope(), cardId);
    // Another card was opened while this one loaded: that one's answer draws the panel.
    if (cardId !== view.card) return;
    const entries = timeline.entries ?? [];
    const version = `${timeline.card?.updatedBoardSeq ?? ""}/${entries.length}/${entries.at(-1)?.messageId ?? ""}`;
    const redraw = !focus && shown.cardId === cardId;
    if (redraw && shown.version === version) return;
    const typed = redraw ? typedInput() : undefined;
    panelEl.innerHTML = `${renderTimeline(timeline, { roles, temporalUiUrl: settings.temporalUiUrl })}<section id="evidence" aria-label="evidence" hidden></section>`;
    if (typed) restoreInput(typed);
    shown = { cardId, version };
    panelEl.dataset.state = cardState(timeline.card ?? {});
    panelEl.hidden = false;
    if (focus) $("run-title")?.focus();
  } catch (error) {
    if (cardId !== view.card) return;
    shown = { cardId: "", version: "" };
    panelEl.hidden = false;
    panelEl.textContent = `Cannot show run ${cardId}: ${error.message}`;
  }
}

/**
 * What the person has typed into the panel's actions, keyed by fieldset and field: a comment belongs
 * to its gate, so it is not carried to the next gate, while a cancel reason is carried as it is.
 */
function typedInput() {
  const fields = actionFields();
  const active = fields.find((field) => field === document.activeElement);
  return {
    values: new Map(fields.map((field) => [fieldKey(field), field.value])),
    focused: active && { key: fieldKey(active), start: active.selectionStart, end: active.selectionEnd },
  };
}

const actionFields = () => [...panelEl.querySelectorAll("fieldset[data-for] [name]")];
const fieldKey = (field) => `${field.closest("fieldset").dataset.for}/${field.name}`;

function restoreInput(typed) {
  for (const field of actionFields()) {
    const key = fieldKey(field);
    if (typed.values.has(key)) field.value = typed.values.get(key);
    if (typed.focused?.key === key) {
      field.focus();
      field.setSelectionRange(typed.focused.start, typed.focused.end);
    }
  }
}

boardEl.addEventListener("click", (event) => {
  const card = event.target.closest("[data-card-id]");
  if (card) openRun(card.dataset.cardId);
});
boardEl.addEventListener("keydown", (event) => {
  const card = event.target.closest("[data-card-id]");
  if (card && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    openRun(card.dataset.cardId);
  }
});

panelEl.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-evidence]");
  if (link) {
    event.preventDefault();
    const res = await fetch(`/evidence/${encodeURIComponent(link.dataset.evidence)}?card=${encodeURIComponent(view.card)}`, {
      headers: { authorization: `Bearer ${token()}` },
    });
    const box = $("evidence");
    box.hidden = false;
    box.innerHTML = res.ok
      ? renderEvidence(link.dataset.evidence, await res.text())
      : `<p class="error">Evidence ${escape(link.dataset.evidence)}: ${escape((await res.json().catch(() => ({}))).message ?? res.status)}</p>`;
    box.querySelector("h3")?.setAttribute("tabindex", "-1");
    box.querySelector("h3")?.focus();
    return;
  }
  const action = event.target.closest("[data-action]");
  if (action === null || action.disabled) return;
  const actions = action.closest("form");
  const error = actions.querySelector(".error");
  error.textContent = "";
  action.disabled = true;
  try {
    if (action.dataset.action === "cancel") await processApi.cancel(commandScope(), view.card, actions.elements.reason.value);
    else await processApi.decide(commandScope(), view.card, action.dataset.gate, action.dataset.action === "approve", actions.elements.comment?.value ?? "");
    announceEl.textContent = `${action.textContent} sent for ${view.card}.`;
  } catch (failure) {
    error.textContent = `${action.textContent} failed: ${failure.message}${failure.code ? ` (${failure.code})` : ""}`;
    action.disabled = false;
  }
});

const signInEl = $("sign-in");
signInEl.addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("ameide.token", new FormData(signInEl).get("token").trim());
  location.reload();
});

/** Shows the sign-in form when the API refuses the token (or there is none). */
function needsSignIn(error) {
  if (error.code !== "unauthenticated" && token() !== "") return false;
  signInEl.hidden = false;
  statusEl.textContent = token() === "" ? "not signed in" : `signed out: ${error.message}`;
  return true;
}

let watching;
async function live(signal) {
  let seq;
  try {
    seq = await refresh();
  } catch (error) {
    if (needsSignIn(error)) return;
    statusEl.textContent = `cannot read the board: ${error.message}`;
    return;
  }
  while (!signal.aborted) {
    try {
      for await (const update of client.watch(scope(), seq, signal)) seq = (await refresh()) ?? update.boardSeq;
    } catch (error) {
      if (signal.aborted) return;
      if (needsSignIn(error)) return;
      statusEl.textContent = `reconnecting: ${error.message}`;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function restart() {
  watching?.abort();
  watching = new AbortController();
  lastCount = -1;
  live(watching.signal);
}

restart();
