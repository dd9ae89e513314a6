// First: the patch has to be in place before kafkajs loads.
import { kafkajsAbortedFilterPatched, kafkajsOriginalAbortedFilter } from './index.js';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { filterAbortedMessages, type FilterableMessage } from './kafkajs-aborted-filter.js';

const require = createRequire(import.meta.url);
const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);

// A status-topic partition as a broker restart leaves it: producers 1 and 2 (two stages'
// transactions) interleaved from offset 10; 2 is aborted at 20, then 1 at 21 (the order in
// which the new owners fenced them); 1 then commits a replay of its batch at 22-24.
const record = (
  offset: number,
  producerId: string,
  key: Buffer | null = Buffer.from(`k${offset}`),
  control = false,
): FilterableMessage & { value: string } => ({
  offset: String(offset),
  key,
  isControlRecord: control,
  value: `${producerId}@${offset}`,
  batchContext: { producerId, inTransaction: producerId !== 'none' },
});
const partition = [
  record(9, 'none'),
  record(10, '1'),
  record(11, '1'),
  record(12, '2'),
  record(13, '1'),
  record(14, '2'),
  record(15, 'none'),
  record(20, '2', ABORT, true),
  record(21, '1', ABORT, true),
  record(22, '1'),
  record(23, '1'),
  record(24, '1', COMMIT, true),
];
// As the broker lists them: by the position of their abort markers, not by first offset.
const abortedTransactions = [
  { producerId: '2', firstOffset: '12' },
  { producerId: '1', firstOffset: '10' },
];
const values = (messages: { value: string; isControlRecord?: boolean }[]): string[] =>
  messages.filter((m) => !m.isControlRecord).map((m) => m.value);

describe('read_committed: records of aborted transactions', () => {
  it('are all skipped, whatever order the broker lists the aborted transactions in', () => {
    expect(values(filterAbortedMessages({ messages: partition, abortedTransactions }))).toEqual([
      'none@9',
      'none@15',
      '1@22',
      '1@23',
    ]);
    expect(
      values(
        filterAbortedMessages({
          messages: partition,
          abortedTransactions: [...abortedTransactions].reverse(),
        }),
      ),
    ).toEqual(['none@9', 'none@15', '1@22', '1@23']);
  });

  it('were handed out by kafkajs 2.2.4 when listed out of first-offset order (why it is replaced)', () => {
    const original = kafkajsOriginalAbortedFilter as typeof filterAbortedMessages;
    // Producer 1's records at 10 and 11 come before the walk reaches its aborted transaction.
    expect(values(original({ messages: partition, abortedTransactions }))).toEqual([
      'none@9',
      '1@10',
      '1@11',
      'none@15',
      '1@22',
      '1@23',
    ]);
  });

  it('count again after the abort marker, and a fetch starting inside an aborted transaction skips its rest', () => {
    const fromInside = partition.filter((m) => Number(m.offset) >= 13);
    expect(values(filterAbortedMessages({ messages: fromInside, abortedTransactions }))).toEqual([
      'none@15',
      '1@22',
      '1@23',
    ]);
    expect(filterAbortedMessages({ messages: partition, abortedTransactions: [] })).toBe(partition);
  });

  it('is what kafkajs consumers use', () => {
    expect(kafkajsAbortedFilterPatched).toBe(true);
    expect(require('kafkajs/src/consumer/filterAbortedMessages.js')).toBe(filterAbortedMessages);
  });
});
