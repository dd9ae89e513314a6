import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** An opt-out that took effect (no number, no text: the MO's id and times). */
export interface OptOutAuditEntry {
  inboundId: string;
  receivedAtMs: number;
  effectiveAtMs: number;
  /** `keyword` or `intent` (plain language); `all` for STOPALL. */
  how: string;
  /** The number was opted out already: nothing changed and no confirmation is sent again. */
  repeat: boolean;
  /** The confirmation reply (tenant and message id), empty when none was sent. */
  confirmationTenantId: string;
  confirmationMessageId: string;
}

/** An emergency message as approved: who, why and when; never the number or the text. */
export interface EmergencyAuditEntry {
  messageId: string;
  reason: string;
  atMs: number;
}

const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;
const day = (atMs: number): string => new Date(atMs).toISOString().slice(0, 10);

/**
 * The evidence an auditor asks for, per tenant: opt-outs with their timings, emergency sends
 * with their reasons (sorted sets by time, trimmed to `retentionMs`), and refusals because of an
 * opt-out (a count per UTC day). Writes are idempotent under replay (`ZADD NX`, members without
 * the write time).
 */
export function createComplianceAudit(redis: Redis, retentionMs: number) {
  const trimBefore = (nowMs: number): number => nowMs - retentionMs;
  async function add(key: string, scoreMs: number, member: string, nowMs: number): Promise<void> {
    await redis
      .multi()
      .zadd(key, 'NX', scoreMs, member)
      .zremrangebyscore(key, '-inf', `(${trimBefore(nowMs)}`)
      .pexpire(key, retentionMs)
      .exec();
  }
  async function range<T>(key: string, fromMs: number, toMs: number, limit: number): Promise<T[]> {
    const members = await redis.zrangebyscore(key, fromMs, `(${toMs}`, 'LIMIT', 0, limit);
    return members.map((m) => JSON.parse(m) as T);
  }
  return {
    recordOptOut: (tenantId: string, entry: OptOutAuditEntry, nowMs: number): Promise<void> =>
      add(redisKeys.optOutAudit(tenantId), entry.receivedAtMs, JSON.stringify(entry), nowMs),
    recordEmergency: (tenantId: string, entry: EmergencyAuditEntry, nowMs: number) =>
      add(
        redisKeys.emergencyAudit(tenantId),
        entry.atMs,
        JSON.stringify({ messageId: entry.messageId, reason: entry.reason }),
        nowMs,
      ),
    /** Counts refusals with OPTED_OUT: one HINCRBY per tenant and day of the batch. */
    async countOptedOutRefusals(refusals: readonly { tenantId: string; atMs: number }[]) {
      if (refusals.length === 0) return;
      const counts = new Map<string, Map<string, number>>();
      for (const r of refusals) {
        const perDay = counts.get(r.tenantId) ?? new Map<string, number>();
        perDay.set(day(r.atMs), (perDay.get(day(r.atMs)) ?? 0) + 1);
        counts.set(r.tenantId, perDay);
      }
      const pipeline = redis.pipeline();
      for (const [tenantId, perDay] of counts) {
        const key = redisKeys.optedOutRefusals(tenantId);
        for (const [d, n] of perDay) pipeline.hincrby(key, d, n);
        pipeline.pexpire(key, retentionMs);
      }
      await pipeline.exec();
    },
    optOuts: (tenantId: string, fromMs: number, toMs: number, limit: number) =>
      range<OptOutAuditEntry>(redisKeys.optOutAudit(tenantId), fromMs, toMs, limit),
    async emergencies(tenantId: string, fromMs: number, toMs: number, limit: number) {
      const key = redisKeys.emergencyAudit(tenantId);
      const flat = await redis.zrangebyscore(
        key,
        fromMs,
        `(${toMs}`,
        'WITHSCORES',
        'LIMIT',
        0,
        limit,
      );
      const out: EmergencyAuditEntry[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const m = JSON.parse(flat[i] as string) as { messageId: string; reason: string };
        out.push({ ...m, atMs: Number(flat[i + 1]) });
      }
      return out;
    },
    /** Refusals with OPTED_OUT on the UTC days that overlap [fromMs, toMs). */
    async optedOutRefusals(tenantId: string, fromMs: number, toMs: number): Promise<number> {
      // At most 3,660 days, however long the period: the loop never runs past what is read.
      const days: string[] = [];
      for (
        let t = Math.floor(fromMs / DAY_MS) * DAY_MS;
        t < toMs && days.length < MAX_DAYS;
        t += DAY_MS
      )
        days.push(day(t));
      if (days.length === 0) return 0;
      const values = await redis.hmget(redisKeys.optedOutRefusals(tenantId), ...days);
      return values.reduce((n, v) => n + Number(v ?? 0), 0);
    },
  };
}

export type ComplianceAuditStore = ReturnType<typeof createComplianceAudit>;
