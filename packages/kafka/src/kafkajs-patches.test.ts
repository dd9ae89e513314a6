// First: the patch has to be in place before kafkajs loads (kafkajsGroupingPatched says so).
import { groupMessagesPerPartition, kafkajsGroupingPatched, kafkajsOriginalGrouping } from './index.js';
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
});
