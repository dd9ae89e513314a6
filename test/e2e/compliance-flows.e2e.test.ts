import { readFileSync } from 'node:fs';
import { startCompliance, type Compliance } from '@smsgw/compliance/app';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { parseTenants } from '@smsgw/config';
import { startDispatcher, type Dispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import {
  createConsentClient,
  createMessagingClient,
  readErrorReasons,
  type ConsentClient,
  type MessagingClient,
  type ServiceError,
} from '@smsgw/grpc';
import { startIngress, type Ingress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import {
  createBatchingProducer,
  createKafka,
  ensureTopics,
  gatewayTopics,
  topicNames,
  type BatchingProducer,
} from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { inboundMessageCodec } from '@smsgw/proto';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The compliance flows end to end: gRPC in, Kafka between stages, the real evaluator on Redis,
// SMPP out. Compliance runs with an injected clock so quiet hours can open on demand.
const TENANTS_FILE = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;
const namespace = uniqueName('flows');
const topics = topicNames(namespace);
const logger = createLogger({ service: 'flows', level: 'silent' });
let now = Date.now();
const clock = { nowMs: () => now };
let simulator: SmscSimulator;
let ingress: Ingress;
let compliance: Compliance;
let dispatcher: Dispatcher;
let client: MessagingClient;
let consent: ConsentClient;
let producer: BatchingProducer;

beforeAll(async () => {
  const base = {
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
    SMSGW_TENANTS_FILE: TENANTS_FILE,
  };
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'flows', logger });
  await ensureTopics(kafka, gatewayTopics(2, namespace));
  producer = createBatchingProducer(kafka);
  await producer.connect();
  const tenants = parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')), TENANTS_FILE, {
    developmentMode: true,
  });
  simulator = await startSmscSimulator({ credentials: { systemId: 'smsgw', password: 'secret' } });
  compliance = await startCompliance(
    loadComplianceConfig({
      ...base,
      // A ring in rotation (an HMAC key, the salt retiring): every flow runs the adoption path.
      SMSGW_HASH_KEYS: `flows=${uniqueName('hash-key-for-flows').padEnd(32, '0')}`,
      SMSGW_HASH_SALT: uniqueName('salt-for-flows'),
      SMSGW_COMPLIANCE_GRPC_HOST: '127.0.0.1',
      SMSGW_COMPLIANCE_GRPC_PORT: '0',
      SMSGW_COMPLIANCE_METRICS_PORT: '0',
      SMSGW_COMPLIANCE_RELEASE_INTERVAL_MS: '60000',
    }),
    { logger, registry: createMetricsRegistry('compliance'), tenants, clock },
  );
  ingress = await startIngress(
    loadIngressConfig({
      ...base,
      SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
      SMSGW_INGRESS_GRPC_PORT: '0',
      SMSGW_INGRESS_METRICS_PORT: '0',
    }),
    { logger, registry: createMetricsRegistry('ingress'), tenants, clock },
  );
  dispatcher = await startDispatcher(
    loadDispatcherConfig({
      ...base,
      SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
      SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port),
      SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'smsgw',
      SMSGW_DISPATCHER_SMSC_PASSWORD: 'secret',
      SMSGW_DISPATCHER_METRICS_PORT: '0',
    }),
    { logger, registry: createMetricsRegistry('dispatcher'), clock },
  );
  client = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'dev-acme-token');
  consent = createConsentClient(`127.0.0.1:${compliance.grpcPort}`, 'dev-acme-token');
});

afterAll(async () => {
  client?.close();
  consent?.close();
  await dispatcher?.stop();
  await compliance?.stop();
  await ingress?.stop();
  await producer?.disconnect();
  await simulator?.close();
});

async function mo(
  from: string,
  body: string,
  inboundId = uniqueName('mo'),
  receivedAtMs = Date.now(),
): Promise<void> {
  await producer.send([
    {
      topic: topics.inbound,
      key: from,
      value: inboundMessageCodec().encode({
        inboundId,
        from,
        to: '12345',
        body,
        receivedAtMs,
        connector: 'default',
      }),
    },
  ]);
}

async function finalStatus(messageId: string, state: string) {
  return waitFor(
    async () => {
      const s = await client.getMessage(messageId);
      return s.state === state ? s : undefined;
    },
    { timeoutMs: 30_000, what: `${state} for ${messageId}` },
  );
}

const offer = (to: string, body = 'Acme: 20% off this weekend. Reply STOP to opt out') =>
  client.sendMessage({ to, from: 'Acme', body, category: 'MARKETING' });

