import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { createLogger, createMetricsRegistry, type Registry } from '@smsgw/observability';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { COMMAND_STATUS, startSmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdminClient, GrpcStatus } from '@smsgw/grpc';
import { startDispatcher } from './app.js';
import { loadDispatcherConfig } from './config.js';

// The whole dispatcher with a connectors file, on real Kafka, Redis and TCP: messages route by
// prefix, and when no connector is open the batch is held (partition paused), not failed.
const logger = createLogger({ service: 'routing', level: 'silent' });
const namespace = uniqueName('routing');
const topics = topicNames(namespace);
let kafka: Kafka;

beforeAll(async () => {
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'routing', logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
});

function connectorsFile(connectors: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'routing-')), 'connectors.json');
  writeFileSync(file, JSON.stringify({ connectors }));
  return file;
}

const counter = async (registry: Registry, name: string): Promise<number> =>
  (await registry.getSingleMetric(name)?.get())?.values.reduce((s, v) => s + v.value, 0) ?? 0;

describe('dispatcher with several connectors', () => {
  it('holds messages while no route is open and delivers them once a carrier takes binds again', async () => {
    const uk = await startSmscSimulator({
      credentials: { systemId: 'gw', password: 'pw' },
      behaviour: { refuseBinds: COMMAND_STATUS.ESME_RSYSERR },
    }); // a temporary refusal (refused credentials back off a minute)
    const us = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
    const common = {
      host: '127.0.0.1',
      systemId: 'gw',
      passwordEnv: 'ROUTING_PW',
      reconnectMinMs: 50,
      reconnectMaxMs: 100,
      responseTimeoutMs: 500,
      enquireLinkIntervalMs: 0,
    };
    const file = connectorsFile([
      { ...common, name: 'uk', port: uk.port, prefixes: ['+44'], binds: 2 },
      { ...common, name: 'us', port: us.port, prefixes: ['+1'] },
    ]);
    const registry = createMetricsRegistry('dispatcher');
    const dispatcher = await startDispatcher(
      loadDispatcherConfig({
        SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
        SMSGW_KAFKA_NAMESPACE: namespace,
        SMSGW_REDIS_URL: inject('redisUrl'),
        SMSGW_REDIS_ALLOW_UNSAFE: '1', // the test Redis keeps nothing on disk
        SMSGW_DISPATCHER_CONNECTORS_FILE: file,
        ROUTING_PW: 'pw',
        SMSGW_DISPATCHER_METRICS_PORT: '0',
        SMSGW_TENANTS_FILE: 'deploy/local/tenants.json',
        SMSGW_DEVELOPMENT_MODE: '1',
        SMSGW_DISPATCHER_ADMIN_PORT: '0',
      }),
      { logger, registry },
    );
    try {
      const producer = createBatchingProducer(kafka);
      await producer.connect();
      const message = (i: number, to: string): SmsMessage => ({
        messageId: `01ROUTING${String(i).padStart(17, '0')}`,
        tenantId: 'acme',
        to,
        from: 'Acme',
        body: `Acme: routing ${i}`,
        category: 'TRANSACTIONAL',
        acceptedAtMs: Date.now(),
        idempotencyKey: '',
        emergencyReason: '',
      });
      const toUk = [0, 1, 2].map((i) => message(i, `+4477009001${i}0`));
      await producer.send(
        toUk.map((sms) => ({
          topic: topics.approved,
          key: sms.to,
          value: approvedEventCodec().encode({ sms, priority: 0 }),
        })),
      );
      // No route is open for +44: the batch is held and replayed, nothing is failed or sent.
      await waitFor(async () => (await counter(registry, 'smsgw_dispatcher_no_route_total')) >= 2, {
        timeoutMs: 30_000,
        what: 'the batch held twice',
      });
      expect(await topicRecordCount(kafka, topics.status)).toBe(0);

      // The operator sees why: uk has no bind up, us is bound; a token without `admin` is refused.
      const admin = createAdminClient(`127.0.0.1:${dispatcher.adminPort}`, 'dev-ops-token');
      const { connectors } = await admin.listConnectors();
      expect(
        connectors.map((c) => ({
          name: c.name,
          prefixes: c.prefixes,
          binds: c.binds.map((b) => b.state),
          breaker: c.breakerState,
        })),
      ).toEqual([
        {
          name: 'uk',
          prefixes: ['+44'],
          binds: expect.arrayContaining([expect.not.stringMatching(/^BOUND$/)]) as unknown,
          breaker: 'closed',
        },
        { name: 'us', prefixes: ['+1'], binds: ['BOUND'], breaker: 'closed' },
      ]);
      expect(connectors[0]?.binds).toHaveLength(2);
      admin.close();
      const denied = createAdminClient(`127.0.0.1:${dispatcher.adminPort}`, 'dev-acme-token');
      // A tenant token never sees carriers (it used to with the tenant-level admin scope).
      await expect(denied.listConnectors()).rejects.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
        details: expect.stringContaining('operator tokens only') as string,
      });
      denied.close();

      uk.setBehaviour({});
      const events = await readCommitted(kafka, topics.status, {
        until: (r) => r.length >= 3,
        timeoutMs: 30_000,
      });
      expect(
        events
          .map((e) => statusEventCodec().decode(e.value))
          .map((e) => `${e.connector}:${e.state}`),
      ).toEqual(Array(3).fill('uk:SUBMITTED'));
      expect(uk.received.map((r) => r.text).sort()).toEqual(toUk.map((m) => m.body));
      expect(us.received).toHaveLength(0);

      const toUs = message(9, '+12125550199');
      await producer.send([
        {
          topic: topics.approved,
          key: toUs.to,
          value: approvedEventCodec().encode({ sms: toUs, priority: 0 }),
        },
      ]);
      await producer.disconnect();
      const after = await readCommitted(kafka, topics.status, {
        until: (r) => r.length >= 4,
        timeoutMs: 30_000,
      });
      expect(statusEventCodec().decode(after[3]?.value ?? Buffer.alloc(0))).toMatchObject({
        messageId: toUs.messageId,
        connector: 'us',
        state: 'SUBMITTED',
      });
    } finally {
      await dispatcher.stop();
      await uk.close();
      await us.close();
    }
  });
});
