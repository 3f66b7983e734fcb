// Pure renderers: projection responses (Connect JSON) to HTML strings.

export const escape = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A card's look: open, or how its run ended. */
export function cardState(card) {
  if (!card.terminal) return card.awaiting ? "awaiting" : "open";
  return card.outcome || (card.columnKey === "done" ? "completed" : "failed");
}

/** The board: one section per column, one focusable article per card. */
export function renderBoard(board) {
  const columns = (board.columns ?? []).map((column) => {
    const cards = (column.cards ?? []).map(renderCard).join("");
    return `<section class="column" data-column="${escape(column.columnKey)}" aria-label="${escape(column.title)}"><h2>${escape(column.title)} <span class="count">${escape(column.cardCount ?? "0")}</span></h2>${cards}</section>`;
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
  const state = cardState(card);
  const outcome = card.terminal ? `<p class="outcome">${escape(state)}${card.outcomeReason ? `: ${escape(card.outcomeReason)}` : ""}</p>` : "";
  const label = `${card.title || card.cardId}, ${state}${card.awaiting ? `, awaiting ${card.awaiting}` : ""}`;
  return `<article class="card state-${escape(state)}" data-card-id="${escape(card.cardId)}" tabindex="0" role="button" aria-label="${escape(label)}"><h3>${escape(card.title || card.cardId)}</h3>${awaiting}${outcome}<ul>${drafts}${work}${digests}</ul></article>`;
}

/** The store's address of an evidence reference: a bundle id (sha256:<hex>) or a blob URI (.../sha256/<2>/<hex>). */
export function evidenceRef(ref) {
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) return ref;
  const hex = /\/sha256\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(ref)?.[1];
  return hex ? `sha256:${hex}` : "";
}

/** An evidence blob for reading: a bundle manifest as a list of its items (links), anything else as text. */
export function renderEvidence(ref, text) {
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    manifest = undefined;
  }
  const items = Array.isArray(manifest?.entries) ? manifest.entries : undefined;
  const body = items
    ? `<ul>${items.map((i) => `<li><a class="evidence" href="#" data-evidence="sha256:${escape(i.sha256)}">${escape(i.name)}</a> <small>${escape(i.mediaType)} · ${escape(i.sizeBytes)} bytes</small></li>`).join("")}</ul>`
    : `<pre>${escape(text)}</pre>`;
  return `<h3>Evidence <code>${escape(ref.slice(0, 19))}</code></h3>${body}`;
}

const time = (ts) => (ts ? new Date(ts).toISOString().slice(11, 23) : "");
const seconds = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/**
 * A run's panel: its state and reason, the actions the signed-in identity may take, its work
 * items, and its timeline (timestamps, time since the previous entry, evidence links).
 */
export function renderTimeline(timeline, options = {}) {
  const card = timeline.card ?? {};
  const state = cardState(card);
  const entries = timeline.entries ?? [];
  const rows = entries
    .map((e, i) => {
      const evidence = (e.evidenceRefs ?? [])
        .map((r) =>
          evidenceRef(r)
            ? `<a class="evidence" href="#" data-evidence="${escape(evidenceRef(r))}"><code>${escape(evidenceRef(r).slice(0, 19))}</code></a>`
            : `<code>${escape(r)}</code>`,
        )
        .join(" ");
      const previous = i > 0 ? entries[i - 1].occurredAt : undefined;
      const delta = previous && e.occurredAt ? `<span class="delta">+${seconds(new Date(e.occurredAt) - new Date(previous))}</span>` : "";
      return `<li data-message-id="${escape(e.messageId)}"><time datetime="${escape(e.occurredAt ?? "")}">${escape(time(e.occurredAt))}</time> ${delta} <b>${escape(e.factType)}</b> ${escape(e.summary)} ${evidence}</li>`;
    })
    .join("");
  const work = (card.workItems ?? [])
    .map((w) => {
      const outputs = w.outputs ?? {};
      const detail = [
        outputs.branch && `branch ${outputs.branch}`,
        outputs.commit_sha && `commit ${outputs.commit_sha.slice(0, 12)}`,
        outputs.digest && `digest ${outputs.digest.slice(0, 19)}`,
        outputs.duration_ms && seconds(Number(outputs.duration_ms)),
      ]
        .filter(Boolean)
        .join(" · ");
      const evidence = w.evidenceBundleId ? ` <a class="evidence" href="#" data-evidence="${escape(w.evidenceBundleId)}">evidence</a>` : "";
      return `<li class="work ${escape((w.status ?? "").toLowerCase())}">${escape(w.workKind === "AGENT_WORK" ? "coding agent" : (w.actionKind ?? "").toLowerCase())}: <b>${escape((w.status ?? "").toLowerCase())}</b> ${escape(w.summary)} <small>${escape(detail)}</small>${evidence}</li>`;
    })
    .join("");
  const reason = card.terminal
    ? `<p class="outcome state-${escape(state)}" role="status">${escape(state)}${card.outcomeReason ? `: ${escape(card.outcomeReason)}` : ""}</p>`
    : "";
  const temporal = options.temporalUiUrl
    ? ` <a href="${escape(options.temporalUiUrl)}/namespaces/default/workflows/${escape(card.cardId)}" target="_blank" rel="noopener">in Temporal</a>`
    : "";
  return `<h2 id="run-title" tabindex="-1">${escape(card.title || card.cardId)} <small>${escape(card.phaseKey || card.columnKey)}</small>${temporal}</h2>${reason}${renderActions(card, options.roles ?? [])}<h3>Work</h3><ul class="work-items">${work || "<li>none yet</li>"}</ul><h3>Timeline</h3><ol class="timeline">${rows}</ol>`;
}

/** Decisions and cancel for a running card; disabled, with the reason, when the identity's roles lack them. */
function renderActions(card, roles) {
  if (card.terminal) return "";
  const may = (role) => roles.includes(role) || roles.includes("admin");
  const gate = card.awaiting ? card.awaiting.split(":").slice(1).join(":") : "";
  const why = (role) => (may(role) ? "" : ` disabled title="needs the ${role} role"`);
  const decide = gate
    ? `<fieldset class="decide" data-for="gate:${escape(gate)}"><legend>Gate ${escape(gate)}</legend><label>Comment <textarea name="comment" rows="2"></textarea></label>
       <button type="button" data-action="approve" data-gate="${escape(gate)}"${why("approver")}>Approve</button>
       <button type="button" data-action="reject" data-gate="${escape(gate)}"${why("approver")}>Reject</button>${may("approver") ? "" : '<p class="hint">Deciding needs the approver role.</p>'}</fieldset>`
    : "";
  const cancel = `<fieldset class="cancel" data-for="cancel"><legend>Cancel the run</legend><label>Reason <input name="reason" value="cancelled from the console"></label>
       <button type="button" data-action="cancel"${why("operator")}>Cancel run</button>${may("operator") ? "" : '<p class="hint">Cancelling needs the operator role.</p>'}</fieldset>`;
  return `<form class="actions" aria-label="actions">${decide}${cancel}<p class="error" role="alert"></p></form>`;
}
