// The console page: the board of the scope in the URL, kept live by WatchKanbanUpdates.
import { createBoardClient } from "./board-client.js";
import { renderBoard, renderTimeline } from "./render.js";

const params = new URLSearchParams(location.search);
const scope = {
  tenantId: params.get("tenant") ?? "local",
  organizationId: params.get("organization") ?? "",
  repositoryId: params.get("repository") ?? "default",
  initiativeId: params.get("initiative") ?? "default",
};
const includeArchived = params.get("all") === "1";
// ?card=<process_instance_id> opens that run's timeline (the link `ameide run start` prints).
const linkedCard = params.get("card");
// The bearer token: from the link's fragment (`ameide console` prints one; a fragment never reaches
// a server), kept for this tab only; or pasted into the sign-in form.
const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromLink) {
  sessionStorage.setItem("ameide.token", fromLink);
  history.replaceState(null, "", location.pathname + location.search);
}
const token = () => sessionStorage.getItem("ameide.token") ?? "";
const client = createBoardClient("", token);
const boardEl = document.getElementById("board");
const timelineEl = document.getElementById("timeline");
const statusEl = document.getElementById("status");

async function refresh() {
  const board = await client.board(scope, includeArchived);
  boardEl.innerHTML = renderBoard(board);
  statusEl.textContent = `${scope.tenantId}/${scope.repositoryId} · ${scope.initiativeId} · board_seq ${board.readContext?.boardSeq ?? 0}`;
  return board.readContext?.boardSeq ?? "0";
}

boardEl.addEventListener("click", async (event) => {
  const card = event.target.closest("[data-card-id]");
  if (card) timelineEl.innerHTML = renderTimeline(await client.timeline(scope, card.dataset.cardId));
});

const signInEl = document.getElementById("sign-in");
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

async function live() {
  let seq;
  try {
    seq = await refresh();
  } catch (error) {
    if (needsSignIn(error)) return;
    throw error;
  }
  if (linkedCard) timelineEl.innerHTML = renderTimeline(await client.timeline(scope, linkedCard));
  for (;;) {
    try {
      for await (const update of client.watch(scope, seq)) seq = (await refresh()) ?? update.boardSeq;
    } catch (error) {
      if (needsSignIn(error)) return;
      statusEl.textContent = `reconnecting: ${error.message}`;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

live();
