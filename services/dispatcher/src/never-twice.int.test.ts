import type { SmsMessage } from '@smsgw/core';
import { createDeadLetters, topicNames, type StageRecord } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { createDispatchLedger, createRedis, redisKeys, type Fence, type Redis } from '@smsgw/redis';
import { canonicalCarrierId, startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openConnector } from './connector-pool.js';
import { connectorWithDefaults } from './connectors.js';
import { createDispatcherMetrics } from './metrics.js';
import { createBatchSubmitter } from './submit-batch.js';
import {
  createMessageSubmitter,
  FencedError,
  OwnershipLostError,
  type InDoubtPolicy,
} from './submit-message.js';

// The batch submitter is the unit a Kafka replay repeats: running it twice on the same records
// is exactly what a crash or an aborted transaction does.
const logger = createLogger({ service: 'never-twice', level: 'silent' });
const clock = { nowMs: () => Date.now() };
let redis: Redis;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = createRedis({
    url: inject('redisUrl'),
    connectionName: 'never-twice',
  });
  await redis.connect();
});
afterAll(() => redis.disconnect());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: {
    responseDelayMs?: number;
    responseTimeoutMs?: number;
    policy?: InDoubtPolicy;
    owner?: string;
    /** Another instance's SMSC (two instances of the dispatcher). */
    simulator?: SmscSimulator;
    fenceOf?: (partition: number) => Fence | undefined;
  } = {},
) {
  const simulator: SmscSimulator =
    options.simulator ??
    (await startSmscSimulator({
      credentials: { systemId: 'gw', password: 'pw' },
      behaviour: { responseDelayMs: options.responseDelayMs ?? 0 },
    }));
  const metrics = createDispatcherMetrics(createMetricsRegistry('d'));
  const connector = openConnector(
    connectorWithDefaults({
      name: 'test',
      host: '127.0.0.1',
      port: simulator.port,
      systemId: 'gw',
      password: 'pw',
      windowSize: 10,
      responseTimeoutMs: options.responseTimeoutMs ?? 2000,
      enquireLinkIntervalMs: 0,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      inDoubtPolicy: options.policy ?? 'report',
    }),
    { logger, metrics, onDeliverSm: () => undefined },
  );
  cleanups.push(
    () => simulator.close(),
    () => connector.pool.close(),
    () => connector.breaker.shutdown(),
  );
  const ledger = createDispatchLedger(redis, 60_000);
  const submit = createMessageSubmitter({
    connectors: [connector],
    clock,
    metrics,
    retryDelayMs: 10,
    ledger,
    carrierTtlMs: 60_000,
    validityMs: Number.POSITIVE_INFINITY,
    owner: options.owner ?? 'instance-a',
    fenceOf: options.fenceOf,
  });
  const run = createBatchSubmitter(
    topicNames(''),
    submit,
    20,
    createDeadLetters({
      registry: createMetricsRegistry('test'),
      stage: 'dispatcher',
      inputTopic: topicNames('').approved,
      deadLetterTopic: topicNames('').deadLetter,
    }),
  );
  return { simulator, run, ledger };
}

