import { bloomPositions, type BloomParameters } from '@smsgw/core';
import type { Redis } from 'ioredis';

/** A Bloom filter on a Redis bitmap (Debian's Redis has no modules). Elements are 64-bit hex digests. */
export interface BloomFilter {
  readonly key: string;
  readonly params: BloomParameters;
  /** Allocates the bitmap if missing; true when it had to be created (it is then empty). */
  ensure(): Promise<boolean>;
  add(digests: readonly string[]): Promise<void>;
  /** For each digest: false = definitely absent; true = maybe present. One round trip. */
  mightContain(digests: readonly string[]): Promise<boolean[]>;
  /** Builds a fresh filter from `digests` and swaps it in atomically (opt-outs leave stale bits). */
  rebuild(digests: AsyncIterable<string[]>): Promise<number>;
}

function setArgs(digests: readonly string[], params: BloomParameters): (string | number)[] {
  const args: (string | number)[] = [];
  for (const d of digests) for (const p of bloomPositions(d, params)) args.push('SET', 'u1', p, 1);
  return args;
}

/** A filter at `key` (the key names its size, so a resized filter never reads old bits). */
export function createBloomFilter(
  redis: Redis,
  baseKey: string,
  params: BloomParameters,
): BloomFilter {
  const key = `${baseKey}:${params.bits}:${params.hashes}`;
  return {
    key,
    params,
    async ensure() {
      // Pre-allocate the whole bitmap once, so later writes never grow it under load.
      const created = await redis.set(`${key}:allocated`, '1', 'NX');
      if (created === 'OK') await redis.setbit(key, params.bits - 1, 0);
      return created === 'OK';
    },
    async add(digests) {
      if (digests.length === 0) return;
      const pipeline = redis.pipeline();
      for (let i = 0; i < digests.length; i += 500)
        pipeline.bitfield(
          key,
          ...(setArgs(digests.slice(i, i + 500), params) as ['SET', string, number, number]),
        );
      await pipeline.exec();
    },
    async mightContain(digests) {
      if (digests.length === 0) return [];
      // One BITFIELD per 500 elements (bounded argument lists), all in one round trip.
      const pipeline = redis.pipeline();
      for (let i = 0; i < digests.length; i += 500) {
        const args: (string | number)[] = [];
        for (const d of digests.slice(i, i + 500))
          for (const p of bloomPositions(d, params)) args.push('GET', 'u1', p);
        pipeline.bitfield(key, ...(args as ['GET', string, number]));
      }
      const bits = ((await pipeline.exec()) ?? []).flatMap(([err, value]) => {
        if (err) throw err;
        return value as number[];
      });
      return digests.map((_, i) =>
        bits.slice(i * params.hashes, (i + 1) * params.hashes).every((b) => b === 1),
      );
    },
    async rebuild(batches) {
      const staging = `${key}:rebuild`;
      await redis.del(staging);
      await redis.setbit(staging, params.bits - 1, 0);
      let count = 0;
      for await (const digests of batches) {
        if (digests.length === 0) continue;
        await redis.bitfield(
          staging,
          ...(setArgs(digests, params) as ['SET', string, number, number]),
        );
        count += digests.length;
      }
      await redis.rename(staging, key);
      await redis.set(`${key}:allocated`, '1');
      return count;
    },
  };
}
