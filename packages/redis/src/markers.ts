import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { withScripts, type ScriptedRedis } from './scripts.js';

/** What a record claiming an id learns: see the CLAIM script. */
export interface Claim {
  kind: 'first' | 'replay' | 'duplicate';
  /** The outcome stored by the first record (so a replay repeats the same decision). */
  outcome: string;
}

/** Markers telling a Kafka replay (redo, re-emit) from a duplicate record (emit nothing). */
export function createMarkers(client: Redis, ttlMs: number) {
  const redis: ScriptedRedis = withScripts(client);
  return {
    async claim(
      scope: string,
      items: readonly { id: string; position: string; outcome: string }[],
    ): Promise<Claim[]> {
      if (items.length === 0) return [];
      const pipeline = redis.pipeline() as unknown as ScriptedRedis & {
        exec(): Promise<[Error | null, unknown][] | null>;
      };
      for (const item of items)
        void pipeline.smsgwClaim(
          redisKeys.marker(scope, item.id),
          item.position,
          ttlMs,
          item.outcome,
        );
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, value]) => {
        if (err) throw err;
        const [kind, outcome] = value as [Claim['kind'], string];
        return { kind, outcome };
      });
    },
    /** Stores the outcome a first record decided, so a replay of it repeats the same outcome. */
    async setOutcome(scope: string, id: string, position: string, outcome: string): Promise<void> {
      await client.set(redisKeys.marker(scope, id), `${position}|${outcome}`, 'PX', ttlMs);
    },
  };
}

export type Markers = ReturnType<typeof createMarkers>;
