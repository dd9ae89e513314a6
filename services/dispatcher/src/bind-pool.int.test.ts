import type { SmsMessage, StatusEvent } from '@smsgw/core';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { createDispatchLedger, createRedis, type Redis } from '@smsgw/redis';
import {
  COMMAND_STATUS,
  startSmscSimulator,
  type Pdu,
  type SimulatorBehaviour,
  type SmscSimulator,
} from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openConnector } from './connector-pool.js';
import { connectorWithDefaults, type ConnectorConfig } from './connectors.js';
import { createDispatcherMetrics, type DispatcherMetrics } from './metrics.js';
import { createMessageSubmitter, NoRouteError, type Connector } from './submit-message.js';

// The bind pool against every behaviour of the simulator zoo, on real TCP and the real Redis
// ledger: retries, failover, breaker open / half-open / closed, in-doubt reporting.
const logger = createLogger({ service: 'bind-pool', level: 'silent' });
let redis: Redis;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = createRedis({
    url: inject('redisUrl'),
    connectionName: 'bind-pool',
  });
  await redis.connect();
});
afterAll(() => redis.disconnect());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Carrier {
  simulator: SmscSimulator;
  connector: Connector;
}

async function carrier(
  name: string,
  behaviour: SimulatorBehaviour,
  settings: Partial<ConnectorConfig> = {},
  metrics?: DispatcherMetrics,
  onDeliverSm: (pdu: Pdu, ack: () => void) => void = () => undefined,
): Promise<Carrier> {
  const simulator = await startSmscSimulator({
    credentials: { systemId: 'gw', password: 'pw' },
    behaviour,
  });
  const connector = openConnector(
    connectorWithDefaults({
      name,
      host: '127.0.0.1',
      port: simulator.port,
      systemId: 'gw',
      password: 'pw',
      windowSize: 10,
      responseTimeoutMs: 1000,
      enquireLinkIntervalMs: 0,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      ...settings,
    }),
    {
      logger,
      metrics: metrics ?? createDispatcherMetrics(createMetricsRegistry(name)),
      onDeliverSm,
    },
  );
  cleanups.push(
    () => simulator.close(),
    () => connector.pool.close(),
    () => connector.breaker.shutdown(),
  );
  return { simulator, connector };
}

function submitter(
  connectors: Connector[],
  metrics = createDispatcherMetrics(createMetricsRegistry('submitter')),
  validityMs = Number.POSITIVE_INFINITY,
) {
  return createMessageSubmitter({
    connectors,
    clock: { nowMs: () => Date.now() },
    metrics,
    retryDelayMs: 20,
    ledger: createDispatchLedger(redis, 60_000),
    carrierTtlMs: 60_000,
    validityMs,
    owner: 'pool-test',
  });
}

