import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { withScripts, type ScriptedRedis } from './scripts.js';

/** Why a message is sent, for consent purposes. */
export type ConsentPurpose = 'TRANSACTIONAL' | 'MARKETING';

/** Proof of how consent was given or withdrawn. */
export interface ConsentEvidence {
  source: string;
  channel: string;
  atMs: number;
  proofText: string;
  moMessageId: string;
}

/** One purpose's consent. */
export interface ConsentEntry {
  granted: boolean;
  evidence: ConsentEvidence;
}

/** A double opt-in waiting for `YES`. */
export interface PendingOptIn {
  keyword: string;
  purpose: ConsentPurpose;
  evidence: ConsentEvidence;
}

/** Everything the evaluator needs to know about one recipient of one tenant. */
export interface ConsentState {
  consents: Partial<Record<ConsentPurpose, ConsentEntry>>;
  optedOut: boolean;
  pending: PendingOptIn | undefined;
}

/** One entry of the append-only history. */
export interface ConsentHistoryEntry {
  action: 'GRANT' | 'REVOKE' | 'OPT_OUT' | 'OPT_IN' | 'PENDING_DOUBLE_OPT_IN' | 'FORGET';
  purpose: ConsentPurpose | '';
  evidence: ConsentEvidence;
}

/** A recipient of a tenant, by keyed hash (numbers are never stored in clear). */
export interface RecipientRef {
  tenantId: string;
  h: string;
}

/** How long an erasure refuses messages accepted before it: longer than any deferral or backlog. */
const ERASURE_MARKER_TTL_MS = 8 * 86_400_000;

/**
 * The history a recipient keeps, newest entries: a tenant recording consent for one number in a
 * loop cannot grow a Redis list without bound. The consent in force keeps its own evidence in
 * the consent hash, whatever the history dropped.
 */
export const CONSENT_HISTORY_CAP = 1000;

const FIELDS = ['TRANSACTIONAL', 'MARKETING', 'optout', 'pending'] as const;

function parse<T>(raw: string | null | undefined): T | undefined {
  return raw ? (JSON.parse(raw) as T) : undefined;
}

