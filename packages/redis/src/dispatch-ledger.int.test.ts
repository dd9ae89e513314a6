import type { StatusEvent } from '@smsgw/core';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCarrierMap } from './carrier-map.js';
import { createRedis, type Redis } from './client.js';
import { createDispatchLedger } from './dispatch-ledger.js';
import { redisKeys } from './keys.js';

let redis: Redis;

beforeAll(async () => {
  redis = createRedis({
    url: inject('redisUrl'),
    connectionName: 'dispatch-ledger-test',
  });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const submitted = (
  messageId: string,
  connector: string,
  carrierMessageId: string,
): StatusEvent => ({
  messageId,
  tenantId: 'acme',
  state: 'SUBMITTED',
  atMs: 42,
  stage: 'dispatcher',
  reasons: [],
  carrierMessageId,
  connector,
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
      {
        kind: 'existing',
        entry: {
          state: 'done',
          owner: 'earlier',
          atMs: 42,
          event: submitted(c, 'carrier-x', 'ff01'),
        },
      },
    ]);
    // The first claim stands: a second claimer sees this one's marker, not its own.
    expect(await ledger.claim([a], 'other', 10)).toEqual([
      { kind: 'existing', entry: { state: 'inflight', owner: 'me', atMs: 9 } },
    ]);
  });

  it('records outcomes with every carrier id mapped for receipts, each key with its TTL', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const [m1, m2] = [uniqueName('m1'), uniqueName('m2')];
    await ledger.record([
      {
        event: submitted(m1, 'carrier-x', 'aa01'),
        owner: 'me',
        carrierIds: ['aa01', 'aa02'],
        carrierTtlMs: 5_000,
      },
      {
        event: submitted(m2, 'carrier-x', 'bb01'),
        owner: 'me',
        carrierIds: ['bb01'],
        carrierTtlMs: 5_000,
      },
    ]);
    const carriers = createCarrierMap(redis, 60_000);
    // m1 went out in two parts: each part's id says which part it was.
    expect(await carriers.lookup('carrier-x', 'aa02')).toEqual({
      messageId: m1,
      tenantId: 'acme',
      part: { index: 2, total: 2 },
    });
    expect(await carriers.lookup('carrier-x', 'bb01')).toEqual({ messageId: m2, tenantId: 'acme' });
    const carrierTtl = await redis.pttl(redisKeys.carrierMessage('carrier-x', 'aa01'));
    const ledgerTtl = await redis.pttl(redisKeys.dispatch(m2));
    expect(carrierTtl).toBeGreaterThan(0);
    expect(carrierTtl).toBeLessThanOrEqual(5_000);
    expect(ledgerTtl).toBeGreaterThan(5_000);
    expect(ledgerTtl).toBeLessThanOrEqual(60_000);
  });

  it('takes a turn far larger than one script call (split into several, results in order)', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const ids = Array.from({ length: 5_003 }, (_, i) => uniqueName(`bulk${i}`));
    await ledger.claim(
      ids.filter((_, i) => i % 1000 === 7),
      'earlier',
      1,
    );
    const results = await ledger.claim(ids, 'me', 2);
    expect(results).toHaveLength(ids.length);
    expect(results.flatMap((r, i) => (r.kind === 'existing' ? [i] : []))).toEqual(
      [7, 1007, 2007, 3007, 4007, 5007].filter((i) => i < ids.length),
    );
    await ledger.record(
      ids.map((id, i) => ({
        event: submitted(id, 'carrier-y', `c${i}`),
        owner: 'me',
        carrierIds: [`c${i}`, `d${i}`],
        carrierTtlMs: 5_000,
      })),
    );
    const carriers = createCarrierMap(redis, 60_000);
    expect(await carriers.lookup('carrier-y', 'd5002')).toEqual({
      messageId: ids[5002],
      tenantId: 'acme',
      part: { index: 2, total: 2 },
    });
    expect(await ledger.claim([ids[4321] as string], 'later', 3)).toEqual([
      {
        kind: 'existing',
        entry: {
          state: 'done',
          owner: 'me',
          atMs: 42,
          event: submitted(ids[4321] as string, 'carrier-y', 'c4321'),
        },
      },
    ]);
  });

  it('keeps keys and values with any character but NUL intact through the packed script argument, and refuses a NUL', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const id = uniqueName('odd');
    const carrierIds = ['a|b', 'line\nbreak', 'ünï 😀', ' spaced '];
    const event = {
      ...submitted(id, 'carrier-z', carrierIds[0] as string),
      reasons: [{ code: 'X', message: 'quote " backslash \\ nul-free' }],
    };
    await ledger.record([{ event, owner: 'me', carrierIds, carrierTtlMs: 5_000 }]);
    const carriers = createCarrierMap(redis, 60_000);
    for (const [i, carrierId] of carrierIds.entries())
      expect(await carriers.lookup('carrier-z', carrierId)).toEqual({
        messageId: id,
        tenantId: 'acme',
        part: { index: i + 1, total: carrierIds.length },
      });
    expect(await ledger.claim([id], 'later', 3)).toEqual([
      { kind: 'existing', entry: { state: 'done', owner: 'me', atMs: 42, event } },
    ]);
    await expect(
      ledger.record([
        {
          event: submitted(uniqueName('nul'), 'carrier-z', 'x'),
          owner: 'me',
          carrierIds: ['bad\0id'],
        },
      ]),
    ).rejects.toThrow(/NUL/);
  });

  it('stores outcomes compactly, reads entries written as JSON by earlier releases, and keeps what the compact form cannot carry', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const [compact, odd, legacyDone, legacyInflight] = [
      uniqueName('compact'),
      uniqueName('odd'),
      uniqueName('legacy'),
      uniqueName('legacy-inflight'),
    ];
    await ledger.record([
      { event: submitted(compact, 'carrier-x', 'id\x1fwith\x1fseparators'), owner: 'me' },
    ]);
    expect((await redis.get(redisKeys.dispatch(compact)))?.length).toBeLessThan(100); // the JSON was about 280 bytes
    const unusual: StatusEvent = {
      ...submitted(odd, 'carrier-x', 'c1'),
      stage: 'compliance',
      releaseAtMs: 99,
    };
    await ledger.record([{ event: unusual, owner: 'me' }]);
    await redis.set(
      redisKeys.dispatch(legacyDone),
      JSON.stringify({
        state: 'done',
        owner: 'old',
        atMs: 42,
        event: submitted(legacyDone, 'carrier-x', 'ab'),
      }),
    );
    await redis.set(
      redisKeys.dispatch(legacyInflight),
      JSON.stringify({ state: 'inflight', owner: 'old', atMs: 5 }),
    );
    expect(await ledger.claim([compact, odd, legacyDone, legacyInflight], 'later', 3)).toEqual([
      {
        kind: 'existing',
        entry: {
          state: 'done',
          owner: 'me',
          atMs: 42,
          event: submitted(compact, 'carrier-x', 'id\x1fwith\x1fseparators'),
        },
      },
      { kind: 'existing', entry: { state: 'done', owner: 'me', atMs: 42, event: unusual } },
      {
        kind: 'existing',
        entry: {
          state: 'done',
          owner: 'old',
          atMs: 42,
          event: submitted(legacyDone, 'carrier-x', 'ab'),
        },
      },
      { kind: 'existing', entry: { state: 'inflight', owner: 'old', atMs: 5 } },
    ]);
  });
});

