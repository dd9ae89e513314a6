// First: the patch has to be in place before kafkajs loads (kafkajsGroupingPatched says so).
import {
  groupMessagesPerPartition,
  kafkajsGroupingPatched,
  kafkajsOriginalGrouping,
  kafkajsOriginalRecord,
  kafkajsOriginalRecordDecoder,
  kafkajsRecordsPatched,
  kafkajsStableOffsetsPatched,
} from './index.js';
import { createRequire } from 'node:module';
import { fastRecordDecoder } from './kafkajs-record-decoder.js';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

// kafkajs 2.2.4's own grouping, as the reference for the contract.
const quadratic = kafkajsOriginalGrouping as typeof groupMessagesPerPartition;

describe('kafkajs patches', () => {
  it('makes the producer group messages with the linear version', () => {
    expect(kafkajsGroupingPatched).toBe(true);
    expect(require('kafkajs/src/producer/groupMessagesPerPartition.js')).toBe(
      groupMessagesPerPartition,
    );
  });

  it('groups exactly as kafkajs does: same partitions, same order within each', () => {
    const partitioner = Partitioners.DefaultPartitioner() as unknown as Parameters<
      typeof groupMessagesPerPartition
    >[0]['partitioner'];
    const partitionMetadata = [0, 1, 2, 3, 4, 5].map((partitionId) => ({ partitionId, leader: 1 }));
    const messages = Array.from({ length: 3000 }, (_, i) => ({
      key: `message-${i * 7919}`,
      value: Buffer.from(String(i)),
    }));
    const args = { topic: 'smsgw.sms.status.v1', partitionMetadata, messages, partitioner };
    const linear = groupMessagesPerPartition(args);
    expect(Object.keys(linear).length).toBe(6);
    expect(linear).toEqual(quadratic(args));
    expect(groupMessagesPerPartition({ ...args, partitionMetadata: [] })).toEqual({});
  });

  it('makes produce requests encode records with the exact-size encoder', () => {
    expect(kafkajsRecordsPatched).toBe(true);
    expect(require('kafkajs/src/protocol/recordBatch/record/v0/index.js')).not.toBe(
      kafkajsOriginalRecord,
    );
  });

  it('encodes every record byte for byte as kafkajs does', () => {
    const fast = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as NonNullable<
      typeof kafkajsOriginalRecord
    >;
    const original = kafkajsOriginalRecord as NonNullable<typeof kafkajsOriginalRecord>;
    const keys = [
      undefined,
      null,
      '',
      'message-1',
      'ünïcødé ✓ 😀',
      Buffer.from([0, 1, 2, 255]),
      Buffer.alloc(300, 7),
    ];
    const values = [
      null,
      Buffer.alloc(0),
      Buffer.from('status'),
      Buffer.alloc(9_000, 1),
      'a string value',
      'é'.repeat(200),
    ];
    const offsets = [0, 1, 63, 64, 127, 128, 8191, 8192, 70_000, 2 ** 30];
    const timestamps = [
      0,
      1,
      -1,
      63,
      -64,
      64,
      1000,
      -12_345,
      2 ** 31,
      -(2 ** 31),
      2 ** 40,
      -(2 ** 40) - 3,
      2 ** 51,
    ];
    const headerSets = [undefined, {}, { trace: 'abc' }, { a: ['1', Buffer.from('2')] }];
    let compared = 0;
    const mismatches: string[] = [];
    for (const key of keys)
      for (const value of values)
        for (const offsetDelta of offsets)
          for (const timestampDelta of timestamps) {
            const headers = headerSets[compared % headerSets.length];
            const fields = {
              key,
              value,
              offsetDelta,
              timestampDelta,
              ...(headers ? { headers } : {}),
            };
            if (!fast(fields).buffer.equals(original(fields).buffer))
              mismatches.push(
                JSON.stringify({ ...fields, key: String(key), value: String(value).slice(0, 20) }),
              );
            compared++;
          }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(keys.length * values.length * offsets.length * timestamps.length);
  });

  it('decodes every record as kafkajs does, field for field, and leaves the decoder at the same place', () => {
    type Decoder = { offset: number; readVarInt(): number };
    const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => Decoder;
    const installed = require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js') as unknown;
    const original = kafkajsOriginalRecordDecoder as unknown as (
      decoder: Decoder,
      context: object,
    ) => unknown;
    expect(installed).not.toBe(original);
    let fallbacks = 0;
    const fast = fastRecordDecoder(
      (d, c) => (fallbacks++, original(d, c ?? {})),
      1,
    ) as unknown as typeof original;
    const encode = kafkajsOriginalRecord as NonNullable<typeof kafkajsOriginalRecord>;
    const contexts = [
      {
        firstOffset: '0',
        firstTimestamp: '1764000000000',
        maxTimestamp: '1764000009999',
        magicByte: 2,
        timestampType: 0,
      },
      {
        firstOffset: '123456789',
        firstTimestamp: '-1',
        maxTimestamp: '-1',
        magicByte: 2,
        isControlBatch: true,
        timestampType: 0,
      },
      {
        firstOffset: '123456789',
        firstTimestamp: '1764000000000',
        maxTimestamp: '1764000009999',
        magicByte: 2,
        timestampType: 1,
      },
      {
        firstOffset: '9223372036854775000',
        firstTimestamp: '9223372036854775000',
        maxTimestamp: '0',
        magicByte: 2,
        timestampType: 0,
      },
    ];
    const plain = [
      { key: 'message-1', value: Buffer.from('status'), offsetDelta: 0, timestampDelta: 0 },
      { key: null, value: null, offsetDelta: 8191, timestampDelta: -12_345 },
      {
        key: Buffer.alloc(300, 7),
        value: Buffer.alloc(9_000, 1),
        offsetDelta: 70_000,
        timestampDelta: 2 ** 40,
      },
    ];
    const unusual = [
      { key: 'k', value: Buffer.from('v'), offsetDelta: 5, timestampDelta: 2 ** 52 },
      {
        key: 'h',
        value: Buffer.from('v'),
        offsetDelta: 1,
        timestampDelta: 3,
        headers: { trace: 'abc', a: ['1', '2'] },
      },
    ];
    for (const context of contexts)
      for (const fields of [...plain, ...unusual]) {
        const bytes = Buffer.concat([encode(fields).buffer, Buffer.from([0xde, 0xad])]); // the next record's bytes stay unread
        const [ours, theirs] = [new Decoder(bytes), new Decoder(bytes)];
        ours.readVarInt(); // the length prefix, read by the batch decoder
        theirs.readVarInt();
        expect(fast(ours, context)).toEqual(original(theirs, context));
        expect(ours.offset).toBe(theirs.offset);
      }
    // Plain records in the first three contexts are decoded here; the rest goes to kafkajs.
    expect(fallbacks).toBe(contexts.length * (plain.length + unusual.length) - 3 * plain.length);
  });

  it('offers OffsetFetch v7 (require_stable) and encodes it as the protocol says', async () => {
    expect(kafkajsStableOffsetsPatched).toBe(true);
    const definition = require('kafkajs/src/protocol/requests/offsetFetch/index.js') as {
      versions: string[];
      protocol(a: {
        version: number;
      }): (a: object) => { request: { apiVersion: number; encode(): Promise<{ buffer: Buffer }> } };
    };
    expect(definition.versions.map(Number)).toContain(7);
    expect(definition.versions.filter((v) => v === '7')).toHaveLength(1); // loading twice adds it once
    const { request } = definition.protocol({ version: 7 })({
      groupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 2 }] }],
    });
    expect(request.apiVersion).toBe(7);
    // header tags, group "g", 1 topic "t" with [2] and tags, require_stable, tags (compact = length + 1)
    expect((await request.encode()).buffer).toEqual(
      Buffer.from([0, 2, 0x67, 2, 2, 0x74, 2, 0, 0, 0, 2, 0, 1, 0]),
    );
    expect(definition.protocol({ version: 4 })({ groupId: 'g', topics: [] })).toMatchObject({
      request: { apiVersion: 4 },
    }); // older versions untouched
  });
});
