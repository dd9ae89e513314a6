import type { Clock, SmsMessage, StatusEvent } from '@smsgw/core';
import type { OutRecord, StageRecord, TopicNames } from '@smsgw/kafka';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import type { DispatchLedger } from '@smsgw/redis';
import type { DispatcherMetrics } from './metrics.js';
import type { ApprovedMessage } from './submit-message.js';

/** What to do with a message an earlier attempt may have submitted (ARCHITECTURE.md). */
export type InDoubtPolicy = 'report' | 'resend';

/** Dependencies of {@link createBatchSubmitter}. */
export interface BatchSubmitterDeps {
  topics: TopicNames;
  submit: (message: ApprovedMessage) => Promise<StatusEvent>;
  ledger: DispatchLedger;
  /** This instance (host, pid, start time): the epoch written in in-flight markers. */
  owner: string;
  connector: string;
  inDoubtPolicy: InDoubtPolicy;
  clock: Clock;
  metrics: DispatcherMetrics;
}

function inDoubt(sms: SmsMessage, connector: string, atMs: number): StatusEvent {
  return {
    messageId: sms.messageId, tenantId: sms.tenantId, state: 'UNKNOWN', atMs, stage: 'dispatcher', carrierMessageId: '', connector,
    reasons: [{ code: 'IN_DOUBT', message: 'an earlier attempt may have reached the carrier; not resent' }],
  };
}

/**
 * Never twice towards the carrier: claims every message in the ledger before submit_sm, and
 * records each outcome before the batch's Kafka transaction commits. On a replay (crash,
 * rebalance, aborted transaction) a recorded outcome is re-emitted, not resent; a claim with no
 * outcome is in doubt: reported UNKNOWN, or resent under the `resend` policy (for carriers that
 * deduplicate). Submits run concurrently through the bind's window.
 */
export function createBatchSubmitter(deps: BatchSubmitterDeps) {
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  const { metrics, connector } = deps;
  return async (records: StageRecord[]): Promise<OutRecord[]> => {
    const messages: ApprovedMessage[] = records.flatMap((r) => {
      const decoded = approved.decode(r.value);
      return decoded.sms ? [{ sms: decoded.sms as SmsMessage, priority: decoded.priority }] : [];
    });
    const now = deps.clock.nowMs();
    const claims = await deps.ledger.claim(messages.map((m) => m.sms.messageId), deps.owner, now);
    const events: (StatusEvent | undefined)[] = messages.map(() => undefined);
    const toSubmit: number[] = [];
    const takeOver: string[] = [];
    claims.forEach((claim, i) => {
      const message = messages[i] as ApprovedMessage;
      if (claim.kind === 'claimed') toSubmit.push(i);
      else if (claim.entry.state === 'done') {
        metrics.replayed.inc({ connector });
        events[i] = claim.entry.event;
      } else if (deps.inDoubtPolicy === 'resend') {
        takeOver.push(message.sms.messageId);
        toSubmit.push(i);
      } else {
        metrics.inDoubt.inc({ connector });
        events[i] = inDoubt(message.sms, connector, now);
      }
    });
    await deps.ledger.takeOver(takeOver, deps.owner, now);
    const submitted = await Promise.all(toSubmit.map((i) => deps.submit(messages[i] as ApprovedMessage)));
    toSubmit.forEach((i, j) => (events[i] = submitted[j]));
    const fresh = claims.flatMap((c, i) => (c.kind === 'existing' && c.entry.state === 'done' ? [] : [{ event: events[i] as StatusEvent, owner: deps.owner }]));
    await deps.ledger.record(fresh);
    return events.map((e) => ({ topic: deps.topics.status, key: (e as StatusEvent).messageId, value: status.encode(e as StatusEvent) }));
  };
}
