import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { BoardScopeSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { type GetKanbanBoardResponse, KanbanQueryService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { flag } from "./cli-flags.js";

const usage = `usage: ameide board [--tenant T] [--organization O] [--repository R] [--initiative I] [--all] [--json]
  reads the board through KanbanQueryService (PROJECTION_URL, default http://127.0.0.1:8083); --all includes archived (ended) cards`;

/** `ameide board`: prints a board, column by column, as the projection serves it. */
export async function boardCommand(args: string[]): Promise<number> {
  if (args.includes("--help")) {
    console.log(usage);
    return 0;
  }
  const scope = {
    tenantId: flag(args, "--tenant") ?? "local",
    organizationId: flag(args, "--organization") ?? "",
    repositoryId: flag(args, "--repository") ?? "default",
    initiativeId: flag(args, "--initiative") ?? "default",
  };
  const board = await fetchBoard(process.env.PROJECTION_URL || "http://127.0.0.1:8083", scope, args.includes("--all"));
  console.log(args.includes("--json") ? JSON.stringify(board, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) : renderBoard(board));
  return 0;
}

/** Reads one board (all pages). */
export async function fetchBoard(baseUrl: string, scope: MessageInitShape<typeof BoardScopeSchema>, includeArchived: boolean): Promise<GetKanbanBoardResponse> {
  const client = createClient(KanbanQueryService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
  return client.getKanbanBoard({ scope, includeArchived, pageSize: 1000 });
}

/** The board as text: one block per column, one line per card. */
export function renderBoard(board: GetKanbanBoardResponse): string {
  const s = board.board?.scope;
  const lines = [`board ${s?.tenantId}/${s?.repositoryId} initiative ${s?.initiativeId || "(all)"} at board_seq ${board.readContext?.boardSeq ?? 0n}`];
  for (const column of board.columns) {
    lines.push(`[${column.title}] ${column.cardCount}`);
    for (const card of column.cards) {
      const work = card.workItems.map((w) => `${w.workKind === "AGENT_WORK" ? "code" : w.actionKind.toLowerCase()}:${w.status.toLowerCase()}`).join(" ");
      const digests = Object.entries(card.promotedDigests).map(([env, d]) => `${env}=${d.slice(7, 19)}`).join(" ");
      const drafts = card.artifacts.map((a) => `${a.title} v${a.version} ${a.status.toLowerCase()}`).join(", ");
      lines.push(`  ${card.cardId}  ${card.title}${card.awaiting ? `  (awaiting ${card.awaiting})` : ""}`);
      if (drafts || work || digests) lines.push(`      ${[drafts && `draft: ${drafts}`, work && `work: ${work}`, digests && `promoted: ${digests}`].filter(Boolean).join(" | ")}`);
    }
  }
  return lines.join("\n");
}
