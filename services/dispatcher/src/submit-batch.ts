import { createSemaphore, type SmsMessage, type StatusEvent } from '@smsgw/core';
import {
  decodeEach,
  type DeadLetters,
  type OutRecord,
  type StageRecord,
  type TopicNames,
} from '@smsgw/kafka';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import type { ApprovedMessage } from './submit-message.js';

/**
 * Submits batches through the binds' windows and returns each batch's status events in input
 * order. Never-twice is per message, in the submitter (a replay of a batch is safe).
 *
 * At most `concurrency` messages are under way at once across all batches (partitions consumed
 * concurrently share the windows; one busy partition may use them all): the rest wait in their
 * batch instead of as thousands of pending promises, which cost a third of the CPU in GC. After a
 * failure the batch starts no new message and rejects once those under way have settled, so a
 * replay never races this attempt's own submits.
 */
export function createBatchSubmitter(
  topics: TopicNames,
  submit: (message: ApprovedMessage) => Promise<StatusEvent>,
  concurrency: number,
  deadLetters: DeadLetters,
) {
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  const limit = Math.max(1, concurrency);
  const underWay = createSemaphore(limit);
  return async (records: StageRecord[]): Promise<OutRecord[]> => {
    const { decoded: all, dead } = decodeEach(
      records,
      (r) => approved.decode(r.value),
      deadLetters,
    );
    const messages: ApprovedMessage[] = [];
    for (const { record, value: decoded } of all) {
      if (!decoded.sms?.messageId) {
        dead.push(deadLetters.of(record, 'invalid', 'approved event without a message'));
        continue;
      }
      messages.push({
        sms: decoded.sms as SmsMessage,
        priority: decoded.priority,
        approvedSegments: decoded.segments,
        autoReplyKind: decoded.autoReplyKind,
        triggerReceivedAtMs: decoded.triggerReceivedAtMs,
        partition: record.partition,
      });
    }
    const events = new Array<StatusEvent>(messages.length);
    let next = 0;
    let failure: { err: unknown } | undefined;
    const worker = async (): Promise<void> => {
      for (;;) {
        if (!underWay.tryAcquire()) await underWay.acquire();
        // Checked after the wait: another worker may have taken the last message or failed.
        if (next >= messages.length || failure) {
          underWay.release();
          return;
        }
        const i = next++;
        try {
          events[i] = await submit(messages[i] as ApprovedMessage);
        } catch (err) {
          failure ??= { err };
        } finally {
          underWay.release();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, messages.length) }, worker));
    if (failure) throw failure.err;
    return [
      ...dead,
      ...events.map((e) => ({ topic: topics.status, key: e.messageId, value: status.encode(e) })),
    ];
  };
}
