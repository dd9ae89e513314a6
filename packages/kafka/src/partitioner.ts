import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Kafka's murmur2 (the Java client's, which kafkajs's DefaultPartitioner reproduces with 64-bit
 * Long objects: a dozen allocations per key and 8 % of the dispatcher's allocations). Here in
 * 32-bit integer arithmetic; `partitioner.test.ts` checks it against kafkajs on many keys.
 */
export function murmur2(key: string | Buffer): number {
  // ASCII keys (message ids, E.164 numbers) are hashed from the string, without a Buffer.
  const data =
    typeof key === 'string' && ASCII.test(key)
      ? key
      : Buffer.isBuffer(key)
        ? key
        : Buffer.from(key);
  return hash(data);
}

/** No closures here: under tsx every closure created on a hot path also pays for naming it. */
function byteAt(data: string | Buffer, i: number): number {
  return typeof data === 'string' ? data.charCodeAt(i) : (data[i] as number);
}

function hash(data: string | Buffer): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      byteAt(data, i4) |
      (byteAt(data, i4 + 1) << 8) |
      (byteAt(data, i4 + 2) << 16) |
      (byteAt(data, i4 + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last 1 to 3 bytes (Java's switch falls through from case 3 to case 1).
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= byteAt(data, tail + 2) << 16;
  if (rest >= 2) h ^= byteAt(data, tail + 1) << 8;
  if (rest >= 1) h = Math.imul(h ^ byteAt(data, tail), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * kafkajs's DefaultPartitioner semantics (an explicit partition, else murmur2 of the key, else
 * round robin over partitions with a leader) with the allocation-free murmur2 above. Every
 * producer of the gateway uses it, so a key lands on the same partition whoever produces it.
 */
export const KeyHashPartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined)
      return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    const next = (counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    counters.set(topic, next);
    return available.length > 0
      ? (available[(next & 0x7fffffff) % available.length]?.partitionId ?? 0)
      : (next & 0x7fffffff) % partitionMetadata.length;
  };
};
