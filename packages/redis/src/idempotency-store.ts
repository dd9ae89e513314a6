import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** What an idempotency key stands for. */
export interface IdempotencyRecord {
  messageId: string;
  /** sha256 of the request's content: the same key with other content is refused. */
  payloadHash: string;
  /** `pending` until Kafka acknowledged the message. */
  state: 'pending' | 'accepted';
  acceptedAtMs: number;
}

/** One key to claim for a tenant. */
export interface IdempotencyClaim {
  tenantId: string;
  key: string;
  record: IdempotencyRecord;
}

const keyOf = (tenantId: string, key: string): string =>
  redisKeys.idempotency(tenantId, createHash('sha256').update(key).digest('hex').slice(0, 32));

/** Client idempotency keys (ingress): claimed before the Kafka write, marked accepted after it. */
export function createIdempotencyStore(redis: Redis, ttlMs: number) {
  return {
    /** Claims each key (SET NX GET): null when it is new, else what it already stands for. */
    async claim(claims: readonly IdempotencyClaim[]): Promise<(IdempotencyRecord | null)[]> {
      if (claims.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const c of claims)
        pipeline.call(
          'SET',
          keyOf(c.tenantId, c.key),
          JSON.stringify(c.record),
          'NX',
          'GET',
          'PX',
          String(ttlMs),
        );
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, previous]) => {
        if (err) throw err;
        return previous === null ? null : (JSON.parse(previous as string) as IdempotencyRecord);
      });
    },
    /** Marks keys accepted once Kafka acknowledged their messages. */
    async accept(claims: readonly IdempotencyClaim[]): Promise<void> {
      if (claims.length === 0) return;
      const pipeline = redis.pipeline();
      for (const c of claims)
        pipeline.set(
          keyOf(c.tenantId, c.key),
          JSON.stringify({ ...c.record, state: 'accepted' }),
          'PX',
          ttlMs,
        );
      await pipeline.exec();
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
