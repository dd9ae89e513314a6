import type { StatusEvent } from '@smsgw/core';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from './client.js';
import { redisKeys } from './keys.js';
import { createStatusStore, type StatusStore } from './status-store.js';

let redis: Redis;
let store: StatusStore;

beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'status-store-test' });
  await redis.connect();
  store = createStatusStore(redis, { retentionSeconds: 3600 });
});
afterAll(() => redis.disconnect());

const event = (
  messageId: string,
  state: StatusEvent['state'],
  atMs: number,
  tenantId = 'acme',
): StatusEvent => ({
  messageId,
  tenantId,
  state,
  atMs,
  stage: 'dispatcher',
  reasons: [],
  carrierMessageId: state === 'SUBMITTED' ? 'c1' : '',
  connector: '',
});

describe('status store on the real Redis', () => {
  it('keeps the history ordered by time whatever the arrival order', async () => {
    const id = uniqueName('msg');
    await store.append([event(id, 'SUBMITTED', 3), event(id, 'ACCEPTED', 1)]);
    await store.append([event(id, 'APPROVED', 2)]);
    expect((await store.history('acme', id)).map((e) => e.state)).toEqual([
      'ACCEPTED',
      'APPROVED',
      'SUBMITTED',
    ]);
  });

  it('stores a replayed event once (idempotent under Kafka redelivery)', async () => {
    const id = uniqueName('msg');
    const accepted = event(id, 'ACCEPTED', 1);
    await store.append([accepted]);
    await store.append([accepted, accepted]);
    expect(await store.history('acme', id)).toHaveLength(1);
  });

  it('keeps tenants apart: another tenant cannot read the history', async () => {
    const id = uniqueName('msg');
    await store.append([event(id, 'ACCEPTED', 1, 'acme')]);
    expect(await store.history('globex', id)).toEqual([]);
  });

  it('expires a history after the retention period', async () => {
    const id = uniqueName('msg');
    await store.append([event(id, 'ACCEPTED', 1)]);
    const ttl = await redis.ttl(redisKeys.statusHistory('acme', id));
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});
