import type { StatusEvent } from '@smsgw/core';
import { startRedisServer, type RedisProcess } from '@smsgw/local-stack';
import {
  createCarrierMap,
  createDispatchLedger,
  createRedis,
  redisKeys,
  type LedgerRestore,
  type Redis,
} from '@smsgw/redis';
import { startTcpFaultProxy, uniqueName, waitFor, type TcpFaultProxy } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Its own redis-server without persistence: a restart is a Redis that lost every answered write,
// the far end of what a crash under `appendfsync everysec` loses (its last seconds).
let server: RedisProcess;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = createRedis({
    url: server.url,
    connectionName: 'ledger-journal',
  });
  await redis.connect();
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const submitted = (messageId: string, carrierMessageId: string): StatusEvent => ({
  messageId,
  tenantId: 'acme',
  state: 'SUBMITTED',
  atMs: 42,
  stage: 'dispatcher',
  reasons: [],
  carrierMessageId,
  connector: 'carrier-j',
});

describe('the ledger journal: answered writes a crashed Redis lost are written again', () => {
  it('after Redis comes back empty, claims, outcomes, mappings and fences stand again before anything new is written', async () => {
    const restores: LedgerRestore[] = [];
    const ledger = createDispatchLedger(redis, 60_000, { onRestore: (r) => restores.push(r) });
    const [sent, inFlight, next] = [uniqueName('sent'), uniqueName('inflight'), uniqueName('next')];
    const fence = await ledger.fence('journal-group', 0);
    await ledger.claim([sent, inFlight], 'me', 1, fence);
    await ledger.record([{ event: submitted(sent, 'cc01'), owner: 'me', carrierIds: ['cc01'] }]);

    await server.restart();
    await redis.ping();
    expect(await redis.dbsize()).toBe(0);

    // The next write finds its predecessor missing and waits for the restore, so this claim
    // already sees the in-flight marker of the submit under way, not an empty ledger.
    expect(await ledger.claim([inFlight, next], 'replayer', 2, fence)).toEqual([
      { kind: 'existing', entry: { state: 'inflight', owner: 'me', atMs: 1 } },
      { kind: 'claimed' },
    ]);
    expect(restores).toEqual([{ restored: 3, journal: 3 }]); // fence, claim, outcome
    expect(await redis.get(fence.key)).toBe(fence.token);
    expect(await createCarrierMap(redis, 60_000).lookup('carrier-j', 'cc01')).toEqual({
      messageId: sent,
      tenantId: 'acme',
    });
    expect(await ledger.claim([sent], 'replayer', 3, fence)).toMatchObject([
      { kind: 'existing', entry: { state: 'done', event: { state: 'SUBMITTED' } } },
    ]);
  });

  it('keeps only the writes of its span (and a few seconds of slack) for a restore', async () => {
    let now = 0;
    const restores: LedgerRestore[] = [];
    const ledger = createDispatchLedger(redis, 60_000, {
      spanMs: 10_000,
      nowMs: () => now,
      onRestore: (r) => restores.push(r),
    });
    await ledger.claim([uniqueName('old')], 'me', 1);
    now = 16_000; // past the span and its slack: the first write is dropped at the next one
    await ledger.claim([uniqueName('recent')], 'me', 2);
    await ledger.claim([uniqueName('latest')], 'me', 3);
    await server.restart();
    await redis.ping();
    await ledger.claim([uniqueName('after')], 'me', 4);
    expect(restores).toEqual([{ restored: 2, journal: 2 }]);
  });

  it('restores nothing while Redis holds every answered write', async () => {
    const restores: LedgerRestore[] = [];
    const ledger = createDispatchLedger(redis, 60_000, { onRestore: (r) => restores.push(r) });
    await ledger.claim([uniqueName('a')], 'me', 1);
    await server.restart(); // another instance's writes lost; none of this one's since
    await redis.ping();
    const fresh = createDispatchLedger(redis, 60_000, { onRestore: (r) => restores.push(r) });
    await fresh.claim([uniqueName('b')], 'me', 2);
    await fresh.claim([uniqueName('c')], 'me', 3);
    expect(restores).toEqual([]);
    expect(await redis.keys(redisKeys.dispatchAcks('*'))).toHaveLength(1);
  });

  it('a write under way when Redis dies is answered after the reconnect, once the writes Redis lost are back', async () => {
    const restores: LedgerRestore[] = [];
    const ledger = createDispatchLedger(redis, 60_000, { onRestore: (r) => restores.push(r) });
    const [first, second] = [uniqueName('first'), uniqueName('second')];
    await ledger.claim([first], 'me', 1);
    // Holds the next write unanswered in Redis, then kills Redis under it.
    const admin = createRedis({ url: server.url, connectionName: 'ledger-journal-admin' });
    await admin.connect();
    await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
    const underWay = ledger.claim([second], 'me', 2);
    await waitFor(async () => /blocked_clients:[1-9]/.test(await admin.info('clients')));
    admin.disconnect();
    await server.crashAndRestart();

    // ioredis sends it again on the new connection; it must settle, after the restore.
    expect(await underWay).toEqual([{ kind: 'claimed' }]);
    expect(restores).toEqual([{ restored: 1, journal: 1 }]);
    expect(await ledger.claim([first, second], 'later', 3)).toEqual([
      { kind: 'existing', entry: { state: 'inflight', owner: 'me', atMs: 1 } },
      { kind: 'existing', entry: { state: 'inflight', owner: 'me', atMs: 2 } },
    ]);
  });

  it('a claim whose answer was lost is claimed when ioredis sends it again, not in doubt', async () => {
    // Answers lost on the way back: the claim runs in Redis, the connection is taken for dead
    // (no byte back in 300 ms) and replaced, and ioredis sends the claim again.
    await throughProxy({}, async (proxy, client) => {
      const ledger = createDispatchLedger(client, 60_000);
      await ledger.claim([uniqueName('warm-up')], 'me', 1);
      proxy.dropAnswers();
      const message = uniqueName('lost-answer');
      expect(await ledger.claim([message], 'me', 2)).toEqual([{ kind: 'claimed' }]);
      expect(await redis.get(redisKeys.dispatch(message))).toMatch(/^i\x1fme\x1f2\x1f/);
    });
  });

  it('a claim that failed after Redis wrote it is claimed again by its instance, which sent nothing', async () => {
    // No second try: the claim fails when its connection is taken for dead.
    await throughProxy({ maxRetriesPerRequest: 0 }, async (proxy, client) => {
      const ledger = createDispatchLedger(client, 60_000);
      const [sent, failed] = [uniqueName('sent'), uniqueName('failed')];
      await ledger.claim([sent], 'me', 1); // answered: its message may have gone out
      proxy.dropAnswers();
      await expect(ledger.claim([sent, failed], 'me', 2)).rejects.toThrow();
      expect(await redis.get(redisKeys.dispatch(failed))).toMatch(/^i\x1fme\x1f2\x1f/);
      await waitFor(() => client.status === 'ready', { what: 'a new connection' });
      expect(await ledger.claim([sent, failed], 'me', 3)).toEqual([
        { kind: 'existing', entry: { state: 'inflight', owner: 'me', atMs: 1 } },
        { kind: 'claimed' },
      ]);
    });
  });
});

/**
 * Runs `body` with a client that reaches the test's Redis through a fault proxy and takes a
 * connection for dead after 300 ms without an answer.
 */
async function throughProxy(
  options: { maxRetriesPerRequest?: number },
  body: (proxy: TcpFaultProxy, client: Redis) => Promise<void>,
): Promise<void> {
  const proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: server.port });
  const client = createRedis({
    url: `redis://127.0.0.1:${proxy.port}`,
    connectionName: 'ledger-through-proxy',
    socketTimeoutMs: 300,
    ...options,
  });
  try {
    await client.connect();
    await body(proxy, client);
  } finally {
    client.disconnect();
    await proxy.close();
  }
}
