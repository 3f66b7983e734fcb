import { fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import type pg from "pg";
import type { BoardScopeSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { type GetKanbanBoardResponse, GetKanbanBoardResponseSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { boardIdOf } from "@ameide/transformation-projection";
import { fixtureScope } from "./board-population.js";
import { benchCardId } from "./fact-ingest.js";
import { runInWorker } from "./in-worker.js";
import { type Percentiles, percentiles } from "./percentiles.js";
import { explainSummary } from "./query-plan.js";

/** One kind of GetKanbanBoard request, timed. */
export interface BoardQueryTiming {
  readonly name: string;
  readonly request: string;
  readonly latency: Percentiles;
  readonly cardsPerResponse: number;
  readonly responseBytes: number;
  /** EXPLAIN ANALYZE of the page's card query as boardPage builds it, summarised. */
  readonly plan: string;
}

/** Every request kind at one board size. */
export interface BoardSizeTiming {
  readonly cards: number;
  /** Inserting this size's cards (bulk SQL, then vacuum analyze). */
  readonly populateMs: number;
  readonly queries: readonly BoardQueryTiming[];
  /** EXPLAIN ANALYZE of the per-column count query every page runs. */
  readonly countPlan: string;
}

interface QueryKind {
  readonly name: string;
  readonly request: string;
  readonly init: { readonly pageSize: number; readonly columnKey?: string; readonly pageToken?: string };
  /** The conditions boardPage adds after board_id and archived, as SQL with $2. */
  readonly where: string;
  readonly params: readonly unknown[];
  readonly pageSize: number;
  /** Cards the page's columns count together: the whole board, or the one column. */
  readonly counted: number;
}

// The statements boardPage (board-queries.ts) builds, for EXPLAIN; Kysely sends the same text.
const countSql = `select "column_key", sum("n") as "n" from "board_column_count" where "board_id" = $1 and "archived" = false group by "column_key"`;
const cardSql = (where: string, limit: number) =>
  `select "card_id", "view" from "card" where "board_id" = $1 and "archived" = false ${where} order by "card_id" limit ${limit}`;

/** The first page, one column's first page, and a page 90 % into the board. */
function queryKinds(cardPrefix: string, cards: number, executionCards: number): QueryKind[] {
  const token = benchCardId(cardPrefix, Math.floor(cards * 0.9));
  return [
    { name: "default page", request: "page_size 100", init: { pageSize: 100 }, where: "", params: [], pageSize: 100, counted: cards },
    {
      name: "one column",
      request: 'column_key "execution", page_size 50',
      init: { columnKey: "execution", pageSize: 50 },
      where: `and "column_key" = $2`,
      params: ["execution"],
      pageSize: 50,
      counted: executionCards,
    },
    {
      name: "deep page",
      request: `page_token "${token}" (90 % in), page_size 100`,
      init: { pageToken: token, pageSize: 100 },
      where: `and "card_id" > $2`,
      params: [token],
      pageSize: 100,
      counted: cards,
    },
  ];
}

/** What the worker thread times: each request `count` times in a row, after `warmUp` untimed ones. */
export interface BoardRequestsInput {
  readonly baseUrl: string;
  readonly requests: ReadonlyArray<{
    readonly scope: MessageInitShape<typeof BoardScopeSchema>;
    readonly pageSize: number;
    readonly columnKey?: string;
    readonly pageToken?: string;
  }>;
  readonly count: number;
  readonly warmUp: number;
}

/** One request kind's latencies, and its last response (binary) for the checks. */
export interface BoardRequestTimings {
  readonly latenciesMs: number[];
  readonly lastResponse: Uint8Array;
}

/**
 * Times `requests` sequential GetKanbanBoard calls of each kind, after `warmUp` untimed ones, from
 * a worker thread (a client with its own event loop and heap, like a real one).
 */
export async function timeBoardQueries(
  baseUrl: string,
  db: pg.Pool,
  options: { tenantId: string; cardPrefix: string; cards: number; executionCards: number; requests: number; warmUp: number; signal: AbortSignal },
): Promise<Pick<BoardSizeTiming, "queries" | "countPlan">> {
  const scope = fixtureScope(options.tenantId);
  const boardId = boardIdOf(options.tenantId, scope);
  const kinds = queryKinds(options.cardPrefix, options.cards, options.executionCards);
  const timings = await runInWorker<BoardRequestsInput, BoardRequestTimings[]>(
    new URL("./board-query-worker.ts", import.meta.url),
    { baseUrl, requests: kinds.map((kind) => ({ ...kind.init, scope })), count: options.requests, warmUp: options.warmUp },
    options.signal,
  );
  const queries: BoardQueryTiming[] = [];
  for (const [i, kind] of kinds.entries()) {
    const timing = timings[i];
    if (timing === undefined) throw new Error(`the board query worker reported ${timings.length} request kinds of ${kinds.length}`);
    queries.push({
      name: kind.name,
      request: kind.request,
      latency: percentiles(timing.latenciesMs),
      cardsPerResponse: checkedPage(kind, fromBinary(GetKanbanBoardResponseSchema, timing.lastResponse)),
      responseBytes: timing.lastResponse.byteLength,
      plan: await explainSummary(db, cardSql(kind.where, kind.pageSize + 1), [boardId, ...kind.params]),
    });
  }
  return { queries, countPlan: await explainSummary(db, countSql, [boardId]) };
}

/** A short page or wrong counts would time something else than the board the benchmark built. */
function checkedPage(kind: QueryKind, response: GetKanbanBoardResponse): number {
  const shown = response.columns.reduce((n, c) => n + c.cards.length, 0);
  const counted = response.columns.reduce((n, c) => n + Number(c.cardCount), 0);
  if (shown !== kind.pageSize || counted !== kind.counted) {
    throw new Error(
      `${kind.name}: the response showed ${shown} cards (expected ${kind.pageSize}) and counted ${counted} (expected ${kind.counted}); the board is not the one the benchmark built`,
    );
  }
  return shown;
}
