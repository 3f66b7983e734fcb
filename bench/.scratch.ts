import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { createStackController } from "@ameide/stack";
import { openProjectionDb, type ProjectionDatabase } from "../services/transformation-projection/src/projection-database.js";
import { boardIdOf } from "../services/transformation-projection/src/apply-fact.js";
import { createBenchDatabase } from "./bench-database.js";
import { applyBatches, completedRunBatches } from "./fact-ingest.js";
import { cachedMappingSource } from "./mapping-source.js";
import { cardTemplates, fixtureScope, insertBulkCards } from "./board-population.js";
import { explainSummary } from "./query-plan.js";
const { info } = await createStackController().up();
const database = await createBenchDatabase(info.databaseUrl, "projection_scratch");
const db0 = await openProjectionDb(database.url, 2);
let statements = 0;
const db = new Kysely<ProjectionDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }), log: () => { statements++; } });
const probe = new pg.Pool({ connectionString: database.url, max: 2 });
try {
  const b = completedRunBatches("count", "cnt", 50, 1);
  const r = await applyBatches(db, b, cachedMappingSource(db), new AbortController().signal);
  console.log("statements per fact (excl. begin/commit)", statements / r.facts);
  const templates = await cardTemplates(db0, "templates", cachedMappingSource(db0));
  await insertBulkCards(probe, "board", "pbench", templates, 1, 100000);
  const boardId = boardIdOf("board", fixtureScope("board"));
  const token = "pbench-0090000";
  const q = {
    counts: [`select "column_key", count(*) as "n" from "card" where "board_id" = $1 and "archived" = false group by "column_key"`, [boardId]],
    first: [`select "card_id", "view" from "card" where "board_id" = $1 and "archived" = false order by "card_id" limit 101`, [boardId]],
    column: [`select "card_id", "view" from "card" where "board_id" = $1 and "archived" = false and "column_key" = $2 order by "card_id" limit 51`, [boardId, "execution"]],
    deep: [`select "card_id", "view" from "card" where "board_id" = $1 and "archived" = false and "card_id" > $2 order by "card_id" limit 101`, [boardId, token]],
  } as const;
  const show = async (label: string) => { for (const [k, [s, p]] of Object.entries(q)) console.log(label, k, await explainSummary(probe, s, p)); };
  await show("now");
  await probe.query("set max_parallel_workers_per_gather = 0");
  await show("noparallel");
  await probe.query("reset max_parallel_workers_per_gather");
  await probe.query("create index card_board_open on card (board_id, card_id) where not archived");
  await probe.query("create index card_board_open_column on card (board_id, column_key) where not archived");
  await probe.query("vacuum analyze card");
  await show("idx");
} finally { await db.destroy(); await db0.destroy(); await probe.end(); await database.drop(); }
