import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { withScripts, type ScriptedRedis } from './scripts.js';

const WEEK_MS = 7 * 86_400_000;

/** A message to hold: its release time, its bytes and whose it is (tenant, recipient hash). */
export interface DeferredItem {
  releaseAtMs: number;
  payload: Buffer;
  owner?: { tenantId: string; h: string } | undefined;
}

/** Messages held for quiet hours, released when due. Members are encoded messages. */
export function createDeferredQueue(client: Redis) {
  const redis: ScriptedRedis = withScripts(client);
  const key = redisKeys.deferred();
  return {
    /**
     * Holds messages until their release time (idempotent: the same bytes are stored once), each
     * also listed under its recipient so an erasure finds it (kept a week past its release).
     */
    async hold(items: readonly DeferredItem[]): Promise<void> {
      if (items.length === 0) return;
      const tx = redis
        .multi()
        .zadd(key, ...items.flatMap((i) => [i.releaseAtMs, i.payload] as [number, Buffer]));
      for (const i of items) {
        if (!i.owner) continue;
        const of = redisKeys.deferredOf(i.owner.tenantId, i.owner.h);
        // NX for a new list, GT for one that already holds an earlier message.
        const at = i.releaseAtMs + WEEK_MS;
        tx.sadd(of, i.payload).pexpireat(of, at, 'NX').pexpireat(of, at, 'GT');
      }
      await tx.exec();
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
