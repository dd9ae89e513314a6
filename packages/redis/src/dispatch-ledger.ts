import type { StatusEvent } from '@smsgw/core';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';
import { createLedgerJournal, type LedgerJournalOptions } from './ledger-journal.js';
import { packItems, withScripts } from './scripts.js';

/** A ledger entry: a submit under way, or its outcome. */
export type LedgerEntry =
  | { state: 'inflight'; owner: string; atMs: number }
  | { state: 'done'; owner: string; atMs: number; event: StatusEvent };

/** A carrier id the carrier had already given another message (now ambiguous). */
export interface CarrierIdCollision {
  connector: string;
  carrierId: string;
}

/**
 * What a claim found: claimed now, what an earlier attempt left, or fenced (this instance no
 * longer owns the partition the message came from: nothing was claimed).
 */
export type ClaimResult =
  { kind: 'claimed' } | { kind: 'existing'; entry: LedgerEntry } | { kind: 'fenced' };

/** A partition's fence (see {@link DispatchLedger.fence}): its key and the token this owner holds. */
export interface Fence {
  key: string;
  token: string;
}

/** What {@link DispatchLedger.record} did. */
export interface RecordResult {
  collisions: CarrierIdCollision[];
  /**
   * Outcomes not recorded, by message id, with the entry that stood instead (undefined: none):
   * the in-flight marker had passed to another owner, or another owner had settled it.
   */
  refused: Map<string, LedgerEntry | undefined>;
}

/**
 * The dispatcher's never-twice ledger (ARCHITECTURE.md, Exactly-once): an in-flight marker is
 * written before submit_sm, the outcome after submit_sm_resp, both before the Kafka commit.
 * Every write goes through the journal, which writes again what a crashed Redis lost.
 */
