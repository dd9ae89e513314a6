import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createIdempotencyStore, createRedis, type Redis } from '@smsgw/redis';
import { parseTenants } from '@smsgw/config';
import {
  callRaw,
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
  readCommitted,
  topicNames,
  topicRecordCount,
  type Kafka,
} from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { acceptedEventCodec } from '@smsgw/proto';
import { lengthDelimited, smallVarint, uniqueName, waitFor } from '@smsgw/testkit';
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

const valid = {
  to: '+14155550123',
  from: 'Acme',
  body: 'Acme: your code is 123456',
  category: 'TRANSACTIONAL' as const,
};

beforeAll(async () => {
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'ingress-it', logger });
  await ensureTopics(kafka, gatewayTopics(3, namespace));
  const config = loadIngressConfig({
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
    SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
    SMSGW_INGRESS_GRPC_PORT: '0',
    SMSGW_INGRESS_METRICS_PORT: '0',
    SMSGW_TENANTS_FILE: TENANTS_FILE,
    SMSGW_INGRESS_MAX_BATCH: '5',
  });
  const tenants = parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')), TENANTS_FILE, {
    developmentMode: true,
  });
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'ingress-it' });
  await redis.connect();
  ingress = await startIngress(config, {
    logger,
    registry: createMetricsRegistry('ingress'),
    tenants,
  });
  const address = `127.0.0.1:${ingress.grpcPort}`;
  acme = createMessagingClient(address, 'dev-acme-token');
  globex = createMessagingClient(address, 'dev-globex-token');
  readonly = createMessagingClient(address, 'dev-acme-readonly');
});

afterAll(async () => {
  for (const c of [acme, globex, readonly]) c?.close();
  await ingress?.stop();
  redis?.disconnect();
});

let redis: Redis;

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: number; reasons: { code: string; index: number; field: string }[] }> {
  const err = (await promise.then(
    () => expect.unreachable('call succeeded'),
    (e: unknown) => e,
  )) as ServiceError;
  return { code: err.code, reasons: readErrorReasons(err) };
}

const acceptedIds = async (): Promise<string[]> => {
  const count = await topicRecordCount(kafka, topics.accepted);
  const records = await readCommitted(kafka, topics.accepted, {
    until: (r) => r.length >= count,
    timeoutMs: 10_000,
  });
  return records.map((r) => acceptedEventCodec().decode(r.value).sms?.messageId ?? '');
};

describe('ingress over real gRPC, Kafka and Redis', () => {
  it('refuses calls without a valid token (UNAUTHENTICATED) or the scope (PERMISSION_DENIED)', async () => {
    const anonymous = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'not-a-token');
    expect((await failure(anonymous.sendMessage(valid))).code).toBe(GrpcStatus.UNAUTHENTICATED);
    anonymous.close();
    expect((await failure(readonly.sendMessage(valid))).code).toBe(GrpcStatus.PERMISSION_DENIED);
  });

  it('refuses bad messages with a reason each, and nothing reaches Kafka', async () => {
    const bad = await failure(
      acme.sendMessage({ to: '12', from: 'Globex', body: '', category: 'CATEGORY_UNSPECIFIED' }),
    );
    expect(bad.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(bad.reasons.map((r) => r.code)).toEqual([
      'INVALID_NUMBER',
      'SENDER_NOT_REGISTERED',
      'EMPTY_BODY',
      'INVALID_CATEGORY',
    ]);
    const batch = await failure(acme.sendMessages([valid, { ...valid, to: 'nope' }, valid]));
    expect(batch.reasons).toEqual([
      expect.objectContaining({ code: 'INVALID_NUMBER', index: 1, field: 'to' }),
    ]);
    expect(
      (await failure(acme.sendMessages(Array.from({ length: 6 }, () => valid)))).reasons.map(
        (r) => r.code,
      ),
    ).toEqual(['BATCH_TOO_LARGE']);
    expect((await failure(acme.sendMessages([]))).reasons.map((r) => r.code)).toEqual([
      'EMPTY_BATCH',
    ]);
    expect(await topicRecordCount(kafka, topics.accepted)).toBe(0);
    expect(await topicRecordCount(kafka, topics.status)).toBe(0);
  });

  it('refuses a hand-serialized body that is not UTF-8 instead of replacing its bytes', async () => {
    const request = Buffer.concat([
      lengthDelimited(1, Buffer.from('+14155550123')),
      lengthDelimited(2, Buffer.from('Acme')),
      lengthDelimited(3, Buffer.from([0x41, 0x63, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x68, 0x69])),
      smallVarint(4, 1), // TRANSACTIONAL
    ]);
    const before = (await acceptedIds()).length;
    const refused = await failure(
      callRaw(
        `127.0.0.1:${ingress.grpcPort}`,
        'dev-acme-token',
        '/smsgw.v1.MessagingService/SendMessage',
        request,
      ),
    );
    expect(refused.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(refused.reasons).toEqual([
      expect.objectContaining({ code: 'INVALID_BODY_ENCODING', field: 'body' }),
    ]);
    // A real U+FFFD in a body is text like any other.
    await acme.sendMessage({ ...valid, body: 'Acme: \uFFFD is a character too' });
    expect((await acceptedIds()).length).toBe(before + 1);
  });

  it('accepts a message only once it is in Kafka, keyed by recipient, with its ACCEPTED status', async () => {
    const sent = await acme.sendMessage(valid);
    expect(sent.state).toBe('ACCEPTED');
    const records = await readCommitted(kafka, topics.accepted, {
      until: (rs) =>
        rs.some((r) => acceptedEventCodec().decode(r.value).sms?.messageId === sent.messageId),
      timeoutMs: 10_000,
    });
    const record = records.find(
      (r) => acceptedEventCodec().decode(r.value).sms?.messageId === sent.messageId,
    );
    expect(record?.key).toBe(valid.to);
    expect(acceptedEventCodec().decode(record?.value ?? Buffer.alloc(0)).sms).toMatchObject({
      ...valid,
      tenantId: 'acme',
      acceptedAtMs: sent.acceptedAtMs,
    });
  });

  it('accepts a batch all together with distinct ids in request order', async () => {
    const { results } = await acme.sendMessages([
      valid,
      { ...valid, body: 'Acme: second' },
      { ...valid, category: 'MARKETING', body: 'Acme: sale. Reply STOP to opt out' },
    ]);
    expect(results).toHaveLength(3);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(3);
  });

  it('returns the status history to the owning tenant only', async () => {
    const sent = await acme.sendMessage(valid);
    const status = await waitFor(() => acme.getMessage(sent.messageId), { what: 'GetMessage' });
    expect(status.state).toBe('ACCEPTED');
    expect(status.history.map((h) => [h.state, h.stage, h.tenantId])).toEqual([
      ['ACCEPTED', 'ingress', 'acme'],
    ]);
    expect((await failure(globex.getMessage(sent.messageId))).code).toBe(GrpcStatus.NOT_FOUND);
    expect((await failure(acme.getMessage('not-an-id'))).code).toBe(GrpcStatus.INVALID_ARGUMENT);
  });

  it('exports its metrics in Prometheus format', async () => {
    const text = await (await fetch(`http://127.0.0.1:${ingress.metricsPort}/metrics`)).text();
    expect(text).toMatch(
      /smsgw_ingress_messages_accepted_total\{[^}]*tenant="acme"[^}]*category="TRANSACTIONAL"[^}]*\} \d+/,
    );
    expect(text).toMatch(/smsgw_ingress_messages_rejected_total\{[^}]*reason="INVALID_NUMBER"/);
    expect(text).not.toContain('4155550123');
  });
});

