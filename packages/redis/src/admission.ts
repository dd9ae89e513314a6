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
    async admit(
      requests: readonly AdmissionRequest[],
      nowMs: number,
      dryRun = false,
    ): Promise<AdmissionResult[]> {
      if (requests.length === 0) return [];
      const pipeline = redis.pipeline() as unknown as ScriptedRedis & {
        exec(): Promise<[Error | null, unknown][] | null>;
      };
      for (const r of requests) {
        const windowArgs = r.windows.flatMap((w) => [w.windowMs, w.max]);
        void pipeline.smsgwAdmit(
          r.category === 'EMERGENCY'
            ? redisKeys.emergencyRate(r.tenantId)
            : redisKeys.frequency(r.tenantId, r.h, r.category),
          redisKeys.duplicate(r.tenantId, r.h, r.bodyHash),
          r.messageId,
          nowMs,
          dryRun ? 1 : 0,
          r.duplicateWindowMs,
          r.windows.length,
          ...windowArgs,
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

/** One message's per-recipient check: consent, opt-out, caps and duplicates in one call. */
export interface GateRequest extends AdmissionRequest {
  /** Purpose whose consent is required, or '' when none is. */
  purpose: '' | 'MARKETING' | 'TRANSACTIONAL';
  /** The message passed every other rule, so it may be admitted (counted) now. */
  candidate: boolean;
  honourOptOut: boolean;
  /** When the message was accepted: an erasure after it refuses the message. */
  acceptedAtMs: number;
}

/** What the gate found and decided. */
export interface GateResult {
  optedOut: boolean;
  granted: boolean;
  /** The recipient was erased (ForgetRecipient) after the message was accepted. */
  forgotten: boolean;
  /** Undefined when the message was not admitted (not a candidate, or blocked by consent). */
  admission: AdmissionResult | undefined;
}

/**
 * Consent, opt-out, caps and duplicates for many messages: one Lua call per message (its keys
 * share the {tenant:h} hash tag, so this is Redis Cluster safe), all in one round trip.
 */
export function createGate(client: Redis) {
  const redis: ScriptedRedis = withScripts(client);
  return async (
    requests: readonly GateRequest[],
    nowMs: number,
    dryRun: boolean,
  ): Promise<GateResult[]> => {
    if (requests.length === 0) return [];
    const pipeline = redis.pipeline() as unknown as ScriptedRedis & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const r of requests) {
      void pipeline.smsgwGate(
        redisKeys.consent(r.tenantId, r.h),
        redisKeys.frequency(r.tenantId, r.h, r.category),
        redisKeys.duplicate(r.tenantId, r.h, r.bodyHash),
        redisKeys.forgotten(r.tenantId, r.h),
        r.purpose,
        r.candidate ? 1 : 0,
        r.honourOptOut ? 1 : 0,
        r.acceptedAtMs,
        r.messageId,
        nowMs,
        dryRun ? 1 : 0,
        r.duplicateWindowMs,
        r.windows.length,
        ...r.windows.flatMap((w) => [w.windowMs, w.max]),
      );
    }
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      const [optedOut, granted, verdict, windowIndex, retryAfterMs, forgotten] = value as [
        number,
        number,
        string,
        number,
        number,
        number,
      ];
      const admission: AdmissionResult | undefined =
        verdict === 'SKIP'
          ? undefined
          : verdict === 'CAPPED'
            ? { verdict, windowIndex, retryAfterMs }
            : verdict === 'DUPLICATE'
              ? { verdict, retryAfterMs }
              : { verdict: 'OK' };
      return {
        optedOut: optedOut === 1,
        granted: granted === 1,
        forgotten: forgotten === 1,
        admission,
      };
    });
  };
}

export type Gate = ReturnType<typeof createGate>;
