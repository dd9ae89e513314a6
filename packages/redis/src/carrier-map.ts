import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** The mapping of a carrier id handed to two messages (written by the ledger's record script). */
const AMBIGUOUS = '!';

/** The field of a long message's receipt-parts hash naming the part that decided `delivered`. */
const DECIDER = 'by';

/** Carrier message ids → our message ids (written with the ledger's outcome), and receipts seen. */
export function createCarrierMap(redis: Redis, ttlMs: number) {
  return {
    /** True when this receipt (carrier id and stat) was already stored. */
    async receiptSeen(connector: string, carrierId: string, stat: string): Promise<boolean> {
      return (await redis.exists(redisKeys.receiptSeen(connector, carrierId, stat))) === 1;
    },
    /** Marks a receipt as stored (after its event is in Kafka). */
    async markReceipt(connector: string, carrierId: string, stat: string): Promise<void> {
      await redis.set(redisKeys.receiptSeen(connector, carrierId, stat), '1', 'PX', ttlMs);
    },
    /**
     * Counts one more delivery of a receipt that matched no message and returns the count so
     * far (shared by every dispatcher instance; forgotten a day after the last one).
     */
    async countUnmatched(connector: string, carrierId: string, stat: string): Promise<number> {
      const key = redisKeys.receiptUnmatched(connector, carrierId, stat);
      const [[, count] = []] =
        (await redis.multi().incr(key).pexpire(key, 86_400_000).exec()) ?? [];
      return Number(count ?? 0);
    },
    /**
     * The message a carrier id names (with the part it was, for a long message); `ambiguous`
     * when the carrier gave it to two messages.
     */
    async lookup(connector: string, carrierId: string): Promise<CarrierMatch | undefined> {
      const value = await redis.get(redisKeys.carrierMessage(connector, carrierId));
      if (!value) return undefined;
      if (value === AMBIGUOUS) return 'ambiguous';
      const [messageId = '', tenantId = '', place] = value.split('|');
      const [index, total] = (place ?? '').split('/').map(Number);
      return index && total
        ? { messageId, tenantId, part: { index, total } }
        : { messageId, tenantId };
    },
    /**
     * Records the final receipt state of one part of a long message and says what the message's
     * state is now: every part delivered, the first part (by number) that failed, or still
     * waiting for parts. Idempotent: a redelivered receipt gives the same answer again.
     *
     * `delivered` names the one part whose receipt writes it: the first to find every part
     * delivered. Once both parts' states are stored, both receipts find the message complete (a
     * dispatcher killed after storing them gets both redelivered, at once, to its successor), and
     * both wrote DELIVERED (44 messages twice in one chaos run). The part that decided is kept,
     * so its own redelivery (a crash before its acknowledgement) may still write it.
     */
    async settlePart(
      messageId: string,
      part: { index: number; total: number },
      state: string,
    ): Promise<PartsVerdict> {
      const key = redisKeys.receiptParts(messageId);
      const [, , [, fields] = []] =
        (await redis
          .multi()
          .hset(key, String(part.index), state)
          .pexpire(key, ttlMs)
          .hgetall(key)
          .exec()) ?? [];
      const verdict = partsVerdict(fields as Record<string, string>, part.total);
      if (verdict.kind !== 'delivered') return verdict;
      const [, [, decider] = []] =
        (await redis.multi().hsetnx(key, DECIDER, String(part.index)).hget(key, DECIDER).exec()) ??
        [];
      return { kind: 'delivered', by: Number(decider) };
    },
  };
}

/** What a carrier id names. */
export type CarrierMatch =
  { messageId: string; tenantId: string; part?: { index: number; total: number } } | 'ambiguous';

/** A long message's state from its parts' receipts. */
export type PartsVerdict =
  | { kind: 'waiting'; settled: number }
  | { kind: 'delivered'; by?: number }
  | { kind: 'failed'; part: number; state: string };

/**
 * Delivered only when every part is; failed as soon as one part is (the lowest-numbered failed
 * part decides, so every receipt agrees on which); otherwise waiting.
 */
export function partsVerdict(
  states: Readonly<Record<string, string>>,
  total: number,
): PartsVerdict {
  const parts = Object.entries(states).filter(([field]) => field !== DECIDER);
  const failed = parts
    .filter(([, state]) => state !== 'DELIVERED')
    .map(([part, state]) => ({ part: Number(part), state }))
    .sort((a, b) => a.part - b.part)[0];
  if (failed) return { kind: 'failed', ...failed };
  const settled = parts.length;
  return settled >= total ? { kind: 'delivered' } : { kind: 'waiting', settled };
}

export type CarrierMap = ReturnType<typeof createCarrierMap>;
