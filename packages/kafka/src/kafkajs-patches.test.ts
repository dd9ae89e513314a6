// First: the patch has to be in place before kafkajs loads (kafkajsGroupingPatched says so).
import { groupMessagesPerPartition, kafkajsGroupingPatched, kafkajsOriginalGrouping, kafkajsOriginalRecord, kafkajsRecordsPatched } from './index.js';
import { createRequire } from 'node:module';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

// kafkajs 2.2.4's own grouping, as the reference for the contract.
const quadratic = kafkajsOriginalGrouping as typeof groupMessagesPerPartition;

describe('kafkajs patches', () => {
  it('makes the producer group messages with the linear version', () => {
    expect(kafkajsGroupingPatched).toBe(true);
    expect(require('kafkajs/src/producer/groupMessagesPerPartition.js')).toBe(groupMessagesPerPartition);
  });

  it('groups exactly as kafkajs does: same partitions, same order within each', () => {
    const partitioner = Partitioners.DefaultPartitioner() as unknown as Parameters<typeof groupMessagesPerPartition>[0]['partitioner'];
    const partitionMetadata = [0, 1, 2, 3, 4, 5].map((partitionId) => ({ partitionId, leader: 1 }));
    const messages = Array.from({ length: 3000 }, (_, i) => ({ key: `message-${i * 7919}`, value: Buffer.from(String(i)) }));
    const args = { topic: 'smsgw.sms.status.v1', partitionMetadata, messages, partitioner };
    const linear = groupMessagesPerPartition(args);
    expect(Object.keys(linear).length).toBe(6);
    expect(linear).toEqual(quadratic(args));
    expect(groupMessagesPerPartition({ ...args, partitionMetadata: [] })).toEqual({});
  });

  it('makes produce requests encode records with the exact-size encoder', () => {
    expect(kafkajsRecordsPatched).toBe(true);
    expect(require('kafkajs/src/protocol/recordBatch/record/v0/index.js')).not.toBe(kafkajsOriginalRecord);
  });

  it('encodes every record byte for byte as kafkajs does', () => {
    const fast = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as NonNullable<typeof kafkajsOriginalRecord>;
    const original = kafkajsOriginalRecord as NonNullable<typeof kafkajsOriginalRecord>;
    const keys = [undefined, null, '', 'message-1', 'ünïcødé ✓ 😀', Buffer.from([0, 1, 2, 255]), Buffer.alloc(300, 7)];
    const values = [null, Buffer.alloc(0), Buffer.from('status'), Buffer.alloc(9_000, 1), 'a string value', 'é'.repeat(200)];
    const offsets = [0, 1, 63, 64, 127, 128, 8191, 8192, 70_000, 2 ** 30];
    const timestamps = [0, 1, -1, 63, -64, 64, 1000, -12_345, 2 ** 31, -(2 ** 31), 2 ** 40, -(2 ** 40) - 3, 2 ** 51];
    const headerSets = [undefined, {}, { trace: 'abc' }, { a: ['1', Buffer.from('2')] }];
    let compared = 0;
    const mismatches: string[] = [];
    for (const key of keys)
      for (const value of values)
        for (const offsetDelta of offsets)
          for (const timestampDelta of timestamps) {
            const headers = headerSets[compared % headerSets.length];
            const fields = { key, value, offsetDelta, timestampDelta, ...(headers ? { headers } : {}) };
            if (!fast(fields).buffer.equals(original(fields).buffer)) mismatches.push(JSON.stringify({ ...fields, key: String(key), value: String(value).slice(0, 20) }));
            compared++;
          }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(keys.length * values.length * offsets.length * timestamps.length);
  });
});
