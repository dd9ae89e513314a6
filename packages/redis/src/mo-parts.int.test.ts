import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from './client.js';
import { createMoPartStore, type MoPartInput } from './mo-parts.js';

let redis: Redis;
beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'mo-parts-test' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const part = (sequence: number, text: string, total = 3): MoPartInput => ({
  source: '+14155550180',
  destination: '12345',
  reference: 7,
  total,
  sequence,
  text,
});

describe('multipart MO shared in Redis by every dispatcher instance', () => {
  it('gives a message to exactly the instance whose part completes it, parts in any order', async () => {
    const connector = uniqueName('mo');
    // Two instances: each store is what one dispatcher process holds.
    const [a, b] = [1, 2].map(() => createMoPartStore(redis, { timeoutMs: 60_000 }));
    expect(await a?.add(connector, part(3, 'three'), 1000)).toEqual({ kind: 'waiting' });
    expect(await b?.add(connector, part(1, 'one '), 1001)).toEqual({ kind: 'waiting' });
    expect(await a?.add(connector, part(3, 'three'), 1002)).toEqual({ kind: 'waiting' }); // again
    const done = await b?.add(connector, part(2, 'two '), 1003);
    expect(done).toMatchObject({
      kind: 'complete',
      mo: { texts: ['one ', 'two ', 'three'], complete: true, firstAtMs: 1000 },
    });
    if (done?.kind !== 'complete') throw new Error('not complete');
    // Not due to anyone while its holder's lease runs; after storing, a redelivered part is seen.
    expect(await a?.due(connector, 20_000)).toEqual([]);
    await b?.stored(connector, done.mo.id);
    expect(await a?.add(connector, part(2, 'two '), 30_000)).toEqual({ kind: 'seen' });
    expect(await a?.due(connector, 500_000)).toEqual([]);
  });

  it('releases a message whose parts stopped coming, incomplete, to one instance only', async () => {
    const connector = uniqueName('mo');
    const [a, b] = [1, 2].map(() => createMoPartStore(redis, { timeoutMs: 60_000 }));
    await a?.add(connector, part(1, 'first '), 1000);
    await a?.add(connector, part(3, 'third'), 1000);
    expect(await b?.due(connector, 60_999)).toEqual([]);
    const [released] = (await b?.due(connector, 61_000)) ?? [];
    expect(released).toMatchObject({ texts: ['first ', '', 'third'], complete: false });
    expect(await a?.due(connector, 61_001)).toEqual([]);
  });

  it('gives a message its holder never stored to another instance once the lease ends', async () => {
    const connector = uniqueName('mo');
    const [crashed, survivor] = [1, 2].map(() =>
      createMoPartStore(redis, { timeoutMs: 60_000, leaseMs: 30_000 }),
    );
    await crashed?.add(connector, part(1, 'hello ', 2), 1000);
    const given = await crashed?.add(connector, part(2, 'world', 2), 2000);
    expect(given?.kind).toBe('complete');
    // The holder dies before writing it: nobody else has it during the lease, then one does.
    expect(await survivor?.due(connector, 31_999)).toEqual([]);
    expect(await survivor?.due(connector, 32_000)).toMatchObject([
      { texts: ['hello ', 'world'], complete: true, firstAtMs: 1000 },
    ]);
  });

  it('refuses new messages past the bound on waiting ones, and still takes parts of waiting ones', async () => {
    const connector = uniqueName('mo');
    const store = createMoPartStore(redis, { timeoutMs: 60_000, maxPending: 2 });
    await store.add(connector, { ...part(1, 'a'), reference: 1 }, 1000);
    await store.add(connector, { ...part(1, 'b'), reference: 2 }, 1000);
    expect(await store.add(connector, { ...part(1, 'c'), reference: 3 }, 1000)).toEqual({
      kind: 'full',
    });
    expect(await store.add(connector, { ...part(2, 'a'), reference: 1 }, 1000)).toEqual({
      kind: 'waiting',
    });
  });
});