describe('idempotency keys', () => {
  it('returns the same message id for the same key and content, and writes one message', async () => {
    const key = uniqueName('order-42');
    const first = await acme.sendMessage({ ...valid, idempotencyKey: key });
    const again = await acme.sendMessage({ ...valid, idempotencyKey: key });
    expect(again).toEqual(first);
    expect((await acceptedIds()).filter((id) => id === first.messageId)).toHaveLength(1);
  });

  it('refuses the same key with different content', async () => {
    const key = uniqueName('order-43');
    await acme.sendMessage({ ...valid, idempotencyKey: key });
    const err = await failure(
      acme.sendMessage({ ...valid, body: 'Acme: something else', idempotencyKey: key }),
    );
    expect(err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(err.reasons.map((r) => r.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('keeps keys per tenant', async () => {
    const key = uniqueName('shared-key');
    const a = await acme.sendMessage({ ...valid, idempotencyKey: key });
    const g = await globex.sendMessage({
      ...valid,
      from: 'Globex',
      body: 'Globex: hello',
      idempotencyKey: key,
    });
    expect(g.messageId).not.toBe(a.messageId);
  });

  it('answers a repeated key inside one batch with the same id, and refuses it with other content', async () => {
    const key = uniqueName('batch-key');
    const { results } = await acme.sendMessages([
      { ...valid, idempotencyKey: key },
      { ...valid, idempotencyKey: key },
    ]);
    expect(results[1]?.messageId).toBe(results[0]?.messageId);
    const err = await failure(
      acme.sendMessages([
        { ...valid, idempotencyKey: uniqueName('k') + 'x' },
        { ...valid, idempotencyKey: key, body: 'Acme: other' },
      ]),
    );
    expect(err.reasons).toEqual([
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', index: 1 }),
    ]);
  });

  it('re-sends under the same id a key left pending by a request that died before Kafka answered', async () => {
    const key = uniqueName('crashed');
    // What a request that died between claiming the key and the Kafka acknowledgement leaves.
    const store = createIdempotencyStore(redis, 60_000);
    const pendingId = '01PENDINGPENDINGPENDING000';
    const payloadHash = createHash('sha256')
      .update(JSON.stringify([valid.to, valid.from, valid.body, valid.category, '']))
      .digest('hex');
    await store.claim([
      {
        tenantId: 'acme',
        key,
        record: { messageId: pendingId, payloadHash, state: 'pending', acceptedAtMs: 1 },
      },
    ]);
    const sent = await acme.sendMessage({ ...valid, idempotencyKey: key });
    expect(sent.messageId).toBe(pendingId);
    expect((await acceptedIds()).filter((id) => id === pendingId)).toHaveLength(1);
    expect((await acme.sendMessage({ ...valid, idempotencyKey: key })).messageId).toBe(pendingId);
  });
});
