// Pure renderers: projection responses (Connect JSON) to HTML strings.

const escape = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The board: one section per column, one article per card. */
export function renderBoard(board) {
  const columns = (board.columns ?? []).map((column) => {
    const cards = (column.cards ?? []).map(renderCard).join("");
    return `<section class="column" data-column="${escape(column.columnKey)}"><h2>${escape(column.title)} <span class="count">${escape(column.cardCount ?? "0")}</span></h2>${cards}</section>`;
  });
  const seq = board.readContext?.boardSeq ?? "0";
  return `<div class="board" data-board-seq="${escape(seq)}">${columns.join("")}</div>`;
}

function renderCard(card) {
  const work = (card.workItems ?? [])
    .map(
      (w) =>
        `<li class="work ${escape((w.status ?? "").toLowerCase())}">${escape(w.workKind === "AGENT_WORK" ? "coding agent" : (w.actionKind ?? "").toLowerCase())}: ${escape((w.status ?? "").toLowerCase())}</li>`,
    )
    .join("");
  const digests = Object.entries(card.promotedDigests ?? {})
    .map(([env, digest]) => `<li class="digest">${escape(env)} ${escape(digest.slice(0, 19))}</li>`)
    .join("");
  const drafts = (card.artifacts ?? [])
    .map((a) => `<li class="artifact">${escape(a.title)} v${escape(a.version)} ${escape((a.status ?? "").toLowerCase())}</li>`)
    .join("");
  const awaiting = card.awaiting ? `<p class="awaiting">awaiting ${escape(card.awaiting)}</p>` : "";
  return `<article class="card" data-card-id="${escape(card.cardId)}"><h3>${escape(card.title || card.cardId)}</h3>${awaiting}<ul>${drafts}${work}${digests}</ul></article>`;
}

/** A run's timeline, each entry citing the fact (message id) it shows. */
export function renderTimeline(timeline) {
  const entries = (timeline.entries ?? [])
    .map((e) => {
      const evidence = (e.evidenceRefs ?? []).map((r) => `<code>${escape(r)}</code>`).join(" ");
      return `<li data-message-id="${escape(e.messageId)}"><b>${escape(e.factType)}</b> ${escape(e.summary)} ${evidence}</li>`;
    })
    .join("");
  return `<h2>${escape(timeline.card?.title ?? "")} <small>${escape(timeline.card?.columnKey ?? "")}</small></h2><ol class="timeline">${entries}</ol>`;
}
