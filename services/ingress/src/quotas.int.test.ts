import { readFileSync } from 'node:fs';
import { parseTenants } from '@smsgw/config';
import {
  createMessagingClient,
  GrpcStatus,
  readErrorReasons,
  type MessagingClient,
  type ServiceError,
} from '@smsgw/grpc';
import {
  createKafka,
  ensureTopics,
  gatewayTopics,
  topicNames,
  topicRecordCount,
} from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startIngress, type Ingress } from './app.js';
import { loadIngressConfig } from './config.js';

// Hostile or runaway tenants: a per-tenant quota and a global in-flight bound, over real gRPC
// and Kafka. A refusal is RESOURCE_EXHAUSTED with a retry delay, and writes nothing.
const TENANTS_FILE = new URL('../../../deploy/local/tenants.json', import.meta.url).pathname;
const logger = createLogger({ service: 'quotas-test', level: 'silent' });
const message = (n: number) => ({
  to: `+1415555${String(1000 + n)}`,
  from: 'Acme',
  body: `Acme: your code is ${n}`,
  category: 'TRANSACTIONAL' as const,
});

interface Started {
  ingress: Ingress;
  acme: MessagingClient;
  accepted: () => Promise<number>;
}
const started: Started[] = [];

async function start(env: Record<string, string>, policy: object): Promise<Started> {
  const namespace = uniqueName('quotas');
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'quotas', logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
  const document = JSON.parse(readFileSync(TENANTS_FILE, 'utf8')) as {
    tenants: { policy?: object }[];
  };
  const [acme] = document.tenants;
  if (acme) acme.policy = { ...acme.policy, ...policy };
  const ingress = await startIngress(
    loadIngressConfig({
      SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SMSGW_KAFKA_NAMESPACE: namespace,
      SMSGW_REDIS_URL: inject('redisUrl'),
      SMSGW_REDIS_ALLOW_UNSAFE: '1',
      SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
      SMSGW_INGRESS_GRPC_PORT: '0',
      SMSGW_INGRESS_METRICS_PORT: '0',
      SMSGW_TENANTS_FILE: TENANTS_FILE,
      ...env,
    }),
    {
      logger,
      registry: createMetricsRegistry('quotas'),
      tenants: parseTenants(document, TENANTS_FILE, { developmentMode: true }),
      clock: { nowMs: () => 1_800_000_000_000 }, // time stands still: no bucket refills
    },
  );
  const s: Started = {
    ingress,
    acme: createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'dev-acme-token'),
    accepted: () => topicRecordCount(kafka, topicNames(namespace).accepted),
  };
  started.push(s);
  return s;
}

async function refusal(promise: Promise<unknown>) {
  const err = (await promise.then(
    () => expect.unreachable('call succeeded'),
    (e: unknown) => e,
  )) as ServiceError;
  return { code: err.code, reasons: readErrorReasons(err) };
}

afterAll(async () => {
  for (const s of started) {
    s.acme.close();
    await s.ingress.stop();
  }
});

describe('hostile tenants at ingress', () => {
  it('refuses a tenant past its sending quota with RESOURCE_EXHAUSTED and when to retry', async () => {
    // One message per second, a burst of five, and a clock that stands still.
    const s = await start({}, { sendRatePerSecond: 1, sendBurst: 5 });
    await s.acme.sendMessages([0, 1, 2, 3, 4].map(message));
    const refused = await refusal(s.acme.sendMessage(message(5)));
    expect(refused.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(refused.reasons).toEqual([
      expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) as number }),
    ]);
    expect(refused.reasons[0]?.retryAfterMs).toBeGreaterThan(0);
    expect(await s.accepted()).toBe(5);
  });

  it('refuses more messages in flight than ingress takes on, instead of queueing them', async () => {
    const s = await start({ SMSGW_INGRESS_MAX_IN_FLIGHT: '3' }, {});
    const refused = await refusal(s.acme.sendMessages([0, 1, 2, 3].map(message)));
    expect(refused.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(refused.reasons.map((r) => r.code)).toEqual(['INGRESS_BUSY']);
    await s.acme.sendMessages([0, 1, 2].map(message)); // within the bound, and released after
    await s.acme.sendMessages([3, 4, 5].map(message));
    expect(await s.accepted()).toBe(6);
  });
});