const run = uniqueName('pool').replace(/[^a-z0-9]/g, '');
let seq = 0;
function message(to = '+12125550100'): { sms: SmsMessage; priority: number } {
  const n = seq++;
  const messageId = `${run}${String(n).padStart(8, '0')}`
    .toUpperCase()
    .slice(-26)
    .padStart(26, '0');
  return {
    sms: {
      messageId,
      tenantId: 'acme',
      to,
      from: 'Acme',
      body: `Acme: pool ${run} ${n}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: Date.now(),
      idempotencyKey: '',
      emergencyReason: '',
    },
    priority: 0,
  };
}
const texts = (s: SmscSimulator): string[] => s.received.map((r) => r.text);
const states = (events: StatusEvent[]): Record<string, number> =>
  events.reduce<Record<string, number>>(
    (acc, e) => ({ ...acc, [e.state]: (acc[e.state] ?? 0) + 1 }),
    {},
  );

describe('bind pool', () => {
  it('opens every bind of a connector and spreads a window per bind', async () => {
    const { simulator, connector } = await carrier(
      'multi',
      { responseDelayMs: 50 },
      { binds: 3, windowSize: 4 },
    );
    await waitFor(() => simulator.boundSessions === 3, { what: 'three binds' });
    const events = await Promise.all(
      Array.from({ length: 60 }, () => submitter([connector])(message())),
    );
    expect(states(events)).toEqual({ SUBMITTED: 60 });
    expect(simulator.maxUnansweredPerSession).toBeLessThanOrEqual(4); // each bind's window held
    expect(connector.pool.binds().map((b) => b.state)).toEqual(['BOUND', 'BOUND', 'BOUND']);
  });

  it('slows a throttled bind down and retries until every message is taken', async () => {
    const metrics = createDispatcherMetrics(createMetricsRegistry('throttle'));
    const { simulator, connector } = await carrier(
      'throttled',
      { throttle: { maxPerSecond: 40 } },
      { throughputPerBind: 200 },
      metrics,
    );
    const submit = submitter([connector], metrics);
    const events = await Promise.all(Array.from({ length: 100 }, () => submit(message())));
    expect(states(events)).toEqual({ SUBMITTED: 100 });
    expect(new Set(texts(simulator)).size).toBe(100);
    expect(texts(simulator)).toHaveLength(100); // throttled answers took nothing: nothing twice
    expect((await metrics.throttled.get()).values[0]?.value).toBeGreaterThan(0);
    expect(connector.pool.binds()[0]?.rateLimit).toBeLessThan(200); // the bind slowed down
  });

  it('fails only the message a permanent error is about, and the breaker stays closed', async () => {
    const { simulator, connector } = await carrier(
      'bad-dest',
      { submitError: { every: 4, status: COMMAND_STATUS.ESME_RINVDSTADR } },
      {
        breaker: {
          errorThresholdPercentage: 10,
          volumeThreshold: 2,
          rollingWindowMs: 10_000,
          resetTimeoutMs: 60_000,
        },
      },
    );
    const submit = submitter([connector]);
    const events: StatusEvent[] = [];
    for (let i = 0; i < 20; i++) events.push(await submit(message()));
    expect(states(events)).toEqual({ SUBMITTED: 15, FAILED: 5 });
    expect(events.find((e) => e.state === 'FAILED')?.reasons[0]?.message).toContain('0x0000000b');
    expect(connector.breaker.state).toBe('closed');
    expect(texts(simulator)).toHaveLength(15);
  });

  it('fails over to the next connector on SMSC system errors', async () => {
    const primary = await carrier(
      'primary',
      { submitError: { every: 1, status: COMMAND_STATUS.ESME_RSYSERR } },
      { priority: 1, retryableAttempts: 5 },
    );
    const backup = await carrier('backup', {}, { priority: 2 });
    const submit = submitter([primary.connector, backup.connector]);
    const events = await Promise.all(Array.from({ length: 10 }, () => submit(message())));
    expect(states(events)).toEqual({ SUBMITTED: 10 });
    expect(events.every((e) => e.connector === 'backup')).toBe(true);
    expect(texts(primary.simulator)).toHaveLength(0);
    expect(texts(backup.simulator)).toHaveLength(10);
  });

  it('reports black-holed submits as UNKNOWN, opens the breaker, fails over, then closes it once the carrier heals', async () => {
    const breaker = {
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      rollingWindowMs: 10_000,
      resetTimeoutMs: 500,
    };
    const primary = await carrier(
      'hole',
      { blackHole: true },
      { priority: 1, responseTimeoutMs: 200, windowSize: 3, breaker },
    );
    const backup = await carrier('spare', {}, { priority: 2 });
    const submit = submitter([primary.connector, backup.connector]);
    const first = await Promise.all(Array.from({ length: 3 }, () => submit(message())));
    expect(states(first)).toEqual({ UNKNOWN: 3 }); // sent, never answered: in doubt, not resent
    expect(primary.connector.breaker.state).toBe('open');
    const during = await Promise.all(Array.from({ length: 5 }, () => submit(message())));
    expect(during.map((e) => `${e.connector}:${e.state}`)).toEqual(
      Array(5).fill('spare:SUBMITTED'),
    );
    expect(texts(primary.simulator)).toHaveLength(3); // nothing else went into the hole

    primary.simulator.setBehaviour({});
    await waitFor(() => primary.connector.breaker.state === 'half-open', {
      what: 'half-open after the reset timeout',
    });
    const trial = await submit(message());
    expect(`${trial.connector}:${trial.state}`).toBe('hole:SUBMITTED');
    expect(primary.connector.breaker.state).toBe('closed');
  });

  it('fails over when a carrier refuses binds, and holds messages when no connector is open', async () => {
    const refused = await carrier(
      'refusing',
      { refuseBinds: COMMAND_STATUS.ESME_RBINDFAIL },
      { priority: 1, responseTimeoutMs: 300 },
    );
    const backup = await carrier('open', {}, { priority: 2 });
    await waitFor(() => refused.simulator.bindAttempts > 0, { what: 'a refused bind' });
    const viaBackup = await submitter([refused.connector, backup.connector])(message());
    expect(`${viaBackup.connector}:${viaBackup.state}`).toBe('open:SUBMITTED');
    // Alone, the refusing carrier is no route: the message is held (the batch replays later), not failed.
    await expect(submitter([refused.connector])(message())).rejects.toBeInstanceOf(NoRouteError);
    expect(texts(refused.simulator)).toHaveLength(0);
    // Held past its validity (accepted an hour ago, valid for a minute): EXPIRED, never sent.
    const old = message();
    old.sms.acceptedAtMs = Date.now() - 3_600_000;
    const metrics = createDispatcherMetrics(createMetricsRegistry('expiry'));
    const expired = await submitter([refused.connector], metrics, 60_000)(old);
    expect(expired).toMatchObject({ state: 'EXPIRED', reasons: [{ code: 'VALIDITY_EXPIRED' }] });
    expect((await metrics.expired.get()).values[0]?.value).toBe(1);
    // Within its validity the same wait still holds it.
    await expect(submitter([refused.connector], metrics, 60_000)(message())).rejects.toBeInstanceOf(
      NoRouteError,
    );
    expect(texts(refused.simulator)).toHaveLength(0);
  });

  it('reports the window a carrier drops mid-flight as UNKNOWN and sends nothing twice', async () => {
    const { simulator, connector } = await carrier(
      'dropper',
      { disconnectEvery: 15, responseDelayMs: 20 },
      { windowSize: 5 },
    );
    const submit = submitter([connector]);
    const events = await Promise.all(Array.from({ length: 40 }, () => submit(message())));
    const counted = states(events);
    expect((counted.SUBMITTED ?? 0) + (counted.UNKNOWN ?? 0)).toBe(40);
    expect(counted.UNKNOWN ?? 0).toBeGreaterThan(0);
    expect(counted.UNKNOWN ?? 0).toBeLessThanOrEqual(5 * 3); // at most a window per drop
    expect(new Set(texts(simulator)).size).toBe(texts(simulator).length);
  });

  it('submits on transmitter binds and takes receipts on the receiver bind of a TX+RX connector', async () => {
    const receipts: string[] = [];
    const { simulator, connector } = await carrier(
      'txrx',
      { dlr: { delayMs: 0, idFormat: 'hex' } },
      { bindType: 'tx+rx', binds: 2 },
      undefined,
      (pdu, ack) => {
        receipts.push(String(pdu.receipted_message_id));
        ack();
      },
    );
    await waitFor(() => simulator.boundSessions === 3, { what: 'two transmitters and a receiver' });
    expect(connector.pool.binds().map((b) => b.role)).toEqual(['tx', 'tx', 'rx']);
    const events = await Promise.all(
      Array.from({ length: 10 }, () => submitter([connector])(message())),
    );
    expect(states(events)).toEqual({ SUBMITTED: 10 });
    await waitFor(() => receipts.length === 10, { what: 'the receipts on the receiver' });
    expect(receipts.sort()).toEqual(simulator.received.map((r) => r.smscMessageId).sort());
  });

  it('routes by destination prefix', async () => {
    const uk = await carrier('uk', {}, { prefixes: ['+44'] });
    const rest = await carrier('rest', {}, { priority: 200 });
    const submit = submitter([uk.connector, rest.connector]);
    expect((await submit(message('+447700900123'))).connector).toBe('uk');
    expect((await submit(message('+12125550100'))).connector).toBe('rest');
    const unserved = await submitter([uk.connector])(message('+12125550100'));
    expect(unserved).toMatchObject({ state: 'FAILED', reasons: [{ code: 'NO_ROUTE' }] });
  });
});