describe('carrier ids the carrier hands out twice', () => {
  it('marks an id given to a second message ambiguous (reported, never overwritten), and a replay of the same mapping is no collision', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const carriers = createCarrierMap(redis, 60_000);
    const [first, second, third] = [uniqueName('first'), uniqueName('second'), uniqueName('third')];
    const id = uniqueName('reused');
    const outcome = (messageId: string) => ({
      event: submitted(messageId, 'carrier-r', id),
      owner: 'me',
      carrierIds: [id],
      carrierTtlMs: 5_000,
    });
    expect((await ledger.record([outcome(first)])).collisions).toEqual([]);
    expect((await ledger.record([outcome(first)])).collisions).toEqual([]);
    expect(await carriers.lookup('carrier-r', id)).toEqual({ messageId: first, tenantId: 'acme' });

    expect((await ledger.record([outcome(second)])).collisions).toEqual([
      { connector: 'carrier-r', carrierId: id },
    ]);
    expect(await carriers.lookup('carrier-r', id)).toBe('ambiguous');
    // Counted once: a third message on an id already ambiguous adds no collision report.
    expect((await ledger.record([outcome(third)])).collisions).toEqual([]);
    expect(await carriers.lookup('carrier-r', id)).toBe('ambiguous');
    // The outcome itself is recorded even so (a replay re-emits it rather than resending).
    const [claim] = await ledger.claim([second], 'later', 1);
    expect(claim).toMatchObject({ kind: 'existing', entry: { state: 'done' } });
  });
});

