import type { BusProducer, KafkaBus } from "@ameide/kafka-bus";
import pg from "pg";
import { outboxChannel } from "./outbox-migration.js";

/** What the relay needs; the Postgres pool is the owning service's database. */
export interface OutboxRelayOptions {
  readonly databaseUrl: string;
  readonly kafka: KafkaBus;
  /** Rows per publish round. */
  readonly batchSize?: number;
  /** Fallback poll when no notification arrives (also re-checks rows held back by the horizon). */
  readonly pollIntervalMs?: number;
  /** Advisory lock id: one relay per database publishes at a time, the others stand by. */
  readonly lockId?: number;
  /** Sent rows older than this are deleted. */
  readonly retainSentMs?: number;
  readonly onError?: (error: unknown, context: string) => void;
}

/** Pending work of the outbox: what a dashboard or autoscaler watches. */
export interface OutboxLag {
  readonly pending: number;
  readonly oldestPendingAgeMs: number;
}

/** A running relay. */
export interface OutboxRelay {
  start(): void;
  stop(): Promise<void>;
  lag(): Promise<OutboxLag>;
  /** True while this instance holds the relay lock. */
  isLeader(): boolean;
}

interface PendingRow {
  id: string;
  topic: string;
  partition_key: string;
  payload: Buffer;
  headers: Record<string, string>;
}

// Only rows of transactions older than every running one are safe to publish: a transaction that
// started earlier but commits later must not be overtaken (its rows would otherwise be skipped).
/** How soon a relay looks again when committed rows wait behind an older open transaction. */
const heldBackRetryMs = 20;

const selectPending = `
  select id, topic, partition_key, payload, headers from outbox
  where sent_at is null and tx_id < pg_snapshot_xmin(pg_current_snapshot())
  order by tx_id, id
  limit $1`;

/** Publishes outbox rows to Kafka in commit order and marks them sent after the broker acked. */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const lockId = options.lockId ?? 0x0a3e1de;
  const onError = options.onError ?? (() => undefined);
  let running = false;
  let leader = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  // A notification that arrives while a batch is being published must not be lost.
  let notified = false;

  async function run(): Promise<void> {
    let backoffMs = 100;
    while (running) {
      try {
        await leadAndRelay();
        backoffMs = 100;
      } catch (error) {
        leader = false;
        onError(error, "relay");
        await sleepOrWake(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  async function leadAndRelay(): Promise<void> {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    // A connection lost while idle (a Postgres restart) must not end the process: the next query
    // fails, this leadership ends, and the loop reconnects.
    client.on("error", (error) => {
      onError(error, "postgres connection lost");
      wake?.();
    });
    await client.connect();
    let producer: BusProducer | undefined;
    try {
      if (!(await tryLock(client))) return sleepOrWake(pollIntervalMs);
      leader = true;
      client.on("notification", () => {
        notified = true;
        wake?.();
      });
      await client.query(`listen ${outboxChannel}`);
      producer = await options.kafka.producer();
      await relayWhileLeader(client, producer);
    } finally {
      leader = false;
      await producer?.close().catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  async function relayWhileLeader(client: pg.Client, producer: BusProducer): Promise<void> {
    let lastPrune = 0;
    while (running) {
      const round = await publishBatch(client, producer);
      if (Date.now() - lastPrune > 60_000) {
        lastPrune = Date.now();
        await client.query("delete from outbox where sent_at < now() - make_interval(secs => $1)", [(options.retainSentMs ?? 86_400_000) / 1000]);
      }
      if (round.published === batchSize) continue;
      // A row committed meanwhile has notified; one still pending that did not is held back.
      await sleepOrWake(round.pending ? heldBackRetryMs : pollIntervalMs);
    }
  }

  /** One round: publish what is pending, mark it sent, and say whether rows are still pending. */
  async function publishBatch(client: pg.Client, producer: BusProducer): Promise<{ published: number; pending: boolean }> {
    const { rows } = await client.query<PendingRow>(selectPending, [batchSize]);
    if (rows.length === 0) return { published: 0, pending: await anyPending(client) };
    const byTopic = new Map<string, Array<{ key: string; value: Buffer; headers: Record<string, string> }>>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({ key: row.partition_key, value: row.payload, headers: row.headers });
      byTopic.set(row.topic, messages);
    }
    await producer.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    // Marks the batch sent and looks for other pending rows in the same round trip (the update's
    // own rows still read as pending in this statement's snapshot, so they are left out).
    const marked = await client.query<{ pending: boolean }>(
      `with sent as (update outbox set sent_at = now() where id = any($1::bigint[]))
       select exists (select 1 from outbox where sent_at is null and not (id = any($1::bigint[]))) as pending`,
      [rows.map((r) => r.id)],
    );
    return { published: rows.length, pending: marked.rows[0]?.pending === true };
  }

  // Rows committed but still above the horizon wait only for the older transactions (anywhere
  // on the server: transaction ids are cluster-wide) to end, so look again soon.
  async function anyPending(client: pg.Client): Promise<boolean> {
    const { rows } = await client.query<{ pending: boolean }>("select exists (select 1 from outbox where sent_at is null) as pending");
    return rows[0]?.pending === true;
  }

  async function tryLock(client: pg.Client): Promise<boolean> {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [lockId]);
    return rows[0]?.locked === true;
  }

  function sleepOrWake(ms: number): Promise<void> {
    if (notified || ms === 0) {
      notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        notified = false;
        resolve();
      }
      wake = done;
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    isLeader: () => leader,
    lag: () => readLag(options.databaseUrl),
  };
}

async function readLag(databaseUrl: string): Promise<OutboxLag> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined); // a lost connection rejects the query below; nothing else to do
  await client.connect();
  try {
    const { rows } = await client.query<{ pending: string; age_ms: number | null }>(
      "select count(*) as pending, extract(epoch from now() - min(created_at)) * 1000 as age_ms from outbox where sent_at is null",
    );
    return { pending: Number(rows[0]?.pending ?? 0), oldestPendingAgeMs: Math.round(Number(rows[0]?.age_ms ?? 0)) };
  } finally {
    await client.end();
  }
}
