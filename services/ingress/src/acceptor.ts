import {
  acceptedStatus,
  type Principal,
  type SmsMessage,
  type StatusEvent,
  type ValidSend,
} from '@smsgw/core';
import type { BatchingProducer, OutRecord, TopicNames } from '@smsgw/kafka';
import { acceptedEventCodec } from '@smsgw/proto';

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
 * Writes each message, under the id it was given, to `accepted` (keyed by recipient); resolves
 * only once Kafka acknowledged every record. Returns the ACCEPTED events for the status
 * projection, but does not publish them: a write that failed after landing is produced again
 * when the client retries with the same idempotency key, so ingress cannot write an event
 * exactly once. Compliance publishes it, once per message id, in its transaction.
 */
export function createAcceptor(deps: AcceptorDeps) {
  const accepted = acceptedEventCodec();
  return {
    async accept(
      principal: Principal,
      sends: readonly { send: ValidSend; messageId: string }[],
      now: number,
    ): Promise<{ results: Accepted[]; events: StatusEvent[] }> {
      const records: OutRecord[] = [];
      const events: StatusEvent[] = [];
      const results = sends.map(({ send, messageId }) => {
        const sms: SmsMessage = {
          ...send,
          messageId,
          tenantId: principal.tenant.id,
          acceptedAtMs: now,
        };
        records.push({ topic: deps.topics.accepted, key: sms.to, value: accepted.encode({ sms }) });
        events.push(acceptedStatus(sms));
        return { messageId: sms.messageId, acceptedAtMs: now };
      });
      await deps.producer.send(records);
      return { results, events };
    },
  };
}

export type Acceptor = ReturnType<typeof createAcceptor>;
