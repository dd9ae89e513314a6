import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** The mapping of a carrier id handed to two messages (written by the ledger's record script). */
const AMBIGUOUS = '!';

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
    /** The message a carrier id names; `ambiguous` when the carrier gave it to two messages. */
    async lookup(
      connector: string,
      carrierId: string,
    ): Promise<{ messageId: string; tenantId: string } | 'ambiguous' | undefined> {
      const value = await redis.get(redisKeys.carrierMessage(connector, carrierId));
      if (!value) return undefined;
      if (value === AMBIGUOUS) return 'ambiguous';
      const [messageId = '', tenantId = ''] = value.split('|');
      return { messageId, tenantId };
    },
  };
}

export type CarrierMap = ReturnType<typeof createCarrierMap>;