export function createDispatchLedger(
  client: Redis,
  ttlMs: number,
  journalOptions: LedgerJournalOptions = {},
) {
  const redis = withScripts(client);
  const journal = createLedgerJournal(client, ttlMs, journalOptions);
  // Numbers this instance's claims: a claim sent again after a lost answer finds its own marker.
  let claims = 0;
  const unanswered = unansweredClaims();
  return {
    /**
     * Claims each message for `owner` (SET NX GET): claimed, or what an earlier attempt left;
     * with a `fence`, all fenced unless the fence still holds its token.
     */
    async claim(
      messageIds: readonly string[],
      owner: string,
      nowMs: number,
      fence?: Fence,
    ): Promise<ClaimResult[]> {
      if (messageIds.length === 0) return [];
      const marker = inflightMarker(owner, nowMs, ++claims);
      const calls = chunks(messageIds, MAX_KEYS_PER_CALL).map(async (ids) => {
        const keys = packItems(ids.map(redisKeys.dispatch));
        const found = await journal.write((guard) =>
          redis.smsgwLedgerClaim(
            guard,
            keys,
            marker,
            ttlMs,
            fence?.key ?? '',
            fence?.token ?? '',
            '',
          ),
        );
        return found === 0 ? ids.map((): typeof FENCED => FENCED) : found;
      });
      const found = (
        await Promise.all(calls).catch((err: unknown) => {
          unanswered.remember(messageIds, marker);
          throw err;
        })
      ).flat();
      return found.map((previous, i) => {
        if (previous === FENCED) return { kind: 'fenced' };
        const id = messageIds[i] as string;
        if (previous === null || unanswered.wasMine(id, previous)) return { kind: 'claimed' };
        return { kind: 'existing', entry: decodeEntry(previous, id) };
      });
    },
    /**
     * Takes a new token for a partition's fence: from now on only claims that carry it succeed
     * (called by the partition's new owner once Kafka has fenced the previous one).
     */
    async fence(group: string, partition: number): Promise<Fence> {
      const key = redisKeys.dispatchFence(group, partition);
      const token = await journal.write(
        (guard) => redis.smsgwLedgerFence(guard, key, ''),
        (taken) => (guard) => redis.smsgwLedgerFence(guard, key, String(taken)),
      );
      return { key, token: String(token) };
    },
    /** Takes over messages whose earlier attempt is in doubt (the `resend` policy). */
    async takeOver(messageIds: readonly string[], owner: string, nowMs: number): Promise<void> {
      if (messageIds.length === 0) return;
      const keys = packItems(messageIds.map(redisKeys.dispatch));
      const marker = inflightMarker(owner, nowMs, ++claims);
      await journal.write((guard) =>
        redis.smsgwLedgerClaim(guard, keys, marker, ttlMs, '', '', 't'),
      );
    },
    /**
     * Records outcomes, so a replay re-emits them instead of resending, with the carrier ids
     * receipts will name (carrier id → message). Each outcome goes with its mappings in one
     * atomic script call: an outcome is never recorded without them. (Two separate writes let a
     * SIGKILL between them leave a SUBMITTED message whose receipts could never be matched; the
     * chaos suite found it.) Resolves with the carrier ids found already mapped to another
     * message, by connector: those ids are ambiguous from now on (see the script).
     */
    async record(outcomes: readonly Outcome[]): Promise<RecordResult> {
      // Each outcome's keys stay in one call (atomic together); a call takes a bounded number.
      const calls = chunks(outcomes, MAX_KEYS_PER_CALL / 4).map(recordInOneCall);
      const results = await Promise.all(calls);
      return {
        collisions: results.flatMap((r) => r.collisions),
        refused: new Map(results.flatMap((r) => [...r.refused])),
      };
    },
  };

  async function recordInOneCall(outcomes: readonly Outcome[]): Promise<RecordResult> {
    const packed: (string | number)[] = [];
    for (const { event, owner, carrierIds, carrierTtlMs, settles } of outcomes) {
      const ids = carrierIds ?? [];
      packed.push(
        settles === 'in-doubt' ? 'u' : 'o',
        redisKeys.dispatch(event.messageId),
        encodeDone(owner, event),
        ttlMs,
        settles === 'in-doubt' ? '' : markerPrefix(owner),
        ids.length,
      );
      // A long message maps each part's id with its place (`|2/3`): a receipt settles its part.
      ids.forEach((carrierId, i) =>
        packed.push(
          redisKeys.carrierMessage(event.connector, carrierId),
          `${event.messageId}|${event.tenantId}${ids.length > 1 ? `|${i + 1}/${ids.length}` : ''}`,
          carrierTtlMs ?? ttlMs,
        ),
      );
    }
    const outcomesPacked = packItems(packed);
    const [collidedKeys, refusals] = await journal.write((guard) =>
      redis.smsgwRecordOutcomes(guard, outcomesPacked),
    );
    const refused = new Map<string, LedgerEntry | undefined>();
    for (let i = 0; i < refusals.length; i += 2) {
      const { event } = outcomes[Number(refusals[i]) - 1] as Outcome;
      const stood = String(refusals[i + 1] ?? '');
      refused.set(event.messageId, stood ? decodeEntry(stood, event.messageId) : undefined);
    }
    const collided = new Set(collidedKeys);
    if (collided.size === 0) return { collisions: [], refused };
    // Rare (a carrier reusing ids): only then are the keys matched back to their connectors,
    // not on every window's outcomes.
    const collisions: CarrierIdCollision[] = [];
    for (const { event, carrierIds } of outcomes)
      for (const carrierId of carrierIds ?? [])
        if (collided.delete(redisKeys.carrierMessage(event.connector, carrierId)))
          collisions.push({ connector: event.connector, carrierId });
    return { collisions, refused };
  }
}

/**
 * Claims whose call failed (no answer: Redis or the connection went) may still have been written.
 * Their caller sent nothing, so when a later claim finds exactly such a marker the message is
 * this instance's to send, not in doubt. A marker from any other call (one whose claim was
 * answered, so its message may have gone out) never matches: each call's marker is its own.
 */
