import type { StatusEvent } from '@smsgw/core';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCarrierMap } from './carrier-map.js';
import { createRedis, type Redis } from './client.js';
import { createDispatchLedger } from './dispatch-ledger.js';
import { redisKeys } from './keys.js';

let redis: Redis;

beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'dispatch-ledger-test' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const submitted = (messageId: string, connector: string, carrierMessageId: string): StatusEvent => ({
  messageId, tenantId: 'acme', state: 'SUBMITTED', atMs: 42, stage: 'dispatcher', reasons: [], carrierMessageId, connector,
});

describe('dispatch ledger on the real Redis (one script call per turn)', () => {
  it('claims new messages and reports what an earlier attempt left, position by position', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const [a, b, c] = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    await ledger.claim([b], 'crashed-instance', 7);
    await ledger.record([{ event: submitted(c, 'carrier-x', 'ff01'), owner: 'earlier' }]);
    const results = await ledger.claim([a, b, c], 'me', 9);
    expect(results).toEqual([
      { kind: 'claimed' },
      { kind: 'existing', entry: { state: 'inflight', owner: 'crashed-instance', atMs: 7 } },
      { kind: 'existing', entry: { state: 'done', owner: 'earlier', atMs: 42, event: submitted(c, 'carrier-x', 'ff01') } },
    ]);
    // The first claim stands: a second claimer sees this one's marker, not its own.
    expect(await ledger.claim([a], 'other', 10)).toEqual([{ kind: 'existing', entry: { state: 'inflight', owner: 'me', atMs: 9 } }]);
  });

  it('records outcomes with every carrier id mapped for receipts, each key with its TTL', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const [m1, m2] = [uniqueName('m1'), uniqueName('m2')];
    await ledger.record([
      { event: submitted(m1, 'carrier-x', 'aa01'), owner: 'me', carrierIds: ['aa01', 'aa02'], carrierTtlMs: 5_000 },
      { event: submitted(m2, 'carrier-x', 'bb01'), owner: 'me', carrierIds: ['bb01'], carrierTtlMs: 5_000 },
    ]);
    const carriers = createCarrierMap(redis, 60_000);
    expect(await carriers.lookup('carrier-x', 'aa02')).toEqual({ messageId: m1, tenantId: 'acme' });
    expect(await carriers.lookup('carrier-x', 'bb01')).toEqual({ messageId: m2, tenantId: 'acme' });
    const carrierTtl = await redis.pttl(redisKeys.carrierMessage('carrier-x', 'aa01'));
    const ledgerTtl = await redis.pttl(redisKeys.dispatch(m2));
    expect(carrierTtl).toBeGreaterThan(0);
    expect(carrierTtl).toBeLessThanOrEqual(5_000);
    expect(ledgerTtl).toBeGreaterThan(5_000);
    expect(ledgerTtl).toBeLessThanOrEqual(60_000);
  });
});
