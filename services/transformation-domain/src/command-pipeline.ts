import type { Transaction } from "kysely";
import { appendToOutbox, type OutboxEntry } from "@ameide/eventing";
import type { DomainDeps } from "./domain-deps.js";
import { inTransaction } from "./in-transaction.js";
import type { DomainDatabase } from "./store/domain-database.js";
import { type CommandKey, findProcessed, recordProcessed } from "./store/processed-commands.js";

/** One aggregate's vertical slice, as the command pipeline drives it. */
export interface AggregateSlice<Command, State, Fact, DecideContext> {
  /** The aggregate the command is about, locked for the transaction (undefined: not yet created). */
  load(tx: Transaction<DomainDatabase>, command: Command): Promise<State | undefined>;
  /** The command's idempotency key; undefined when the aggregate itself dedupes it (a natural key). */
  key(command: Command): CommandKey | undefined;
  /** What the pure decider must not make up: time, new ids, content digests. */
  decideContext(command: Command, now: Date): DecideContext;
  decide(command: Command, state: State | undefined, ctx: DecideContext): Fact[];
  evolve(state: State | undefined, fact: Fact, command: Command): State;
  /** The outbox rows of one fact (the fact, and any intent it implies), after `evolve`. */
  outbox(command: Command, state: State, fact: Fact, now: Date): OutboxEntry[];
  save(tx: Transaction<DomainDatabase>, state: State, now: Date): Promise<void>;
  idOf(state: State): string;
}

/** The aggregate after a command; `deduplicated` when the command was a repeat. */
export interface CommandResult<State> {
  readonly state: State;
  readonly deduplicated: boolean;
}

/**
 * Load, decide, evolve, save, outbox, remember the key: one transaction per command, so the
 * state change, its facts and the idempotency record commit together or not at all.
 */
export function handleCommand<Command, State, Fact, DecideContext>(
  deps: DomainDeps,
  slice: AggregateSlice<Command, State, Fact, DecideContext>,
  command: Command,
): Promise<CommandResult<State>> {
  return inTransaction(deps, async (tx) => {
    const now = deps.clock();
    let state: State | undefined = await slice.load(tx, command);
    const key = slice.key(command);
    if (state !== undefined && key !== undefined && (await findProcessed(tx, key)) !== undefined) return { state, deduplicated: true };
    const facts = slice.decide(command, state, slice.decideContext(command, now));
    if (facts.length === 0 && state !== undefined) return { state, deduplicated: true };
    const entries: OutboxEntry[] = [];
    for (const fact of facts) {
      state = slice.evolve(state, fact, command);
      entries.push(...slice.outbox(command, state, fact, now));
    }
    if (state === undefined) throw new Error("a command that produced no facts on a missing aggregate");
    await slice.save(tx, state, now);
    await appendToOutbox(tx, entries);
    if (key !== undefined) await recordProcessed(tx, key, slice.idOf(state));
    return { state, deduplicated: false };
  });
}
