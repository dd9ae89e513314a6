import { readFileSync } from 'node:fs';
import { parseTenants } from '@smsgw/config';
import { createMessagingClient, GrpcStatus, readErrorReasons, type MessagingClient, type ServiceError } from '@smsgw/grpc';
import { createKafka, ensureTopics, gatewayTopics, readCommitted, topicNames, topicRecordCount, type Kafka } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { acceptedEventCodec } from '@smsgw/proto';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIngress, type Ingress } from './app.js';
import { loadIngressConfig } from './config.js';

const TENANTS_FILE = new URL('../../../deploy/local/tenants.json', import.meta.url).pathname;
const namespace = uniqueName('ingress-it');
const topics = topicNames(namespace);
const logger = createLogger({ service: 'ingress-test', level: 'silent' });
let kafka: Kafka;
let ingress: Ingress;
let acme: MessagingClient;
let globex: MessagingClient;
let readonly: MessagingClient;

const valid = { to: '+14155550123', from: 'Acme', body: 'Acme: your code is 123456', category: 'TRANSACTIONAL' as const };

beforeAll(async () => {
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'ingress-it', logger });
  await ensureTopics(kafka, gatewayTopics(3, namespace));
  const config = loadIngressConfig({
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
    SMSGW_INGRESS_GRPC_PORT: '0',
    SMSGW_INGRESS_METRICS_PORT: '0',
    SMSGW_TENANTS_FILE: TENANTS_FILE,
    SMSGW_INGRESS_MAX_BATCH: '5',
  });
  const tenants = parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')));
  ingress = await startIngress(config, { logger, registry: createMetricsRegistry('ingress'), tenants });
  const address = `127.0.0.1:${ingress.grpcPort}`;
  acme = createMessagingClient(address, 'dev-acme-token');
  globex = createMessagingClient(address, 'dev-globex-token');
  readonly = createMessagingClient(address, 'dev-acme-readonly');
});

afterAll(async () => {
  for (const c of [acme, globex, readonly]) c?.close();
  await ingress?.stop();
});

async function failure(promise: Promise<unknown>): Promise<{ code: number; reasons: { code: string; index: number; field: string }[] }> {
  const err = (await promise.then(() => expect.unreachable('call succeeded'), (e: unknown) => e)) as ServiceError;
  return { code: err.code, reasons: readErrorReasons(err) };
}

describe('ingress over real gRPC, Kafka and Redis', () => {
  it('refuses calls without a valid token (UNAUTHENTICATED) or the scope (PERMISSION_DENIED)', async () => {
    const anonymous = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'not-a-token');
    expect((await failure(anonymous.sendMessage(valid))).code).toBe(GrpcStatus.UNAUTHENTICATED);
    anonymous.close();
    expect((await failure(readonly.sendMessage(valid))).code).toBe(GrpcStatus.PERMISSION_DENIED);
  });

  it('refuses bad messages with a reason each, and nothing reaches Kafka', async () => {
    const bad = await failure(acme.sendMessage({ to: '12', from: 'Globex', body: '', category: 'CATEGORY_UNSPECIFIED' }));
    expect(bad.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(bad.reasons.map((r) => r.code)).toEqual(['INVALID_NUMBER', 'SENDER_NOT_REGISTERED', 'EMPTY_BODY', 'INVALID_CATEGORY']);
    const batch = await failure(acme.sendMessages([valid, { ...valid, to: 'nope' }, valid]));
    expect(batch.reasons).toEqual([expect.objectContaining({ code: 'INVALID_NUMBER', index: 1, field: 'to' })]);
    expect((await failure(acme.sendMessages(Array.from({ length: 6 }, () => valid)))).reasons.map((r) => r.code)).toEqual(['BATCH_TOO_LARGE']);
    expect((await failure(acme.sendMessages([]))).reasons.map((r) => r.code)).toEqual(['EMPTY_BATCH']);
    expect(await topicRecordCount(kafka, topics.accepted)).toBe(0);
    expect(await topicRecordCount(kafka, topics.status)).toBe(0);
  });

  it('accepts a message only once it is in Kafka, keyed by recipient, with its ACCEPTED status', async () => {
    const sent = await acme.sendMessage(valid);
    expect(sent.state).toBe('ACCEPTED');
    const records = await readCommitted(kafka, topics.accepted, {
      until: (rs) => rs.some((r) => acceptedEventCodec().decode(r.value).sms?.messageId === sent.messageId),
      timeoutMs: 10_000,
    });
    const record = records.find((r) => acceptedEventCodec().decode(r.value).sms?.messageId === sent.messageId);
    expect(record?.key).toBe(valid.to);
    expect(acceptedEventCodec().decode(record?.value ?? Buffer.alloc(0)).sms).toMatchObject({ ...valid, tenantId: 'acme', acceptedAtMs: sent.acceptedAtMs });
  });

  it('accepts a batch all together with distinct ids in request order', async () => {
    const { results } = await acme.sendMessages([valid, { ...valid, body: 'Acme: second' }, { ...valid, category: 'MARKETING', body: 'Acme: sale. Reply STOP to opt out' }]);
    expect(results).toHaveLength(3);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(3);
  });

  it('returns the status history to the owning tenant only', async () => {
    const sent = await acme.sendMessage(valid);
    const status = await waitFor(() => acme.getMessage(sent.messageId), { what: 'GetMessage' });
    expect(status.state).toBe('ACCEPTED');
    expect(status.history.map((h) => [h.state, h.stage, h.tenantId])).toEqual([['ACCEPTED', 'ingress', 'acme']]);
    expect((await failure(globex.getMessage(sent.messageId))).code).toBe(GrpcStatus.NOT_FOUND);
    expect((await failure(acme.getMessage('not-an-id'))).code).toBe(GrpcStatus.INVALID_ARGUMENT);
  });

  it('exports its metrics in Prometheus format', async () => {
    const text = await (await fetch(`http://127.0.0.1:${ingress.metricsPort}/metrics`)).text();
    expect(text).toMatch(/smsgw_ingress_messages_accepted_total\{[^}]*tenant="acme"[^}]*category="TRANSACTIONAL"[^}]*\} \d+/);
    expect(text).toMatch(/smsgw_ingress_messages_rejected_total\{[^}]*reason="INVALID_NUMBER"/);
    expect(text).not.toContain('4155550123');
  });
});
