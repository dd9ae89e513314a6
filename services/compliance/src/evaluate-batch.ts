import type { Clock, SmsMessage } from '@smsgw/core';
import type { OutRecord, StageRecord, TopicNames } from '@smsgw/kafka';
import { acceptedEventCodec, approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { decide, decisionEvent } from './decide.js';

/** Turns a batch of accepted messages into approved messages and status events, in input order. */
export function createBatchEvaluator(topics: TopicNames, clock: Clock) {
  const accepted = acceptedEventCodec();
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  return (records: StageRecord[]): Promise<OutRecord[]> => {
    const out: OutRecord[] = [];
    for (const record of records) {
      const sms = accepted.decode(record.value).sms as SmsMessage | null;
      if (!sms) continue; // an empty payload cannot be a message; nothing to route
      const decision = decide(sms);
      if (decision.kind === 'APPROVE') {
        out.push({
          topic: topics.approved,
          key: decision.sms.to,
          value: approved.encode({ sms: decision.sms, approvedAtMs: clock.nowMs(), advisories: decision.advisories, priority: decision.priority }),
        });
      }
      out.push({ topic: topics.status, key: sms.messageId, value: status.encode(decisionEvent(sms, decision, clock)) });
    }
    return Promise.resolve(out);
  };
}
