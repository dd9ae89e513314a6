import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KeyHashPartitioner, murmur2 } from './partitioner.js';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (
  key: string | Buffer,
) => number;

const keys: (string | Buffer)[] = [
  '',
  'a',
  'ab',
  'abc',
  'abcd',
  '01JD3Q8Z6P5W2K7XAMPLEMSG01',
  '+14155550123',
  'héllo wörld',
  'مرحبا',
  '👋🏽 emoji key',
  ...Array.from({ length: 2000 }, (_, i) =>
    randomBytes(i % 41).toString(i % 3 === 0 ? 'hex' : 'base64'),
  ),
  ...Array.from({ length: 200 }, (_, i) => randomBytes(i % 37)),
];

describe('key partitioner', () => {
  it('hashes exactly as kafkajs (and the Java client) do', () => {
    for (const key of keys) expect(murmur2(key)).toBe(kafkajsMurmur2(key));
  });

  it('puts every key on the partition kafkajs DefaultPartitioner would', () => {
    const ours = KeyHashPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const count of [1, 3, 4, 12]) {
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
        partitionId,
        leader: 1,
        replicas: [1],
        isr: [1],
        partitionErrorCode: 0,
      }));
      for (const key of keys) {
        const args = {
          topic: 't',
          partitionMetadata,
          message: { key, value: null },
        } as PartitionerArgs;
        expect(ours(args)).toBe(theirs(args));
      }
    }
    const explicit = {
      topic: 't',
      partitionMetadata: [{ partitionId: 0, leader: 1 }],
      message: { key: 'k', value: null, partition: 7 },
    } as PartitionerArgs;
    expect(ours(explicit)).toBe(7);
  });
});