/** Exact consent store: a hash per (tenant, recipient), an append-only log, an index for rebuilds. */
export function createConsentStore(client: Redis) {
  const redis: ScriptedRedis = withScripts(client);
  const logEntry = (entry: ConsentHistoryEntry): string => JSON.stringify(entry);

  function toState(values: (string | null)[]): ConsentState {
    const [transactional, marketing, optout, pending] = values;
    return {
      consents: {
        TRANSACTIONAL: parse<ConsentEntry>(transactional),
        MARKETING: parse<ConsentEntry>(marketing),
      },
      optedOut: optout !== null && optout !== undefined,
      pending: parse<PendingOptIn>(pending),
    };
  }

  return {
    /** Consent state of many recipients in one round trip. */
    async getMany(refs: readonly RecipientRef[]): Promise<ConsentState[]> {
      if (refs.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const r of refs) pipeline.hmget(redisKeys.consent(r.tenantId, r.h), ...FIELDS);
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, values]) => {
        if (err) throw err;
        return toState(values as (string | null)[]);
      });
    },

    /** Grants or revokes consent for a purpose, with evidence, appended to the history. */
    async setConsent(
      ref: RecipientRef,
      purpose: ConsentPurpose,
      granted: boolean,
      evidence: ConsentEvidence,
    ): Promise<void> {
      const entry: ConsentEntry = { granted, evidence };
      await redis
        .multi()
        .hset(redisKeys.consent(ref.tenantId, ref.h), purpose, JSON.stringify(entry))
        .rpush(
          redisKeys.consentLog(ref.tenantId, ref.h),
          logEntry({ action: granted ? 'GRANT' : 'REVOKE', purpose, evidence }),
        )
        .ltrim(redisKeys.consentLog(ref.tenantId, ref.h), -CONSENT_HISTORY_CAP, -1)
        .sadd(redisKeys.consentIndex(ref.tenantId), ref.h)
        .exec();
    },

    /**
     * Many grants at once (imports): one round trip per call. A row whose grant is already in
     * force with the same evidence changes nothing (no second history entry): an import
     * resumed after an interruption sends some rows again.
     */
    async grantMany(
      items: readonly { ref: RecipientRef; purpose: ConsentPurpose; evidence: ConsentEvidence }[],
    ): Promise<void> {
      const pipeline = redis.pipeline() as unknown as ScriptedRedis & {
        exec(): Promise<[Error | null, unknown][] | null>;
      };
      for (const { ref, purpose, evidence } of items) {
        void pipeline.smsgwGrant(
          redisKeys.consent(ref.tenantId, ref.h),
          redisKeys.consentLog(ref.tenantId, ref.h),
          purpose,
          JSON.stringify({ granted: true, evidence }),
          logEntry({ action: 'GRANT', purpose, evidence }),
          CONSENT_HISTORY_CAP,
        );
        void pipeline.sadd(redisKeys.consentIndex(ref.tenantId), ref.h);
      }
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([err]) => err)?.[0];
      if (failed) throw failed;
    },

    /** Opts out (STOP) or back in (START); true when the state changed. Atomic with the history. */
    async setOptOut(
      ref: RecipientRef,
      optedOut: boolean,
      evidence: ConsentEvidence,
    ): Promise<boolean> {
      const entry = logEntry({ action: optedOut ? 'OPT_OUT' : 'OPT_IN', purpose: '', evidence });
      const changed = await redis.smsgwSetOptOut(
        redisKeys.consent(ref.tenantId, ref.h),
        redisKeys.consentLog(ref.tenantId, ref.h),
        optedOut ? 'optout' : 'optin',
        entry,
        CONSENT_HISTORY_CAP,
      );
      return changed === 1;
    },

    /** Records a double opt-in waiting for `YES`. */
    async setPending(ref: RecipientRef, pending: PendingOptIn): Promise<void> {
      await redis
        .multi()
        .hset(redisKeys.consent(ref.tenantId, ref.h), 'pending', JSON.stringify(pending))
        .rpush(
          redisKeys.consentLog(ref.tenantId, ref.h),
          logEntry({
            action: 'PENDING_DOUBLE_OPT_IN',
            purpose: pending.purpose,
            evidence: pending.evidence,
          }),
        )
        .ltrim(redisKeys.consentLog(ref.tenantId, ref.h), -CONSENT_HISTORY_CAP, -1)
        .exec();
    },

    async clearPending(ref: RecipientRef): Promise<void> {
      await redis.hdel(redisKeys.consent(ref.tenantId, ref.h), 'pending');
    },

    async history(ref: RecipientRef): Promise<ConsentHistoryEntry[]> {
      const entries = await redis.lrange(redisKeys.consentLog(ref.tenantId, ref.h), 0, -1);
      return entries.map((e) => JSON.parse(e) as ConsentHistoryEntry);
    },

    /** The same history a page at a time (oldest first): an export never holds all of it. */
    async *historyPages(ref: RecipientRef, pageSize = 500): AsyncIterable<ConsentHistoryEntry[]> {
      const key = redisKeys.consentLog(ref.tenantId, ref.h);
      for (let start = 0; ; start += pageSize) {
        const entries = await redis.lrange(key, start, start + pageSize - 1);
        if (entries.length > 0) yield entries.map((e) => JSON.parse(e) as ConsentHistoryEntry);
        if (entries.length < pageSize) return;
      }
    },

    /**
     * Erases a recipient's records and the messages held for them, in one atomic script. When
     * they had opted out, a bare suppression entry (keyed by the hash, no evidence) is kept so
     * the opt-out stays honoured.
     */
    async forget(
      ref: RecipientRef,
      atMs: number,
    ): Promise<{ suppressionKept: boolean; deferredDropped: number }> {
      const [optedOut, dropped] = await redis.smsgwForget(
        redisKeys.consent(ref.tenantId, ref.h),
        redisKeys.consentLog(ref.tenantId, ref.h),
        redisKeys.consentIndex(ref.tenantId),
        redisKeys.deferredOf(ref.tenantId, ref.h),
        redisKeys.deferred(),
        redisKeys.forgotten(ref.tenantId, ref.h),
        ref.h,
        JSON.stringify({ atMs, forgotten: true }),
        atMs,
        ERASURE_MARKER_TTL_MS,
      );
      return { suppressionKept: optedOut === 1, deferredDropped: dropped };
    },

    /** Recipient hashes with a granted consent for `purpose`, in batches (for bloom rebuilds). */
    async *grantedHashes(tenantId: string, purpose: ConsentPurpose): AsyncIterable<string[]> {
      let cursor = '0';
      do {
        const [next, hashes] = await redis.sscan(
          redisKeys.consentIndex(tenantId),
          cursor,
          'COUNT',
          1000,
        );
        cursor = next;
        if (hashes.length === 0) continue;
        const pipeline = redis.pipeline();
        for (const h of hashes) pipeline.hget(redisKeys.consent(tenantId, h), purpose);
        const results = (await pipeline.exec()) ?? [];
        yield hashes.filter(
          (_, i) => parse<ConsentEntry>(results[i]?.[1] as string | null)?.granted === true,
        );
      } while (cursor !== '0');
    },
  };
}

export type ConsentStore = ReturnType<typeof createConsentStore>;

/**
 * Whether recipients opted out, by a pipelined HEXISTS each: for messages the consent bloom
 * filter already refused, whose refusal must still say OPTED_OUT (no Lua call needed).
 */
export function createOptOutReader(client: Redis) {
  return async (refs: readonly { tenantId: string; h: string }[]): Promise<boolean[]> => {
    if (refs.length === 0) return [];
    const pipeline = client.pipeline();
    for (const r of refs) pipeline.hexists(redisKeys.consent(r.tenantId, r.h), 'optout'); // the field setOptOut writes;
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      return value === 1;
    });
  };
}

export type OptOutReader = ReturnType<typeof createOptOutReader>;