describe('opt-out by MO', () => {
  const to = '+14155550142';
  it('confirms a STOP exactly once and then refuses marketing with OPTED_OUT', async () => {
    now = Date.parse('2026-06-10T18:00:00Z'); // 11:00 in San Francisco: inside the window
    await consent.recordConsent(to, 'PURPOSE_MARKETING', 'checkout');
    const first = await offer(to);
    await finalStatus(first.messageId, 'SUBMITTED');

    const stopId = uniqueName('stop');
    await mo(to, 'STOP', stopId);
    await mo(to, 'STOP', stopId); // the carrier delivers the same MO twice
    await mo(to, 'please stop texting me'); // and the recipient insists in plain words
    const confirmations = () =>
      simulator.received.filter(
        (r) => r.destinationAddr === to.slice(1) && r.text.includes('unsubscribed'),
      );
    await waitFor(() => confirmations().length >= 1, {
      timeoutMs: 30_000,
      what: 'STOP confirmation at the SMSC',
    });
    expect(confirmations()[0]).toMatchObject({
      sourceAddr: '12345',
      text: 'Acme: You are unsubscribed and will receive no more messages. Reply START to resubscribe.',
    });
    expect((await consent.getConsent(to)).optedOut).toBe(true);

    now += 2 * 3_600_000; // past the hourly cap, so only the opt-out can stop the next offer
    const next = await offer(to, 'Acme: last chance, 30% off. Reply STOP to opt out');
    const rejected = await finalStatus(next.messageId, 'REJECTED');
    expect(
      rejected.history.find((h) => h.state === 'REJECTED')?.reasons.map((r) => r.code),
    ).toEqual(['OPTED_OUT']);
    // MOs from one number are processed in order (one partition), and replies to one number
    // are dispatched in order too: once the reply to a trailing HELP is at the SMSC, every
    // reply the three STOPs caused is there as well.
    await mo(to, 'HELP');
    await waitFor(
      () =>
        simulator.received.find(
          (r) => r.destinationAddr === to.slice(1) && r.text.includes('help at acme.example'),
        ),
      { timeoutMs: 30_000, what: 'HELP reply' },
    );
    expect(confirmations()).toHaveLength(1);
  });

  it("answers HELP with the tenant's help text", async () => {
    const to2 = '+14155550143';
    await mo(to2, 'help');
    const reply = await waitFor(
      () => simulator.received.find((r) => r.destinationAddr === to2.slice(1)),
      { timeoutMs: 30_000, what: 'HELP reply' },
    );
    expect(reply.text).toBe(
      'Acme: help at acme.example/help or call 1-800-555-0100. Reply STOP to opt out.',
    );
  });

  it('subscribes with JOIN <KEYWORD> only after YES (double opt-in)', async () => {
    const to3 = '+14155550144';
    await mo(to3, 'JOIN DEALS');
    await waitFor(
      () =>
        simulator.received.find(
          (r) => r.destinationAddr === to3.slice(1) && r.text.includes('Reply YES'),
        ),
      { timeoutMs: 30_000, what: 'confirmation request' },
    );
    expect((await consent.getConsent(to3)).records).toEqual([]);
    await mo(to3, 'YES');
    await waitFor(
      () =>
        simulator.received.find(
          (r) =>
            r.destinationAddr === to3.slice(1) && r.text.includes('you are subscribed to DEALS'),
        ),
      { timeoutMs: 30_000, what: 'subscription confirmed' },
    );
    expect((await consent.getConsent(to3)).records).toEqual([
      expect.objectContaining({ purpose: 'PURPOSE_MARKETING', granted: true }),
    ]);
  });
});

