import { toBinary } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type pg from "pg";
import {
  type GetKanbanBoardResponse,
  GetKanbanBoardResponseSchema,
  type KanbanQueryService,
} from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { boardIdOf } from "@ameide/transformation-projection";
import { fixtureScope } from "./board-population.js";
import { benchCardId } from "./fact-ingest.js";
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

/** Times `requests` sequential GetKanbanBoard calls of each kind, after `warmUp` untimed ones. */
export async function timeBoardQueries(
  client: Client<typeof KanbanQueryService>,
  db: pg.Pool,
  options: { tenantId: string; cardPrefix: string; cards: number; executionCards: number; requests: number; warmUp: number; signal: AbortSignal },
): Promise<Pick<BoardSizeTiming, "queries" | "countPlan">> {
  const scope = fixtureScope(options.tenantId);
  const boardId = boardIdOf(options.tenantId, scope);
  const queries: BoardQueryTiming[] = [];
  for (const kind of queryKinds(options.cardPrefix, options.cards, options.executionCards)) {
    const request = { ...kind.init, scope };
    for (let i = 0; i < options.warmUp; i++) await client.getKanbanBoard(request, { signal: options.signal });
    const latenciesMs: number[] = [];
    let last: GetKanbanBoardResponse | undefined;
    for (let i = 0; i < options.requests; i++) {
      const started = performance.now();
      last = await client.getKanbanBoard(request, { signal: options.signal });
      latenciesMs.push(performance.now() - started);
    }
    queries.push({
      name: kind.name,
      request: kind.request,
      latency: percentiles(latenciesMs),
      cardsPerResponse: checkedPage(kind, last),
      responseBytes: last === undefined ? 0 : toBinary(GetKanbanBoardResponseSchema, last).byteLength,
      plan: await explainSummary(db, cardSql(kind.where, kind.pageSize + 1), [boardId, ...kind.params]),
    });
  }
  return { queries, countPlan: await explainSummary(db, countSql, [boardId]) };
}

/** A short page or wrong counts would time something else than the board the benchmark built. */
function checkedPage(kind: QueryKind, response: GetKanbanBoardResponse | undefined): number {
  const shown = response?.columns.reduce((n, c) => n + c.cards.length, 0) ?? 0;
  const counted = response?.columns.reduce((n, c) => n + Number(c.cardCount), 0) ?? 0;
  if (shown !== kind.pageSize || counted !== kind.counted) {
    throw new Error(
      `${kind.name}: the response showed ${shown} cards (expected ${kind.pageSize}) and counted ${counted} (expected ${kind.counted}); the board is not the one the benchmark built`,
    );
  }
  return shown;
}
