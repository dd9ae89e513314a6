import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { packItems } from './scripts.js';

/** A guarded ledger write: called with the packed guard, answers 'LOST' when the guard refused. */
type Write<T> = (guard: string) => Promise<T | 'LOST'>;

/** What a journal restore found. */
export interface LedgerRestore {
  /** Answered writes Redis no longer held, written again. */
  restored: number;
  /** Answered writes the journal held (those younger than its span). */
  journal: number;
}

/** Options for {@link createLedgerJournal}. */
export interface LedgerJournalOptions {
  /** How long an answered write is kept for a restore. Default 30 s (Redis loses at most ~2 s). */
  spanMs?: number;
  nowMs?: () => number;
  /** Called after each restore (the dispatcher logs it and counts it). */
  onRestore?: (restore: LedgerRestore) => void;
}

/** How far past its span the oldest entry may get before expired entries are dropped. */
const PRUNE_SLACK_MS = 5000;

interface Entry {
  n: number;
  atMs: number;
  replay: Write<unknown>;
}

/**
 * Keeps the never-twice ledger whole when Redis comes back from a crash with less than it had
 * answered. Redis persisted with `appendfsync everysec` answers writes it has not yet written to
 * its append-only file when a background fsync is slow (up to two seconds of them): if its
 * process dies then, it restarts without claims whose submit_sm went out and without outcomes
 * (and carrier-id mappings) already committed to Kafka. The first would let a replay send twice;
 * the second leaves receipts that match nothing, so the message never gets a final state (the
 * chaos suite found both).
 *
 * Every write carries a number; Redis keeps the numbers of this instance's writes in one set, and
 * each write first checks that the last write this instance saw answered is still there (an
 * atomic part of the same script). When it is not, nothing is written: the instance writes again
 * every answered write of the last `spanMs` that Redis no longer holds, in order, and only then
 * lets writes through again. The numbers, not a counter, tell what is missing: a counter could
 * be pushed past the lost writes by writes sent after the restart.
 *
 * ioredis sends a write again after a reconnect when the crash left it unanswered, with the guard
 * it was first sent with: it may pass that older check on the Redis that lost writes. Such an
 * answer is journaled but never becomes the reference for later checks (it arrives after a
 * reconnect), so the writes after it still see the loss. (Turning the resend off is no way out:
 * ioredis then drops those commands without ever settling them, and the dispatcher waited
 * forever; the chaos suite found that too.)
 */
export function createLedgerJournal(
  client: Redis,
  ttlMs: number,
  options: LedgerJournalOptions = {},
) {
  const connections = connectionCount(client);
  const key = redisKeys.dispatchAcks(randomUUID());
  const spanMs = options.spanMs ?? 30_000;
  const nowMs = options.nowMs ?? Date.now;
  const journal: Entry[] = [];
  let next = 1;
  let lastAnswered = 0;
  let restoring: Promise<void> | undefined;

  const guard = (n: number, restore: boolean): string =>
    packItems([key, n, lastAnswered, journal[0]?.n ?? 0, ttlMs, restore ? '1' : '']);

  function answered(n: number, replay: Write<unknown>, reference: boolean): void {
    const atMs = nowMs();
    // Expired entries go a few seconds' worth at a time, in one splice: a shift per write moved
    // the whole journal (thousands of entries) on every ledger write.
    const oldest = journal[0];
    if (oldest && oldest.atMs < atMs - spanMs - PRUNE_SLACK_MS) {
      const kept = journal.findIndex((e) => e.atMs >= atMs - spanMs);
      journal.splice(0, kept < 0 ? journal.length : kept);
    }
    journal.push({ n, atMs, replay });
    if (reference) lastAnswered = Math.max(lastAnswered, n);
  }

  async function restore(): Promise<void> {
    const held: (string | null)[] = [];
    const numbers = journal.map((e) => e.n);
    for (let i = 0; i < numbers.length; i += 1000)
      held.push(...(await client.zmscore(key, ...numbers.slice(i, i + 1000))));
    const missing = journal.filter((_, i) => held[i] === null);
    // Each entry takes its new number once written again: a restore cut short by another
    // failure leaves the rest to the next one.
    for (const entry of missing) {
      const n = next++;
      await entry.replay(guard(n, true));
      Object.assign(entry, { n, atMs: nowMs() });
      lastAnswered = Math.max(lastAnswered, n);
    }
    journal.sort((a, b) => a.n - b.n);
    // Lost, but older than the journal (Redis emptied, or this instance idle past the span):
    // nothing to write again, and the next answered write is the new reference.
    if (missing.length === 0) lastAnswered = 0;
    options.onRestore?.({ restored: missing.length, journal: numbers.length });
  }

  return {
    /**
     * Runs a ledger write (a script that starts with the guard); `replay` writes its effect again
     * in a restore (default: the write itself, for writes that are safe to repeat).
     */
    async write<T>(
      write: Write<T>,
      replay: (result: T) => Write<unknown> = () => write,
    ): Promise<T> {
      for (;;) {
        while (restoring) await restoring;
        const n = next++;
        const sentOn = connections.count;
        const result = await write(guard(n, false));
        if (result !== 'LOST') {
          answered(n, replay(result), connections.count === sentOn);
          return result;
        }
        restoring ??= restore().finally(() => {
          restoring = undefined;
        });
      }
    },
  };
}

const counts = new WeakMap<Redis, { count: number }>();

/** Counts a client's connections (one listener per client, however many ledgers share it). */
function connectionCount(client: Redis): { count: number } {
  let counter = counts.get(client);
  if (!counter) {
    const created = { count: 0 };
    client.on('ready', () => created.count++);
    counts.set(client, created);
    counter = created;
  }
  return counter;
}

export type LedgerJournal = ReturnType<typeof createLedgerJournal>;