describe('the compliance report an auditor asks for', () => {
  it('lists an opt-out with its confirmation and effect times, the refusal it caused and an emergency send', async () => {
    now = Date.parse('2026-06-11T18:00:00Z');
    const to = '+14155550177';
    const period = { fromMs: now - 3_600_000, toMs: now + 3_600_000 };
    const before = await consent.report(period);
    const stopId = uniqueName('report-stop');
    await mo(to, 'Stop texting me please', stopId, now);
    await waitFor(
      () =>
        simulator.received.find(
          (r) => r.destinationAddr === to.slice(1) && r.text.includes('unsubscribed'),
        ),
      { timeoutMs: 30_000, what: 'STOP confirmation at the SMSC' },
    );
    // The recipient insists: a repeat, listed, but confirmed no second time.
    const repeatId = uniqueName('report-repeat');
    await mo(to, 'STOP', repeatId, now + 1000);
    const refused = await offer(to, 'Acme: report week deal. Reply STOP to opt out');
    await finalStatus(refused.messageId, 'REJECTED');
    const alert = await client.sendMessage({
      to: '+14155550178',
      from: 'Acme',
      body: 'Acme: the store is closed today because of the storm',
      category: 'EMERGENCY',
      emergencyReason: 'storm closure',
    });
    await finalStatus(alert.messageId, 'SUBMITTED');
    const report = await waitFor(
      async () => {
        const r = await consent.report(period);
        const entry = r.optOuts.find((o) => o.inboundId === stopId);
        const repeated = r.optOuts.some((o) => o.inboundId === repeatId);
        return entry && entry.confirmationSubmittedAtMs > 0 && repeated ? { r, entry } : undefined;
      },
      {
        timeoutMs: 30_000,
        what: 'the opt-out with its confirmation, and the repeat, in the report',
      },
    );
    expect(report.entry).toMatchObject({ how: 'intent', receivedAtMs: now, repeat: false });
    expect(report.entry.effectiveAtMs).toBeGreaterThanOrEqual(now);
    expect(report.r.optOutRequests).toBe(before.optOutRequests + 2);
    expect(report.r.repeatedRequests).toBe(before.repeatedRequests + 1);
    expect(report.r.optOuts.find((o) => o.inboundId === repeatId)).toMatchObject({
      repeat: true,
      confirmationMessageId: '',
    });
    expect(report.r.confirmation?.count).toBeGreaterThanOrEqual(1);
    expect(report.r.refusedOptedOut).toBe(before.refusedOptedOut + 1);
    expect(report.r.emergencySends).toContainEqual(
      expect.objectContaining({ messageId: alert.messageId, reason: 'storm closure' }),
    );
  });

  it('refuses a period that ends before it starts', async () => {
    const err = await consent.report({ fromMs: 2000, toMs: 1000 }).catch((e: unknown) => e);
    expect(readErrorReasons(err as ServiceError)).toEqual([
      expect.objectContaining({ code: 'INVALID_REPORT_REQUEST', field: 'from_ms' }),
    ]);
  });

  // Found by the gRPC fuzzer: a period of 1e15 ms was walked a day at a time and froze compliance.
  it.each([
    [-(2 ** 31), 1e15],
    [1, 3661 * 86_400_000],
  ])(
    'refuses a period from %d to %d (before 1970, or longer than 3,660 days) at once',
    async (fromMs, toMs) => {
      const err = await consent.report({ fromMs, toMs }).catch((e: unknown) => e);
      expect(readErrorReasons(err as ServiceError)).toEqual([
        expect.objectContaining({ code: 'INVALID_REPORT_REQUEST', field: 'from_ms' }),
      ]);
    },
  );
});

describe('opt-out from the carrier', () => {
  it('takes a STOP sent as SMPP MO through the dispatcher and answers it over SMPP', async () => {
    const to = '+14155550146';
    now = Date.parse('2026-06-10T18:00:00Z');
    await consent.recordConsent(to, 'PURPOSE_MARKETING', 'checkout');
    expect(await simulator.sendMo({ from: to, to: '12345', text: 'Stop' })).toEqual([0]);
    const reply = await waitFor(
      () =>
        simulator.received.find(
          (r) => r.destinationAddr === to.slice(1) && r.text.includes('unsubscribed'),
        ),
      { timeoutMs: 30_000, what: 'confirmation over SMPP' },
    );
    expect(reply.sourceAddr).toBe('12345');
    expect((await consent.getConsent(to)).optedOut).toBe(true);
  });
});

describe('quiet hours', () => {
  it('defers marketing at night and releases it when the window opens', async () => {
    const to = '+12125550145';
    now = Date.parse('2026-06-11T02:00:00Z'); // 22:00 in New York
    await consent.recordConsent(to, 'PURPOSE_MARKETING', 'web_form');
    const sent = await offer(to, 'Acme: night owl deal. Reply STOP to opt out');
    const deferred = await finalStatus(sent.messageId, 'DEFERRED');
    const releaseAt = Number(deferred.history.find((h) => h.state === 'DEFERRED')?.releaseAtMs);
    expect(new Date(releaseAt).toISOString()).toBe('2026-06-11T12:00:00.000Z');
    expect(await compliance.releaseDue()).toBe(0); // not yet due

    now = releaseAt;
    expect(await compliance.releaseDue()).toBe(1);
    const submitted = await finalStatus(sent.messageId, 'SUBMITTED');
    expect(submitted.history.map((h) => h.state).sort()).toEqual([
      'ACCEPTED',
      'APPROVED',
      'DEFERRED',
      'SUBMITTED',
    ]);
    expect(submitted.history.find((h) => h.state === 'APPROVED')?.atMs).toBe(releaseAt);
    expect(
      simulator.received.filter((r) => r.text === 'Acme: night owl deal. Reply STOP to opt out'),
    ).toHaveLength(1);
  });
});