function records(count: number): StageRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const sms: SmsMessage = {
      messageId: uniqueName('m')
        .toUpperCase()
        .replace(/[^0-9A-Z]/g, '')
        .padEnd(26, '0')
        .slice(0, 26),
      tenantId: 'acme',
      to: `+1212200${String(1000 + i)}`,
      from: 'Acme',
      body: `Acme: message ${i}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: 0,
      idempotencyKey: '',
      emergencyReason: '',
    };
    return {
      partition: 0,
      offset: String(i),
      key: sms.to,
      value: approvedEventCodec().encode({ sms, priority: 0 }),
    };
  });
}
const states = (out: { value: Buffer }[]): string[] =>
  out.map((o) => statusEventCodec().decode(o.value).state);

describe('never twice towards the carrier', () => {
  it('re-emits recorded outcomes on a replay instead of resending', async () => {
    const { simulator, run } = await setup();
    const batch = records(20);
    const first = await run(batch);
    const replay = await run(batch);
    expect(simulator.received).toHaveLength(20);
    expect(states(first)).toEqual(Array(20).fill('SUBMITTED'));
    expect(replay.map((r) => r.value)).toEqual(first.map((r) => r.value)); // byte for byte
  });

  it('reports a message claimed by a crashed attempt as UNKNOWN and does not send it', async () => {
    const { simulator, run, ledger } = await setup({ owner: 'instance-b' });
    const batch = records(5);
    const ids = batch.map((r) => approvedEventCodec().decode(r.value).sms?.messageId ?? '');
    await ledger.claim(ids.slice(0, 2), 'instance-a-that-crashed', Date.now());
    const out = await run(batch);
    expect(states(out)).toEqual(['UNKNOWN', 'UNKNOWN', 'SUBMITTED', 'SUBMITTED', 'SUBMITTED']);
    expect(
      statusEventCodec()
        .decode(out[0]?.value ?? Buffer.alloc(0))
        .reasons.map((r) => r.code),
    ).toEqual(['IN_DOUBT']);
    expect(simulator.received).toHaveLength(3);
    // And the decision is stable: a further replay says the same and still sends nothing.
    expect(states(await run(batch))).toEqual(states(out));
    expect(simulator.received).toHaveLength(3);
  });

  it('resends a message in doubt when the connector policy is resend (the carrier deduplicates)', async () => {
    const { simulator, run, ledger } = await setup({ policy: 'resend', owner: 'instance-b' });
    const batch = records(2);
    await ledger.claim(
      [approvedEventCodec().decode(batch[0]?.value ?? Buffer.alloc(0)).sms?.messageId ?? ''],
      'instance-a-that-crashed',
      Date.now(),
    );
    expect(states(await run(batch))).toEqual(['SUBMITTED', 'SUBMITTED']);
    expect(simulator.received).toHaveLength(2);
  });

  it('treats a lost submit_sm_resp as in doubt and never resends it on replay', async () => {
    const { simulator, run } = await setup({ responseDelayMs: 500, responseTimeoutMs: 100 });
    const batch = records(3);
    expect(states(await run(batch))).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    expect(states(await run(batch))).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    // The SMSC did get them (it only answered late): once each, never twice.
    await waitFor(() => simulator.received.length >= 3, { what: 'the late answers' });
    expect(simulator.received.map((r) => r.text).sort()).toEqual([
      'Acme: message 0',
      'Acme: message 1',
      'Acme: message 2',
    ]);
  });
});

describe('never twice across instances (a partition that moved)', () => {
  const idOf = (r: StageRecord): string =>
    approvedEventCodec().decode(r.value).sms?.messageId ?? '';

  it('sends nothing from a partition whose fence another instance has taken since', async () => {
    const group = uniqueName('group');
    const fences = new Map<number, Fence>();
    const { simulator, run, ledger } = await setup({ fenceOf: (p) => fences.get(p) });
    const batch = records(5);
    fences.set(0, await ledger.fence(group, 0));
    await run(batch.slice(0, 2));
    expect(simulator.received).toHaveLength(2);
    await ledger.fence(group, 0); // the group gave partition 0 to another instance
    await expect(run(batch.slice(2))).rejects.toBeInstanceOf(FencedError);
    expect(simulator.received).toHaveLength(2);
    expect(await redis.exists(...batch.slice(2).map((r) => redisKeys.dispatch(idOf(r))))).toBe(0);
  });

  it("a frozen instance's late answers give way to the UNKNOWN its successor settled (no receipt can follow it)", async () => {
    // The SMSC answers after 1.5 s: instance A has claimed and written the batch and waits,
    // as a frozen process would, while B replays the batch and finds A's claims unanswered.
    const a = await setup({ responseDelayMs: 1500, responseTimeoutMs: 10_000, owner: 'a' });
    const b = await setup({ simulator: a.simulator, owner: 'b' });
    const batch = records(3);
    const frozen = a.run(batch);
    frozen.catch(() => undefined);
    await waitFor(
      async () => (await redis.exists(...batch.map((r) => redisKeys.dispatch(idOf(r))))) === 3,
      { what: "A's claims" },
    );
    expect(states(await b.run(batch))).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    // A's answers come: its outcomes are refused, so its batch aborts (its Kafka transaction
    // is fenced too) and no carrier id is mapped for a receipt to turn into DELIVERED.
    await expect(frozen).rejects.toBeInstanceOf(OwnershipLostError);
    expect(a.simulator.received).toHaveLength(3);
    const carrierIds = a.simulator.received.map((r) => canonicalCarrierId(r.smscMessageId));
    expect(
      await redis.exists(...carrierIds.map((id) => redisKeys.carrierMessage('test', id))),
    ).toBe(0);
    expect(states(await b.run(batch))).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
  });
});
