import { Counter, metricOnce, type Registry } from '@smsgw/observability';
import type { OutRecord } from './batching-producer.js';
import type { StageRecord } from './transactional-stage.js';

/** Why a record can never be processed: its bytes do not decode, or it lacks what the stage needs. */
export type DeadLetterReason = 'undecodable' | 'invalid';

/** Turns records a stage cannot process into dead letters, counted per stage and reason. */
export interface DeadLetters {
  /**
   * The dead letter of `record` (its key and bytes unchanged, its origin and reason in headers),
   * to be written in the same transaction that commits past it: the partition moves on, and the
   * record is neither lost nor processed.
   */
  of(record: StageRecord, reason: DeadLetterReason, detail: string): OutRecord;
}

/** Dead letters of the stage `stage` reading `inputTopic`, written to `deadLetterTopic`. */
export function createDeadLetters(options: {
  registry: Registry;
  stage: string;
  inputTopic: string;
  deadLetterTopic: string;
}): DeadLetters {
  const name = 'smsgw_dead_letters_total';
  const counter = metricOnce(
    options.registry,
    name,
    () =>
      new Counter({
        name,
        help: 'Records a stage could never process, written to the dead-letter topic, by reason',
        labelNames: ['stage', 'reason'],
        registers: [options.registry],
      }),
  );
  // At zero from the start: an alert on increase() sees the first one.
  for (const reason of ['undecodable', 'invalid']) counter.inc({ stage: options.stage, reason }, 0);
  return {
    of(record, reason, detail) {
      counter.inc({ stage: options.stage, reason });
      return {
        topic: options.deadLetterTopic,
        key: record.key,
        value: record.value,
        headers: {
          'smsgw-stage': options.stage,
          'smsgw-reason': reason,
          // A decoder's message (wire types, offsets), never the record's content.
          'smsgw-detail': detail.slice(0, 200),
          'smsgw-source': `${options.inputTopic}/${record.partition}@${record.offset}`,
        },
      };
    },
  };
}

/**
 * Decodes each record; one that throws becomes a dead letter instead of failing the batch (a
 * batch that fails on the same bytes every time would stall its partition forever).
 */
export function decodeEach<T>(
  records: readonly StageRecord[],
  decode: (r: StageRecord) => T,
  deadLetters: DeadLetters,
): { decoded: { record: StageRecord; value: T }[]; dead: OutRecord[] } {
  const decoded: { record: StageRecord; value: T }[] = [];
  const dead: OutRecord[] = [];
  for (const record of records) {
    try {
      decoded.push({ record, value: decode(record) });
    } catch (err) {
      dead.push(deadLetters.of(record, 'undecodable', (err as Error).message ?? String(err)));
    }
  }
  return { decoded, dead };
}
