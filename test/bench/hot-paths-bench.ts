// `npm run bench:hot-paths`: micro-benchmarks of the dispatcher's hot pieces, each next to what it
// replaced, measured in the same run (BENCHMARKS.md: micro-benchmarks for PDU encoding and the
// like). Prints operations per second and the ratio; no assertion (benchmarks are not tests).
import { createRequire } from 'node:module';
import smpp from 'smpp';
import {
  groupMessagesPerPartition,
  kafkajsOriginalGrouping,
  kafkajsOriginalRecord,
  kafkajsOriginalRecordDecoder,
  murmur2,
} from '@smsgw/kafka';
import { findLinks } from '@smsgw/compliance/links';
import { buildSubmitSms, decodePdu, encodePdu } from '@smsgw/smpp';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (
  key: string,
) => number;
const packagePdu = smpp as unknown as {
  PDU: new (command: string | Buffer, fields?: Record<string, unknown>) => { toBuffer(): Buffer };
};

/** Runs `fn` `iterations` times (after a warm-up); returns operations per second. */
function opsPerSecond(iterations: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(iterations, 2000); i++) fn(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return iterations / (Number(process.hrtime.bigint() - started) / 1e9);
}

// As the dispatcher passes it: buildSubmitSms's own object (the sequence number goes into the header after encoding).
const fields = buildSubmitSms({
  from: 'Acme',
  to: '+14155550123',
  body: 'Acme: your code is 123456',
  priority: 0,
  requestReceipt: true,
})[0] as Record<string, unknown>;
const response = new packagePdu.PDU('submit_sm_resp', {
  sequence_number: 7,
  message_id: '0a1b2c3d4e',
}).toBuffer();
const keys = Array.from(
  { length: 10_000 },
  (_, i) => `01JD3Q8Z6P5W2K7${String(i).padStart(11, '0')}`,
);
const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({ partitionId, leader: 1 }));
const partitioner = ({ message }: { message: unknown }): number =>
  (murmur2((message as { key: string }).key) & 0x7fffffff) % 4;
const messages = keys.slice(0, 8000).map((key) => ({ key, value: null }));
const groupArgs = { topic: 't', partitionMetadata, messages, partitioner };
const quadratic = kafkajsOriginalGrouping as typeof groupMessagesPerPartition;
type RecordEncoder = NonNullable<typeof kafkajsOriginalRecord>;
const fastRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as RecordEncoder;
const statusValue = Buffer.alloc(120, 1); // about a status event's size
const record = (i: number) => ({
  key: keys[i % keys.length],
  value: statusValue,
  offsetDelta: i % 8000,
  timestampDelta: 0,
});
type Decoder = { offset: number; readVarInt(): number };
type RecordDecoder = (decoder: Decoder, context: object) => unknown;
const KafkaDecoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => Decoder;
const fastRecordDecode =
  require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js') as RecordDecoder;
const recordBytes = fastRecord(record(1234)).buffer;
const batchContext = {
  firstOffset: '1200345',
  firstTimestamp: '1764000000000',
  maxTimestamp: '1764000000000',
  magicByte: 2,
  timestampType: 0,
};
const decodeWith = (decode: RecordDecoder) => () => {
  const decoder = new KafkaDecoder(recordBytes);
  decoder.readVarInt(); // the length prefix, read by the batch decoder
  return decode(decoder, batchContext);
};

const rows: { piece: string; ours: number; replaced: number }[] = [
  {
    piece: 'submit_sm encode',
    ours: opsPerSecond(200_000, () => encodePdu('submit_sm', fields)),
    replaced: opsPerSecond(200_000, () => new packagePdu.PDU('submit_sm', fields).toBuffer()),
  },
  {
    piece: 'submit_sm_resp decode',
    ours: opsPerSecond(200_000, () => decodePdu(response)),
    replaced: opsPerSecond(200_000, () => new packagePdu.PDU(response)),
  },
  {
    piece: 'murmur2 of a message id',
    ours: opsPerSecond(500_000, (i) => murmur2(keys[i % keys.length] as string)),
    replaced: opsPerSecond(500_000, (i) => kafkajsMurmur2(keys[i % keys.length] as string)),
  },
  {
    piece: 'encode a Kafka record (status event)',
    ours: opsPerSecond(300_000, (i) => fastRecord(record(i))),
    replaced: opsPerSecond(300_000, (i) => (kafkajsOriginalRecord as RecordEncoder)(record(i))),
  },
  {
    piece: 'decode a consumed Kafka record',
    ours: opsPerSecond(300_000, decodeWith(fastRecordDecode)),
    replaced: opsPerSecond(
      300_000,
      decodeWith(kafkajsOriginalRecordDecoder as unknown as RecordDecoder),
    ),
  },
  {
    piece: 'group 8,000 records per partition',
    ours: opsPerSecond(50, () => groupMessagesPerPartition(groupArgs)),
    replaced: opsPerSecond(5, () => quadratic(groupArgs)),
  },
];
// Tenant bodies: the link finder against the expression it replaced, on a plain and an adversarial
// 10,000-character body (the old one is quadratic on the second).
const OLD_LINK = /\b(?:https?:\/\/[^\s]+|www\.[^\s]+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s]*)/gi;
const plainBody = `Acme: ${'your order is on its way, see acme.example/track '.repeat(200)}`.slice(
  0,
  10_000,
);
const adversarialBody = 'a.'.repeat(5000);
rows.push(
  {
    piece: 'find links, plain 10,000-character body',
    ours: opsPerSecond(2000, () => findLinks(plainBody)),
    replaced: opsPerSecond(2000, () => plainBody.match(OLD_LINK)),
  },
  {
    piece: 'find links, adversarial 10,000-character body',
    ours: opsPerSecond(2000, () => findLinks(adversarialBody)),
    replaced: opsPerSecond(20, () => adversarialBody.match(OLD_LINK)),
  },
);
console.log(
  `link finder: adversarial body costs ${(
    opsPerSecond(2000, () => findLinks(plainBody)) /
    opsPerSecond(2000, () => findLinks(adversarialBody))
  ).toFixed(2)}× a plain one (the replaced expression: ${(
    opsPerSecond(200, () => plainBody.match(OLD_LINK)) /
    opsPerSecond(20, () => adversarialBody.match(OLD_LINK))
  ).toFixed(0)}×)`,
);
console.log('\ndispatcher hot pieces: ours next to what they replaced (same run, same inputs)');
console.table(
  rows.map((r) => ({
    piece: r.piece,
    'ours, ops/s': r.ours.toFixed(0),
    'replaced, ops/s': r.replaced.toFixed(0),
    ratio: (r.ours / r.replaced).toFixed(1),
  })),
);
