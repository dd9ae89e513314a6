import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** Carrier message ids → our message ids, kept long enough for late receipts. */
export function createCarrierMap(redis: Redis, ttlMs: number) {
  return {
    async remember(connector: string, carrierId: string, messageId: string, tenantId: string): Promise<void> {
      await redis.set(redisKeys.carrierMessage(connector, carrierId), `${messageId}|${tenantId}`, 'PX', ttlMs);
    },
    async lookup(connector: string, carrierId: string): Promise<{ messageId: string; tenantId: string } | undefined> {
      const value = await redis.get(redisKeys.carrierMessage(connector, carrierId));
      if (!value) return undefined;
      const [messageId = '', tenantId = ''] = value.split('|');
      return { messageId, tenantId };
    },
  };
}

export type CarrierMap = ReturnType<typeof createCarrierMap>;
