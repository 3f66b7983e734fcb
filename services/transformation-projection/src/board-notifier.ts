import pg from "pg";
import { boardChannel } from "./projection-database.js";

/** Fans out the projection's board notifications (LISTEN on one connection) to watchers. */
export interface BoardNotifier {
  /** Calls `onSeq` with every board_seq the board reaches; returns the unsubscribe function. */
  subscribe(boardId: string, onSeq: (boardSeq: bigint) => void): () => void;
  close(): Promise<void>;
}

/** Starts listening; reconnects with backoff when the connection drops. */
export async function startBoardNotifier(databaseUrl: string): Promise<BoardNotifier> {
  const watchers = new Map<string, Set<(seq: bigint) => void>>();
  let client: pg.Client | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on("notification", (n) => {
      const [boardId, seq] = (n.payload ?? "").split(":");
      for (const watcher of watchers.get(boardId ?? "") ?? []) watcher(BigInt(seq ?? "0"));
    });
    next.on("error", () => undefined);
    next.on("end", () => {
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 500);
    });
    await next.connect();
    await next.query(`listen ${boardChannel}`);
    client = next;
  };
  await connect();

  return {
    subscribe(boardId, onSeq) {
      const set = watchers.get(boardId) ?? new Set();
      set.add(onSeq);
      watchers.set(boardId, set);
      return () => set.delete(onSeq);
    },
    async close() {
      closed = true;
      await client?.end();
    },
  };
}
