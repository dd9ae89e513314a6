import type { SmsMessage } from '@smsgw/core';
import {
  createBatchingProducer,
  createKafka,
  ensureTopics,
  gatewayTopics,
  readCommitted,
  topicNames,
  topicRecordCount,
  type Kafka,
} from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { startSmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { startDispatcher } from './app.js';
import { loadDispatcherConfig } from './config.js';

const logger = createLogger({ service: 'shutdown', level: 'silent' });
const namespace = uniqueName('shutdown');
const topics = topicNames(namespace);
let kafka: Kafka;

beforeAll(async () => {
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'shutdown', logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
});

const config = (port: number) =>
  loadDispatcherConfig({
    SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
    SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
    SMSGW_DISPATCHER_SMSC_PORT: String(port),
    SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw',
    SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
    SMSGW_DISPATCHER_METRICS_PORT: '0',
    SMSGW_DISPATCHER_RECONNECT_MIN_MS: '50',
    SMSGW_DISPATCHER_RECONNECT_MAX_MS: '200',
  });

describe('stopping while the SMSC is down', () => {
  it('stops instead of hanging, commits nothing for the stuck batch, and a successor delivers it once', async () => {
    const first = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
    const registry = createMetricsRegistry('dispatcher');
    const dispatcher = await startDispatcher(config(first.port), { logger, registry });
    await first.close(); // the carrier goes away

    const producer = createBatchingProducer(kafka);
    await producer.connect();
    const messages: SmsMessage[] = Array.from({ length: 5 }, (_, i) => ({
      messageId: `01SHUTDOWN${String(i).padStart(16, '0')}`,
      tenantId: 'acme',
      to: `+1212200${2000 + i}`,
      from: 'Acme',
      body: `Acme: shutdown ${i}`,
      category: 'TRANSACTIONAL',
      acceptedAtMs: Date.now(),
      idempotencyKey: '',
      emergencyReason: '',
    }));
    await producer.send(
      messages.map((sms) => ({
        topic: topics.approved,
        key: sms.to,
        value: approvedEventCodec().encode({ sms, priority: 0 }),
      })),
    );
    await producer.disconnect();
    // The stage picked the batch up and its submits are waiting for a bind.
    const waiting = async (): Promise<number> =>
      (
        await registry.getSingleMetric('smsgw_smpp_waiting_for_bind_messages')?.get()
      )?.values.reduce((s, v) => s + v.value, 0) ?? 0;
    await waitFor(async () => (await waiting()) === 5, {
      timeoutMs: 30_000,
      what: 'the batch stuck waiting for a bind',
    });
    await dispatcher.stop();
    expect(await topicRecordCount(kafka, topics.status)).toBe(0);

    const second = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
    const successor = await startDispatcher(config(second.port), {
      logger,
      registry: createMetricsRegistry('dispatcher'),
    });
    try {
      const events = await readCommitted(kafka, topics.status, {
        until: (r) => r.length >= 5,
        timeoutMs: 30_000,
      });
      expect(events.map((e) => statusEventCodec().decode(e.value).state)).toEqual(
        Array(5).fill('SUBMITTED'),
      );
      expect(second.received.map((r) => r.text).sort()).toEqual(messages.map((m) => m.body).sort());
    } finally {
      await successor.stop();
      await second.close();
    }
  });
});
