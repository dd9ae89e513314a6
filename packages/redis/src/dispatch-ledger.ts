import type { StatusEvent } from '@smsgw/core';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** A ledger entry: a submit under way, or its outcome. */
export type LedgerEntry =
  | { state: 'inflight'; owner: string; atMs: number }
  | { state: 'done'; owner: string; atMs: number; event: StatusEvent };

/** What a claim found. */
export type ClaimResult = { kind: 'claimed' } | { kind: 'existing'; entry: LedgerEntry };

/**
 * The dispatcher's never-twice ledger (ARCHITECTURE.md, Exactly-once): an in-flight marker is
 * written before submit_sm, the outcome after submit_sm_resp, both before the Kafka commit.
 */
export function createDispatchLedger(redis: Redis, ttlMs: number) {
  return {
    /** Claims each message for `owner` (SET NX GET): claimed, or what an earlier attempt left. */
    async claim(messageIds: readonly string[], owner: string, nowMs: number): Promise<ClaimResult[]> {
      if (messageIds.length === 0) return [];
      const marker = JSON.stringify({ state: 'inflight', owner, atMs: nowMs } satisfies LedgerEntry);
      const pipeline = redis.pipeline();
      for (const id of messageIds) pipeline.call('SET', redisKeys.dispatch(id), marker, 'NX', 'GET', 'PX', String(ttlMs));
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, previous]) => {
        if (err) throw err;
        return previous === null ? { kind: 'claimed' } : { kind: 'existing', entry: JSON.parse(previous as string) as LedgerEntry };
      });
    },
    /** Takes over messages whose earlier attempt is in doubt (the `resend` policy). */
    async takeOver(messageIds: readonly string[], owner: string, nowMs: number): Promise<void> {
      if (messageIds.length === 0) return;
      const marker = JSON.stringify({ state: 'inflight', owner, atMs: nowMs } satisfies LedgerEntry);
      const pipeline = redis.pipeline();
      for (const id of messageIds) pipeline.set(redisKeys.dispatch(id), marker, 'PX', ttlMs);
      await pipeline.exec();
    },
    /**
     * Records outcomes, so a replay re-emits them instead of resending, with the carrier ids
     * receipts will name (carrier id → message). One pipeline, mappings first: an outcome is never
     * recorded without them. (Two separate writes let a SIGKILL between them leave a SUBMITTED
     * message whose receipts could never be matched; the chaos suite found it.)
     */
    async record(outcomes: readonly { event: StatusEvent; owner: string; carrierIds?: readonly string[]; carrierTtlMs?: number }[]): Promise<void> {
      if (outcomes.length === 0) return;
      const pipeline = redis.pipeline();
      for (const { event, owner, carrierIds, carrierTtlMs } of outcomes) {
        for (const carrierId of carrierIds ?? []) {
          pipeline.set(redisKeys.carrierMessage(event.connector, carrierId), `${event.messageId}|${event.tenantId}`, 'PX', carrierTtlMs ?? ttlMs);
        }
        const entry: LedgerEntry = { state: 'done', owner, atMs: event.atMs, event };
        pipeline.set(redisKeys.dispatch(event.messageId), JSON.stringify(entry), 'PX', ttlMs);
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([err]) => err)?.[0];
      if (failed) throw failed;
    },
  };
}

export type DispatchLedger = ReturnType<typeof createDispatchLedger>;
