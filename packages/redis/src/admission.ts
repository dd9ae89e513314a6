import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { withScripts, type ScriptedRedis } from './scripts.js';

/** One message to admit against its caps and the duplicate window. */
export interface AdmissionRequest {
  tenantId: string;
  h: string;
  category: string;
  messageId: string;
  bodyHash: string;
  /** Windows to enforce, longest last or in any order. */
  windows: readonly { windowMs: number; max: number }[];
  duplicateWindowMs: number;
}

/** The result of an admission check. */
export type AdmissionResult =
  | { verdict: 'OK' }
  | { verdict: 'CAPPED'; windowIndex: number; retryAfterMs: number }
  | { verdict: 'DUPLICATE'; retryAfterMs: number };

/** Caps and duplicate checks, one Lua call per message, all pipelined in one round trip. */
export function createAdmission(client: Redis) {
  const redis: ScriptedRedis = withScripts(client);
  return {
    /** Checks and (unless `dryRun`) records each request; idempotent by message id. */
    async admit(requests: readonly AdmissionRequest[], nowMs: number, dryRun = false): Promise<AdmissionResult[]> {
      if (requests.length === 0) return [];
      const pipeline = redis.pipeline() as unknown as ScriptedRedis & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const r of requests) {
        const windowArgs = r.windows.flatMap((w) => [w.windowMs, w.max]);
        void pipeline.smsgwAdmit(
          r.category === 'EMERGENCY' ? redisKeys.emergencyRate(r.tenantId) : redisKeys.frequency(r.tenantId, r.h, r.category),
          redisKeys.duplicate(r.tenantId, r.h, r.bodyHash),
          r.messageId, nowMs, dryRun ? 1 : 0, r.duplicateWindowMs, r.windows.length, ...windowArgs,
        );
      }
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, value]) => {
        if (err) throw err;
        const [verdict, windowIndex, retryAfterMs] = value as [string, number, number];
        if (verdict === 'CAPPED') return { verdict, windowIndex, retryAfterMs };
        if (verdict === 'DUPLICATE') return { verdict, retryAfterMs };
        return { verdict: 'OK' };
      });
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
