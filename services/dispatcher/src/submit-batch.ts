import type { SmsMessage, StatusEvent } from '@smsgw/core';
import type { OutRecord, StageRecord, TopicNames } from '@smsgw/kafka';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import type { ApprovedMessage } from './submit-message.js';

/**
 * Submits a batch concurrently through the bind's window and returns its status events in
 * input order. Never-twice is per message, in the submitter (a replay of the batch is safe).
 */
export function createBatchSubmitter(topics: TopicNames, submit: (message: ApprovedMessage) => Promise<StatusEvent>) {
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  return async (records: StageRecord[]): Promise<OutRecord[]> => {
    const messages: ApprovedMessage[] = records.flatMap((r) => {
      const decoded = approved.decode(r.value);
      return decoded.sms ? [{ sms: decoded.sms as SmsMessage, priority: decoded.priority }] : [];
    });
    const events = await Promise.all(messages.map(submit));
    return events.map((e) => ({ topic: topics.status, key: e.messageId, value: status.encode(e) }));
  };
}