describe('several dispatcher instances: who may record, who may claim', () => {
  const unknown = (messageId: string): StatusEvent => ({
    ...submitted(messageId, 'carrier-z', ''),
    state: 'UNKNOWN',
    reasons: [{ code: 'IN_DOUBT', message: 'not resent' }],
  });

  it("refuses a frozen owner's late outcome once another settled its claim (nor maps its carrier id)", async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const m = uniqueName('zombie-held');
    await ledger.claim([m], 'zombie', 1);
    // The partition's new owner finds the claim unanswered and settles it as in doubt.
    const settled = await ledger.record([
      { event: unknown(m), owner: 'survivor', settles: 'in-doubt' },
    ]);
    expect(settled.refused.size).toBe(0);
    // The zombie resumes and reads the SMSC's answer: its outcome must not replace UNKNOWN,
    // and the receipt that follows must match nothing (a DELIVERED after UNKNOWN otherwise).
    const late = await ledger.record([
      {
        event: submitted(m, 'carrier-z', 'zz01'),
        owner: 'zombie',
        carrierIds: ['zz01'],
        carrierTtlMs: 5_000,
      },
    ]);
    expect(late.refused.get(m)).toMatchObject({
      state: 'done',
      owner: 'survivor',
      event: { state: 'UNKNOWN' },
    });
    expect(await createCarrierMap(redis, 60_000).lookup('carrier-z', 'zz01')).toBeUndefined();
    expect(await ledger.claim([m], 'anyone', 2)).toMatchObject([
      { kind: 'existing', entry: { owner: 'survivor', event: { state: 'UNKNOWN' } } },
    ]);
  });

  it("keeps the owner's outcome when it was recorded before another tried to settle the claim as in doubt", async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const m = uniqueName('answered-first');
    await ledger.claim([m], 'first', 1);
    await ledger.record([{ event: submitted(m, 'carrier-z', 'zz02'), owner: 'first' }]);
    const late = await ledger.record([{ event: unknown(m), owner: 'second', settles: 'in-doubt' }]);
    expect(late.refused.get(m)).toMatchObject({
      state: 'done',
      owner: 'first',
      event: { state: 'SUBMITTED', carrierMessageId: 'zz02' },
    });
  });

  it("records an owner's outcome over its own marker, and not over another owner's marker", async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const [mine, theirs] = [uniqueName('mine'), uniqueName('theirs')];
    await ledger.claim([mine], 'me', 1);
    await ledger.claim([theirs], 'them', 1);
    const result = await ledger.record([
      { event: submitted(mine, 'carrier-z', 'zz03'), owner: 'me' },
      { event: submitted(theirs, 'carrier-z', 'zz04'), owner: 'me' },
    ]);
    expect([...result.refused.keys()]).toEqual([theirs]);
    expect(result.refused.get(theirs)).toEqual({ state: 'inflight', owner: 'them', atMs: 1 });
  });

  it('claims nothing with a fence whose token another owner has replaced since', async () => {
    const ledger = createDispatchLedger(redis, 60_000);
    const group = uniqueName('group');
    const [a, b, c] = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    const before = await ledger.fence(group, 3);
    expect(await ledger.claim([a], 'before', 1, before)).toEqual([{ kind: 'claimed' }]);
    const after = await ledger.fence(group, 3);
    expect(after.token).not.toBe(before.token);
    expect(await ledger.claim([b, c], 'before', 2, before)).toEqual([
      { kind: 'fenced' },
      { kind: 'fenced' },
    ]);
    // Nothing was claimed by the fenced call: the new owner claims both.
    expect(await ledger.claim([b, c], 'after', 3, after)).toEqual([
      { kind: 'claimed' },
      { kind: 'claimed' },
    ]);
    // Another partition's fence is its own.
    const other = await ledger.fence(group, 4);
    expect(await ledger.claim([uniqueName('d')], 'before', 4, other)).toEqual([
      { kind: 'claimed' },
    ]);
  });
});
