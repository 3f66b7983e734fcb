import type { Client } from "@connectrpc/connect";
import type { Kysely } from "kysely";
import type { KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { applyFact, boardIdOf, type MappingSource } from "@ameide/transformation-projection";
import type { ProjectionDatabase } from "@ameide/transformation-projection";
import { runFacts } from "@ameide/transformation-projection/test-fixtures";
import { fixtureScope } from "./board-population.js";
import { benchCardId } from "./fact-ingest.js";
import { type Percentiles, percentiles } from "./percentiles.js";

/** How long a committed card change took to reach a WatchKanbanUpdates stream. */
export interface WatchLatency {
  readonly samples: number;
  readonly cards: number;
  /** `applyFact` resolved (the commit acknowledged to the applier) → the stream delivered the new board_seq. */
  readonly afterCommit: Percentiles;
  /** `applyFact` called → delivered: includes the apply transaction itself. */
  readonly afterApplyStart: Percentiles;
  /** The `applyFact` calls themselves. */
  readonly apply: Percentiles;
  /** Samples whose board_seq arrived before `applyFact` had resolved (negative afterCommit). */
  readonly beforeCommitReturned: number;
}

const deliveryTimeoutMs = 5000;

/**
 * Opens one stream on the board of `tenantId`, then applies `warmUp + samples` PhaseEntered facts
 * one after the other (cards in turn, each alternating triage / execution, so every fact changes
 * its card and advances board_seq by one) and waits for the stream to deliver each new seq.
 */
export async function timeWatchUpdates(
  client: Client<typeof KanbanUpdatesService>,
  db: Kysely<ProjectionDatabase>,
  mappingFor: MappingSource,
  options: { tenantId: string; cards: number; samples: number; warmUp: number; signal: AbortSignal },
): Promise<WatchLatency> {
  const scope = fixtureScope(options.tenantId);
  const runs = Array.from({ length: options.cards }, (_, i) => runFacts(options.tenantId, benchCardId("watch", i)));
  for (const run of runs) await applyFact(db, run.process({ case: "runStarted", value: { title: "Watched run", boardKind: scope.boardKind } }), mappingFor);
  const board = await db.selectFrom("board").select("board_seq").where("board_id", "=", boardIdOf(options.tenantId, scope)).executeTakeFirstOrThrow();
  const stream = openStream(client, scope, BigInt(board.board_seq), options.signal);
  try {
    let seq = BigInt(board.board_seq);
    const afterCommit: number[] = [];
    const afterApplyStart: number[] = [];
    const apply: number[] = [];
    for (let i = 0; i < options.warmUp + options.samples; i++) {
      const run = runs[i % runs.length];
      if (run === undefined) throw new Error("no watched card");
      const phaseKey = Math.floor(i / runs.length) % 2 === 0 ? "triage" : "execution";
      const started = performance.now();
      const outcome = await applyFact(db, run.process({ case: "phaseEntered", value: { phaseKey } }), mappingFor);
      const committed = performance.now();
      if (outcome !== "changed")
        throw new Error(`PhaseEntered ${phaseKey} on ${benchCardId("watch", i % runs.length)} was ${outcome}, not changed: board_seq would not advance`);
      seq += 1n;
      const delivered = await stream.delivery(seq);
      if (i < options.warmUp) continue;
      afterCommit.push(delivered - committed);
      afterApplyStart.push(delivered - started);
      apply.push(committed - started);
    }
    return {
      samples: afterCommit.length,
      cards: runs.length,
      afterCommit: percentiles(afterCommit),
      afterApplyStart: percentiles(afterApplyStart),
      apply: percentiles(apply),
      beforeCommitReturned: afterCommit.filter((ms) => ms < 0).length,
    };
  } finally {
    await stream.close();
  }
}

/** A WatchKanbanUpdates stream read in the background, with the arrival time of each board_seq. */
function openStream(client: Client<typeof KanbanUpdatesService>, scope: ReturnType<typeof fixtureScope>, since: bigint, signal: AbortSignal) {
  const abort = new AbortController();
  const stopOnInterrupt = () => abort.abort();
  signal.addEventListener("abort", stopOnInterrupt);
  const arrivals = new Map<bigint, number>();
  let wake: (() => void) | undefined;
  let failure: unknown;
  const reading = (async () => {
    // A stream's request is not in the interceptor's view: the tenant for the bench token goes in a header.
    for await (const update of client.watchKanbanUpdates(
      { scope, sinceBoardSeq: since },
      { signal: abort.signal, headers: { "x-bench-tenant": scope.tenantId } },
    )) {
      arrivals.set(update.boardSeq, performance.now());
      wake?.();
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) failure = error;
    wake?.();
  });
  return {
    /** When `seq` arrived; waits for it (the server reports the current seq first, so none is missed). */
    async delivery(seq: bigint): Promise<number> {
      const deadline = performance.now() + deliveryTimeoutMs;
      for (;;) {
        const at = arrivals.get(seq);
        if (at !== undefined) return at;
        if (failure !== undefined) throw new Error("WatchKanbanUpdates failed", { cause: failure });
        if (signal.aborted) throw new Error("interrupted");
        const left = deadline - performance.now();
        if (left <= 0)
          throw new Error(
            `WatchKanbanUpdates delivered no board_seq ${seq} within ${deliveryTimeoutMs} ms of its commit; is the projection's LISTEN connection (board-notifier) up?`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    async close(): Promise<void> {
      abort.abort();
      signal.removeEventListener("abort", stopOnInterrupt);
      await reading;
    },
  };
}
