import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { withScripts, type ScriptedRedis } from './scripts.js';

/** Messages held for quiet hours, released when due. Members are encoded messages. */
export function createDeferredQueue(client: Redis) {
  const redis: ScriptedRedis = withScripts(client);
  const key = redisKeys.deferred();
  return {
    /** Holds messages until their release time (idempotent: the same bytes are stored once). */
    async hold(items: readonly { releaseAtMs: number; payload: Buffer }[]): Promise<void> {
      if (items.length === 0) return;
      await redis.zadd(
        key,
        ...items.flatMap((i) => [i.releaseAtMs, i.payload] as [number, Buffer]),
      );
    },
    /** Claims up to `limit` due messages for `leaseMs` (they come back if not acknowledged). */
    claimDue: (nowMs: number, leaseMs: number, limit: number): Promise<Buffer[]> =>
      redis.smsgwClaimDueBuffer(key, nowMs, leaseMs, limit),
    /** How many messages are held, and the release time of the earliest (undefined when none). */
    async stats(): Promise<{ depth: number; earliestReleaseMs: number | undefined }> {
      const [depth, first] = await Promise.all([
        redis.zcard(key),
        redis.zrange(key, 0, 0, 'WITHSCORES'),
      ]);
      return { depth, earliestReleaseMs: first[1] === undefined ? undefined : Number(first[1]) };
    },
    /** Removes released messages. */
    async acknowledge(payloads: readonly Buffer[]): Promise<void> {
      if (payloads.length > 0) await redis.zrem(key, ...payloads);
    },
  };
}

export type DeferredQueue = ReturnType<typeof createDeferredQueue>;
