import {
  createConsentStore,
  createDeferredQueue,
  createRedis,
  redisKeys,
  type Redis,
} from '@smsgw/redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sealedDeferredQueue } from './deferred-seal.js';

// The deferred queue is one key for every compliance instance: this test holds at a release
// time nobody else uses and never claims (that would take other tests' due messages).
let redis: Redis;
beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'deferred-seal' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

describe('deferred messages at rest in Redis', () => {
  it('stores no number or body in clear, once per message, and acknowledges it away', async () => {
    const queue = sealedDeferredQueue(createDeferredQueue(redis), [
      'a secret of sixteen chars or more',
    ]);
    const releaseAtMs = 4_102_444_800_000 + Math.floor(Math.random() * 1e9); // after 2100
    const payload = Buffer.from(`\n\x30+14155550199 Acme: night owl deal ${releaseAtMs}`);
    await queue.hold([{ releaseAtMs, payload }]);
    await queue.hold([{ releaseAtMs, payload }]); // a replay holds it again
    const raw = await redis.zrangebyscoreBuffer(redisKeys.deferred(), releaseAtMs, releaseAtMs);
    expect(raw).toHaveLength(1);
    expect(raw[0]?.includes(Buffer.from('14155550199'))).toBe(false);
    expect(raw[0]?.includes(Buffer.from('night owl'))).toBe(false);
    await queue.acknowledge([payload]);
    expect(await redis.zrangebyscoreBuffer(redisKeys.deferred(), releaseAtMs, releaseAtMs)).toEqual(
      [],
    );
  });
});

describe('deferred messages across a key rotation', () => {
  it('releases a message sealed under the retiring key and acknowledges it away', async () => {
    // A database of its own: claiming takes every due message, and other tests hold some.
    const url = new URL(inject('redisUrl'));
    url.pathname = '/11';
    const own = createRedis({ url: url.toString(), connectionName: 'deferred-rotation' });
    await own.connect();
    try {
      await own.del(redisKeys.deferred());
      const old = 'the retiring secret, thirty-two characters';
      const before = sealedDeferredQueue(createDeferredQueue(own), [old]);
      const after = sealedDeferredQueue(createDeferredQueue(own), [
        'the current secret, thirty-two characters',
        old,
      ]);
      const payload = Buffer.from('+14155550199 held across the rotation');
      await before.hold([{ releaseAtMs: 1_000, payload }]);
      await after.hold([{ releaseAtMs: 2_000, payload: Buffer.from('held after it') }]);
      const claimed = await after.claimDue(5_000, 60_000, 10);
      expect(claimed.map((p) => p.toString()).sort()).toEqual([
        '+14155550199 held across the rotation',
        'held after it',
      ]);
      // A ring without the new key cannot open what was sealed after the rotation.
      await expect(
        sealedDeferredQueue(createDeferredQueue(own), [old]).claimDue(70_000, 60_000, 10),
      ).rejects.toThrow();
      await after.acknowledge(claimed);
      expect(await own.zcard(redisKeys.deferred())).toBe(0);
    } finally {
      own.disconnect();
    }
  });
});

describe('erasure of a recipient with deferred messages (ForgetRecipient)', () => {
  it('drops every message held for them, sealed, and nobody else’s, in the same step as their consent', async () => {
    const queue = sealedDeferredQueue(createDeferredQueue(redis), [
      'a secret of sixteen chars or more',
    ]);
    const consent = createConsentStore(redis);
    const releaseAtMs = 4_102_444_800_000 + Math.floor(Math.random() * 1e9);
    const forgotten = { tenantId: 'acme', h: `h-${releaseAtMs}` };
    const other = { tenantId: 'acme', h: `other-${releaseAtMs}` };
    const held = (text: string, owner: typeof forgotten) => ({
      releaseAtMs,
      payload: Buffer.from(`${text} ${releaseAtMs}`),
      owner,
    });
    await queue.hold([held('first', forgotten), held('second', forgotten), held('kept', other)]);
    expect(await consent.forget(forgotten, releaseAtMs)).toEqual({
      suppressionKept: false,
      deferredDropped: 2,
    });
    expect(await redis.zcount(redisKeys.deferred(), releaseAtMs, releaseAtMs)).toBe(1);
    expect(await redis.exists(redisKeys.deferredOf(forgotten.tenantId, forgotten.h))).toBe(0);
    // Forgetting again finds nothing more.
    expect((await consent.forget(forgotten, releaseAtMs)).deferredDropped).toBe(0);
    await queue.acknowledge([held('kept', other).payload]);
  });
});
