import { readFileSync } from 'node:fs';
import { parseTenants } from '@smsgw/config';
import type { SmsMessage } from '@smsgw/core';
import {
  createBatchingProducer,
  createKafka,
  ensureTopics,
  gatewayTopics,
  readCommitted,
  topicNames,
  topicRecordCount,
  type BatchingProducer,
  type Kafka,
} from '@smsgw/kafka';
import { startRedisServer, type RedisProcess } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry, type Registry } from '@smsgw/observability';
import { acceptedEventCodec, approvedEventCodec } from '@smsgw/proto';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCompliance, type Compliance } from './app.js';
import { loadComplianceConfig } from './config.js';

// This file runs its own redis-server so it can stop it without disturbing other tests.
const TENANTS_FILE = new URL('../../../deploy/local/tenants.json', import.meta.url).pathname;
const namespace = uniqueName('fail-closed');
const topics = topicNames(namespace);
const logger = createLogger({ service: 'fail-closed', level: 'silent' });
let redis: RedisProcess;
let kafka: Kafka;
let producer: BatchingProducer;
let compliance: Compliance;
let registry: Registry;

beforeAll(async () => {
  redis = await startRedisServer();
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'fail-closed', logger });
  await ensureTopics(kafka, gatewayTopics(2, namespace));
  producer = createBatchingProducer(kafka);
  await producer.connect();
  registry = createMetricsRegistry('compliance');
  compliance = await startCompliance(
    loadComplianceConfig({
      SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SMSGW_KAFKA_NAMESPACE: namespace,
      SMSGW_REDIS_URL: redis.url,
      SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
      SMSGW_TENANTS_FILE: TENANTS_FILE,
      SMSGW_HASH_SALT: 'fail-closed-test-salt-000',
      SMSGW_COMPLIANCE_GRPC_PORT: '0',
      SMSGW_COMPLIANCE_METRICS_PORT: '0',
    }),
    {
      logger,
      registry,
      tenants: parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')), TENANTS_FILE, {
        developmentMode: true,
      }),
    },
  );
});

afterAll(async () => {
  await compliance?.stop();
  await producer?.disconnect();
  await redis?.stop();
});

async function aborts(): Promise<number> {
  const metric = await registry.getSingleMetric('smsgw_kafka_transactions_total')?.get();
  return (
    metric?.values
      .filter((v) => v.labels.result === 'abort')
      .reduce((sum, v) => sum + v.value, 0) ?? 0
  );
}

describe('compliance with Redis down', () => {
  it('approves nothing while Redis is down, then every message once it is back', async () => {
    await redis.stop();
    const messages: SmsMessage[] = Array.from({ length: 40 }, (_, i) => ({
      messageId: `01FAILCLOSED${String(i).padStart(14, '0')}`,
      tenantId: 'acme',
      to: `+1212200${String(1000 + i)}`,
      from: 'Acme',
      body: `Acme: your code is ${1000 + i}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: Date.now(),
      idempotencyKey: '',
      emergencyReason: '',
    }));
    await producer.send(
      messages.map((sms) => ({
        topic: topics.accepted,
        key: sms.to,
        value: acceptedEventCodec().encode({ sms }),
      })),
    );

    // The stage tried, failed on Redis, aborted and paused: and wrote nothing downstream.
    await waitFor(async () => (await aborts()) >= 2, {
      timeoutMs: 60_000,
      what: 'aborted transactions while Redis is down',
    });
    expect(await topicRecordCount(kafka, topics.approved)).toBe(0);
    expect(await topicRecordCount(kafka, topics.status)).toBe(0);

    await redis.restart();
    const approved = await readCommitted(kafka, topics.approved, {
      until: (r) => r.length >= messages.length,
      timeoutMs: 60_000,
    });
    const ids = approved.map((r) => approvedEventCodec().decode(r.value).sms?.messageId).sort();
    expect(ids).toEqual(messages.map((m) => m.messageId).sort());
  });
});
