import { readFileSync } from 'node:fs';
import { parseTenants } from '@smsgw/config';
import {
  createMessagingClient,
  GrpcStatus,
  type MessagingClient,
  type ServiceError,
} from '@smsgw/grpc';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { startKafkaBroker, type KafkaBroker } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIngress, type Ingress } from './app.js';
import { loadIngressConfig } from './config.js';

// This file runs its own broker, so it can stop it without disturbing other tests.
const TENANTS_FILE = new URL('../../../deploy/local/tenants.json', import.meta.url).pathname;
const logger = createLogger({ service: 'ingress-test', level: 'silent' });
let broker: KafkaBroker;
let ingress: Ingress;
let client: MessagingClient;
const message = {
  to: '+14155550123',
  from: 'Acme',
  body: 'Acme: hello',
  category: 'TRANSACTIONAL' as const,
};

beforeAll(async () => {
  broker = await startKafkaBroker();
  await ensureTopics(
    createKafka({ brokers: broker.brokers, clientId: 'setup', logger }),
    gatewayTopics(1),
  );
  const config = loadIngressConfig({
    SMSGW_KAFKA_BROKERS: broker.brokers.join(','),
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
    SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
    SMSGW_INGRESS_GRPC_PORT: '0',
    SMSGW_INGRESS_METRICS_PORT: '0',
    SMSGW_TENANTS_FILE: TENANTS_FILE,
  });
  ingress = await startIngress(config, {
    logger,
    registry: createMetricsRegistry('ingress'),
    tenants: parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')), TENANTS_FILE, {
      developmentMode: true,
    }),
  });
  client = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'dev-acme-token');
});

afterAll(async () => {
  client?.close();
  await ingress?.stop().catch(() => undefined);
  await broker?.stop();
});

describe('ingress when Kafka is unreachable', () => {
  it('answers UNAVAILABLE rather than accepting what it cannot store, and recovers', async () => {
    expect((await client.sendMessage(message)).state).toBe('ACCEPTED');
    await broker.stop(true);
    const err = (await client.sendMessage(message).then(
      () => expect.unreachable('accepted while Kafka was down'),
      (e: unknown) => e,
    )) as ServiceError;
    expect(err.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(err.details).toMatch(/message broker unavailable/);
    await broker.restart();
    expect((await client.sendMessage(message)).state).toBe('ACCEPTED');
  });
});
