import type { SmsMessage, StatusEvent } from '@smsgw/core';
import type { OutRecord, StageRecord, TopicNames } from '@smsgw/kafka';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import type { ApprovedMessage } from './submit-message.js';

/** Submits a batch through the window (concurrently) and returns status events in input order. */
export function createBatchSubmitter(topics: TopicNames, submit: (message: ApprovedMessage) => Promise<StatusEvent>) {
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  return async (records: StageRecord[]): Promise<OutRecord[]> => {
    const messages: ApprovedMessage[] = [];
    for (const record of records) {
      const decoded = approved.decode(record.value);
      if (decoded.sms) messages.push({ sms: decoded.sms as SmsMessage, priority: decoded.priority });
    }
    const events = await Promise.all(messages.map(submit));
    return events.map((e) => ({ topic: topics.status, key: e.messageId, value: status.encode(e) }));
  };
}
