import type { Principal, SmsMessage, StatusEvent, ValidSend } from '@smsgw/core';
import type { BatchingProducer, OutRecord, TopicNames } from '@smsgw/kafka';
import { acceptedEventCodec, statusEventCodec } from '@smsgw/proto';

/** A message accepted into the pipeline. */
export interface Accepted {
  messageId: string;
  acceptedAtMs: number;
}

/** Dependencies of {@link createAcceptor}. */
export interface AcceptorDeps {
  producer: BatchingProducer;
  topics: TopicNames;
}

/**
 * Writes each message, under the id it was given, to `accepted` (keyed by recipient) together
 * with its ACCEPTED status event; resolves only once Kafka acknowledged every record.
 */
export function createAcceptor(deps: AcceptorDeps) {
  const accepted = acceptedEventCodec();
  const status = statusEventCodec();
  return {
    async accept(principal: Principal, sends: readonly { send: ValidSend; messageId: string }[], now: number): Promise<{ results: Accepted[]; events: StatusEvent[] }> {
      const records: OutRecord[] = [];
      const events: StatusEvent[] = [];
      const results = sends.map(({ send, messageId }) => {
        const sms: SmsMessage = { ...send, messageId, tenantId: principal.tenant.id, acceptedAtMs: now };
        const event: StatusEvent = { messageId: sms.messageId, tenantId: sms.tenantId, state: 'ACCEPTED', atMs: now, stage: 'ingress', reasons: [], carrierMessageId: '', connector: '' };
        records.push({ topic: deps.topics.accepted, key: sms.to, value: accepted.encode({ sms }) });
        records.push({ topic: deps.topics.status, key: sms.messageId, value: status.encode(event) });
        events.push(event);
        return { messageId: sms.messageId, acceptedAtMs: now };
      });
      await deps.producer.send(records);
      return { results, events };
    },
  };
}

export type Acceptor = ReturnType<typeof createAcceptor>;
