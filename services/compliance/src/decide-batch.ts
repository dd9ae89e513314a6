import {
  acceptedStatus,
  type Clock,
  type Reason,
  type SmsMessage,
  type StatusEvent,
} from '@smsgw/core';
import {
  decodeEach,
  type DeadLetters,
  type OutRecord,
  type StageRecord,
  type TopicNames,
} from '@smsgw/kafka';
import type { Logger } from '@smsgw/observability';
import { acceptedEventCodec, approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import type { DeferredQueue, Markers } from '@smsgw/redis';
import type { Evaluation, Evaluator } from './evaluator.js';
import type { ComplianceMetrics } from './metrics.js';

/** Dependencies of {@link createDecisionHandler}. */
export interface DecisionHandlerDeps {
  evaluate: Evaluator;
  markers: Markers;
  deferred: DeferredQueue;
  topics: TopicNames;
  clock: Clock;
  metrics: ComplianceMetrics;
  logger: Logger;
  audit: (sms: SmsMessage) => Promise<void>;
  /** Counts refusals because of an opt-out, for the compliance report. */
  countOptedOutRefusals: (refusals: readonly { tenantId: string; atMs: number }[]) => Promise<void>;
  deadLetters: DeadLetters;
}

const optedOut = (e: Evaluation): boolean =>
  e.decision === 'REJECT' && e.reasons.some((r) => r.code === 'OPTED_OUT');

/** A status event for a compliance decision. */
export function decisionStatus(
  sms: SmsMessage,
  state: StatusEvent['state'],
  reasons: Reason[],
  atMs: number,
  releaseAtMs = 0,
): StatusEvent {
  return {
    messageId: sms.messageId,
    tenantId: sms.tenantId,
    state,
    atMs,
    stage: 'compliance',
    reasons,
    carrierMessageId: '',
    connector: '',
    releaseAtMs,
  };
}

/**
 * The stage handler on `accepted`: evaluates the batch, holds deferred messages in Redis, and
 * returns approved messages and status events for the transaction. A message decided before
 * by another record (a second release of a deferred message) is not decided again; a replay
 * of the same record (an aborted transaction) is. Each message's ACCEPTED event is published
 * here, by the first record of its id only: neither a release of a deferred message nor the
 * copy ingress writes when a client retries a call whose write failed after landing repeats it.
 */
export function createDecisionHandler(deps: DecisionHandlerDeps) {
  const accepted = acceptedEventCodec();
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  const { topics, metrics } = deps;

  function outputs(e: Evaluation, atMs: number): OutRecord[] {
    const statusRecord = (event: StatusEvent): OutRecord => ({
      topic: topics.status,
      key: event.messageId,
      value: status.encode(event),
    });
    if (e.decision === 'REJECT')
      return [statusRecord(decisionStatus(e.sms, 'REJECTED', e.reasons, atMs))];
    if (e.decision === 'DEFER')
      return [statusRecord(decisionStatus(e.sms, 'DEFERRED', e.reasons, atMs, e.releaseAtMs))];
    return [
      {
        topic: topics.approved,
        key: e.sms.to,
        value: approved.encode({
          sms: e.sms,
          approvedAtMs: atMs,
          advisories: e.advisories,
          priority: e.priority,
          segments: e.segments,
        }),
      },
      statusRecord(decisionStatus(e.sms, 'APPROVED', e.advisories, atMs)),
    ];
  }

  return async (records: StageRecord[]): Promise<OutRecord[]> => {
    const { decoded, dead } = decodeEach(
      records,
      (r) => accepted.decode(r.value).sms as SmsMessage | null,
      deps.deadLetters,
    );
    const items: { sms: SmsMessage; record: StageRecord }[] = [];
    for (const { record, value } of decoded)
      if (value?.messageId) items.push({ sms: value, record });
      else dead.push(deps.deadLetters.of(record, 'invalid', 'accepted event without a message'));
    const position = (r: StageRecord): string => `${r.partition}:${r.offset}`;
    const arrivals = await deps.markers.claim(
      'accepted',
      items.map(({ sms, record }) => ({
        id: sms.messageId,
        position: position(record),
        outcome: 'ACCEPTED',
      })),
    );
    const evaluations = await deps.evaluate(
      items.map((i) => i.sms),
      { dryRun: false },
    );
    const atMs = deps.clock.nowMs();
    const finals = evaluations.flatMap((e, i) => (e.decision === 'DEFER' ? [] : [{ e, i }]));
    const claims = await deps.markers.claim(
      'decision',
      finals.map(({ e, i }) => ({
        id: e.sms.messageId,
        position: position((items[i] as (typeof items)[number]).record),
        outcome: e.decision,
      })),
    );
    const duplicates = new Set(
      finals.filter((_, j) => claims[j]?.kind === 'duplicate').map(({ i }) => i),
    );
    // Counted on the first decision only: a replayed batch is not counted twice.
    await deps.countOptedOutRefusals(
      finals
        .filter(({ e }, j) => claims[j]?.kind === 'first' && optedOut(e))
        .map(({ e }) => ({ tenantId: e.sms.tenantId, atMs })),
    );
    await deps.deferred.hold(
      evaluations.flatMap((e, i) =>
        e.decision === 'DEFER'
          ? [
              {
                releaseAtMs: e.releaseAtMs,
                payload: items[i]?.record.value as Buffer,
                owner: e.recipientHash
                  ? { tenantId: e.sms.tenantId, h: e.recipientHash }
                  : undefined,
              },
            ]
          : [],
      ),
    );
    const out: OutRecord[] = dead;
    for (const [i, e] of evaluations.entries()) {
      const sms = (items[i] as (typeof items)[number]).sms;
      if (arrivals[i]?.kind !== 'duplicate')
        out.push({
          topic: topics.status,
          key: sms.messageId,
          value: status.encode(acceptedStatus(sms)),
        });
      if (duplicates.has(i)) {
        metrics.duplicateRecords.inc();
        continue;
      }
      metrics.decisions.inc({ decision: e.decision, category: e.sms.category });
      for (const r of e.reasons) metrics.reasons.inc({ reason: r.code });
      if (e.decision === 'APPROVE' && e.sms.category === 'EMERGENCY') await deps.audit(e.sms);
      out.push(...outputs(e, atMs));
    }
    return out;
  };
}
