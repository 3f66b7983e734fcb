import type { TokenSource } from "@ameide/auth";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { BoardScopeSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { type GetKanbanBoardResponse, KanbanQueryService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { authedClient, cliToken } from "./cli-auth.js";
import { CliError, ExitCode } from "./cli-errors.js";
import { latestRun } from "./latest-run.js";

/** Options of `ameide board`. */
export interface BoardOptions {
  readonly tenant: string;
  readonly organization: string;
  readonly repository?: string;
  readonly initiative?: string;
  readonly all?: boolean;
  readonly json?: boolean;
}

/** `ameide board`: prints a board, column by column, as the projection serves it. */
export async function boardCommand(options: BoardOptions): Promise<number> {
  const latest = latestRun();
  const repositoryId = options.repository ?? (latest?.tenantId === options.tenant ? latest.repositoryId : undefined);
  if (repositoryId === undefined) {
    throw new CliError(
      "no board chosen: no --repository given and this checkout has started no run yet",
      "give --repository <id> (runs land under their repository's name, e.g. sample-service), or start one with `ameide run start --sample`",
      ExitCode.Usage,
    );
  }
  const scope = {
    tenantId: options.tenant,
    organizationId: options.organization,
    repositoryId,
    initiativeId: options.initiative ?? (options.repository === undefined ? latest?.initiativeId : undefined) ?? "default",
  };
  const board = await fetchBoard(process.env.PROJECTION_URL || "http://127.0.0.1:8083", scope, options.all === true, cliToken(options.tenant));
  if (options.json === true) {
    console.log(JSON.stringify(board, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2));
    return ExitCode.Ok;
  }
  console.log(renderBoard(board));
  if (options.all !== true && board.columns.every((c) => c.cardCount === 0n)) console.log("(no open cards; ended runs are archived: --all shows them)");
  return ExitCode.Ok;
}

/** Reads one board (all pages). */
export async function fetchBoard(
  baseUrl: string,
  scope: MessageInitShape<typeof BoardScopeSchema>,
  includeArchived: boolean,
  token: TokenSource,
): Promise<GetKanbanBoardResponse> {
  const client = authedClient(KanbanQueryService, baseUrl, token);
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
      const digests = Object.entries(card.promotedDigests)
        .map(([env, d]) => `${env}=${d.slice(7, 19)}`)
        .join(" ");
      const drafts = card.artifacts.map((a) => `${a.title} v${a.version} ${a.status.toLowerCase()}`).join(", ");
      lines.push(`  ${card.cardId}  ${card.title}${card.awaiting ? `  (awaiting ${card.awaiting})` : ""}`);
      if (drafts || work || digests)
        lines.push(`      ${[drafts && `draft: ${drafts}`, work && `work: ${work}`, digests && `promoted: ${digests}`].filter(Boolean).join(" | ")}`);
    }
  }
  return lines.join("\n");
}
