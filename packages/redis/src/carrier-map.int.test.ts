import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCarrierMap } from './carrier-map.js';
import { createRedis, type Redis } from './client.js';
import { redisKeys } from './keys.js';

let redis: Redis;
beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'carrier-map-test' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const twoParts = (index: number) => ({ index, total: 2 });

describe("a long message's parts' receipts, on the real Redis", () => {
  it('lets only the receipt that completed the message write DELIVERED, also when redelivered', async () => {
    const carriers = createCarrierMap(redis, 60_000);
    const id = uniqueName('msg');
    expect(await carriers.settlePart(id, twoParts(1), 'DELIVERED')).toEqual({
      kind: 'waiting',
      settled: 1,
    });
    // Part 2 completes it; then the redeliveries: part 1's receipt is settled without writing,
    // part 2's may write again.
    for (const index of [2, 1, 2])
      expect(await carriers.settlePart(id, twoParts(index), 'DELIVERED')).toEqual({
        kind: 'delivered',
        by: 2,
      });
  });

  it('names one decider when both parts are redelivered at once after both were stored', async () => {
    // A dispatcher stored both parts' states and died before acknowledging either receipt: the
    // SMSC offers both again, together, to its successor. Both find the message complete; each
    // used to write DELIVERED (the long-dispatcher-kill chaos scenario saw 44 such messages).
    const carriers = createCarrierMap(redis, 60_000);
    for (let round = 0; round < 50; round++) {
      const id = uniqueName('msg');
      await redis.hset(redisKeys.receiptParts(id), { '1': 'DELIVERED', '2': 'DELIVERED' });
      const verdicts = await Promise.all(
        [1, 2].map((index) => carriers.settlePart(id, twoParts(index), 'DELIVERED')),
      );
      const writers = [1, 2].filter(
        (index, k) => verdicts[k]?.kind === 'delivered' && verdicts[k]?.by === index,
      );
      expect(writers).toHaveLength(1);
    }
  });
});