function unansweredClaims(limit = 100_000) {
  const markers = new Map<string, string>();
  return {
    remember(messageIds: readonly string[], marker: string): void {
      for (const id of messageIds) {
        markers.delete(id);
        markers.set(id, marker);
      }
      // Oldest first: forgetting one only costs an UNKNOWN for a message never sent.
      for (const id of markers.keys()) {
        if (markers.size <= limit) break;
        markers.delete(id);
      }
    },
    wasMine(messageId: string, previous: string): boolean {
      const mine = markers.get(messageId) === previous;
      if (mine) markers.delete(messageId);
      return mine;
    },
  };
}

/** Stands for a claim refused by its fence, among the entries a claim returns. */
const FENCED = Symbol('fenced');

/*
 * Stored entries: fields joined by a unit separator, not JSON of the whole event (a ledger entry
 * per message is most of what the dispatcher sends Redis; the JSON was 280 bytes). An outcome
 * leaves out what its key and stage imply (message id, stage, the time twice). Anything the
 * compact form cannot carry is stored as JSON, which is also how earlier releases stored every
 * entry: both are read.
 */
const SEP = '\x1f';

/**
 * The ledger entry of a submit under way (claim and take-over write the same). The claim's
 * number ends it: the same claim run twice (ioredis sends a command again when a reconnect lost
 * its answer) finds exactly its own marker and is claimed, not in doubt.
 */
const inflightMarker = (owner: string, atMs: number, claim: number): string =>
  owner.includes(SEP)
    ? JSON.stringify({ state: 'inflight', owner, atMs, claim })
    : `i${SEP}${owner}${SEP}${atMs}${SEP}${claim}`;

/** What every in-flight marker of `owner` starts with, whatever its time. */
const markerPrefix = (owner: string): string =>
  owner.includes(SEP)
    ? `${JSON.stringify({ state: 'inflight', owner }).slice(0, -1)},`
    : `i${SEP}${owner}${SEP}`;

function encodeDone(owner: string, event: StatusEvent): string {
  const compact =
    event.stage === 'dispatcher' &&
    !event.releaseAtMs &&
    !owner.includes(SEP) &&
    !event.tenantId.includes(SEP) &&
    !event.connector.includes(SEP);
  if (!compact)
    return JSON.stringify({ state: 'done', owner, atMs: event.atMs, event } satisfies LedgerEntry);
  const reasons = event.reasons.length > 0 ? JSON.stringify(event.reasons) : '';
  // The carrier's id last: it comes from the SMSC and may hold anything, the separator included.
  return [
    'd',
    owner,
    event.atMs,
    event.tenantId,
    event.state,
    event.connector,
    reasons,
    event.carrierMessageId,
  ].join(SEP);
}

function decodeEntry(stored: string, messageId: string): LedgerEntry {
  if (stored.startsWith('{')) {
    const entry = JSON.parse(stored) as LedgerEntry;
    return entry.state === 'inflight'
      ? { state: 'inflight', owner: entry.owner, atMs: entry.atMs }
      : entry;
  }
  const [
    kind,
    owner = '',
    atMs = '0',
    tenantId = '',
    state = '',
    connector = '',
    reasons = '',
    ...carrierId
  ] = stored.split(SEP);
  if (kind === 'i') return { state: 'inflight', owner, atMs: Number(atMs) };
  const event: StatusEvent = {
    messageId,
    tenantId,
    state: state as StatusEvent['state'],
    atMs: Number(atMs),
    stage: 'dispatcher',
    reasons: reasons ? (JSON.parse(reasons) as StatusEvent['reasons']) : [],
    carrierMessageId: carrierId.join(SEP),
    connector,
  };
  return { state: 'done', owner, atMs: Number(atMs), event };
}

/** What {@link DispatchLedger.record} stores for one message. */
interface Outcome {
  event: StatusEvent;
  owner: string;
  carrierIds?: readonly string[];
  carrierTtlMs?: number;
  /**
   * 'own' (default): the outcome of `owner`'s own claim, recorded only while its marker stands.
   * 'in-doubt': an UNKNOWN settling another attempt's claim, recorded only while a marker stands.
   */
  settles?: 'own' | 'in-doubt';
}

/** Keys per script call: one call blocks Redis meanwhile. */
const MAX_KEYS_PER_CALL = 2000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type DispatchLedger = ReturnType<typeof createDispatchLedger>;
