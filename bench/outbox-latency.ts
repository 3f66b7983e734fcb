import type pg from "pg";
import type { OutboxRelay } from "@ameide/eventing";
import { clientRequestIdPrefix } from "./request-work-clients.js";
import { type Percentiles, percentiles } from "./percentiles.js";

/** Commit-to-ack latency of one run's WorkRequested facts, and how the relay batched them. */
export interface OutboxLatency {
  /** `sent_at` minus the client-observed response time, in ms, over every fact row. */
  readonly latency: Percentiles;
  /**
   * `sent_at` minus `created_at` (the writing transaction's start), in ms: Postgres' clock only, and
   * an upper bound, since it includes the transaction itself.
   */
  readonly sinceTransactionStart: Percentiles;
  /** Fact rows of requests that failed on the client (no response time to compare with). */
  readonly unmatched: number;
  /** Relay rounds that carried the run's rows: one `update ... set sent_at = now()` each. */
  readonly batches: number;
  readonly rowsPerBatchMean: number;
  readonly rowsPerBatchMax: number;
  /** Wall-clock ms of the last `sent_at` of the run. */
  readonly lastSentAtMs: number;
}

const factsTopic = "transformation.work.domain.facts.v1";

// The fact of version 1 has message_id `work/<tenant>/<work_request_id>/1` (work command handler).
const factSentAt = `
  select split_part(w.client_request_id, '/', 2)::int as seq,
         (extract(epoch from o.sent_at) * 1000)::float8 as sent_ms,
         (extract(epoch from o.sent_at - o.created_at) * 1000)::float8 as since_start_ms
  from work_request w
  join outbox o on o.message_id = 'work/' || w.tenant_id || '/' || w.work_request_id || '/1'
  where w.tenant_id = $1 and o.topic = $2 and starts_with(w.client_request_id, $3)`;

// Every row of a relay round gets the same now(), so equal sent_at values are one round.
const batchesOfTenant = `
  select count(*)::int as batches, coalesce(avg(n), 0)::float8 as mean, coalesce(max(n), 0)::int as max
  from (select count(*) as n from outbox where starts_with(partition_key, $1 || '/') and sent_at is not null group by sent_at) b`;

/** Joins the run's fact rows to the response times the clients saw. */
export async function measureOutboxLatency(db: pg.Pool, tenantId: string, respondedAtMs: readonly number[]): Promise<OutboxLatency> {
  const facts = await db.query<{ seq: number; sent_ms: number | null; since_start_ms: number | null }>(factSentAt, [
    tenantId,
    factsTopic,
    clientRequestIdPrefix,
  ]);
  const latencies: number[] = [];
  const sinceStart: number[] = [];
  let unmatched = 0;
  let lastSentAtMs = Number.NaN;
  for (const { seq, sent_ms: sentMs, since_start_ms: sinceStartMs } of facts.rows) {
    if (sentMs === null || sinceStartMs === null) throw new Error(`fact of request ${seq} is still unsent; measure only after the outbox drained`);
    sinceStart.push(sinceStartMs);
    lastSentAtMs = Number.isNaN(lastSentAtMs) ? sentMs : Math.max(lastSentAtMs, sentMs);
    const respondedAt = respondedAtMs[seq] ?? Number.NaN;
    if (Number.isNaN(respondedAt)) unmatched++;
    else latencies.push(sentMs - respondedAt);
  }
  const { rows } = await db.query<{ batches: number; mean: number; max: number }>(batchesOfTenant, [tenantId]);
  const batch = rows[0] ?? { batches: 0, mean: 0, max: 0 };
  return {
    latency: percentiles(latencies),
    sinceTransactionStart: percentiles(sinceStart),
    unmatched,
    batches: batch.batches,
    rowsPerBatchMean: batch.mean,
    rowsPerBatchMax: batch.max,
    lastSentAtMs,
  };
}

/** When the outbox was first seen empty, and how long that `lag()` call took (its resolution). */
export interface Drained {
  readonly atMs: number;
  readonly lastPollMs: number;
}

/** Polls the relay's lag until nothing is pending. */
export async function waitForDrain(relay: OutboxRelay, timeoutMs: number): Promise<Drained> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const polledAt = performance.now();
    const lag = await relay.lag();
    if (lag.pending === 0) return { atMs: Date.now(), lastPollMs: performance.now() - polledAt };
    if (Date.now() > giveUpAt) {
      throw new Error(
        `the outbox still has ${lag.pending} unsent rows after ${timeoutMs} ms (oldest ${lag.oldestPendingAgeMs} ms); is Kafka up? see npx ameide stack status`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
