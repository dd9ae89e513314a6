import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCompliance, type Compliance } from '@smsgw/compliance/app';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { loadTenantsFile } from '@smsgw/config';
import type { SmsMessage } from '@smsgw/core';
import { startDispatcher, type Dispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { createMessagingClient } from '@smsgw/grpc';
import { startIngress, type Ingress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import {
  createKafka,
  ensureTopics,
  gatewayTopics,
  readCommitted,
  serviceKafkaAcls,
  topicNames,
  type Kafka,
  type KafkaSecurity,
} from '@smsgw/kafka';
import { startKafkaBroker, type KafkaBroker } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { createTestPki, uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// A broker with a SASL_SSL listener (SCRAM-SHA-512), the StandardAuthorizer and no access without
// an ACL; each service a principal with the ACLs serviceKafkaAcls grants it.
const logger = createLogger({ service: 'kafka-acl-test', level: 'silent' });
const pki = createTestPki('kafka');
const users = {
  admin: { name: 'admin', password: uniqueName('admin-pw') },
  ingress: { name: 'smsgw-ingress', password: uniqueName('ingress-pw') },
  compliance: { name: 'smsgw-compliance', password: uniqueName('compliance-pw') },
  dispatcher: { name: 'smsgw-dispatcher', password: uniqueName('dispatcher-pw') },
};
const namespace = uniqueName('acl');
const topics = topicNames(namespace);
let broker: KafkaBroker;
let simulator: SmscSimulator | undefined;
let dispatcher: Dispatcher | undefined;
let compliance: Compliance | undefined;
let ingress: Ingress | undefined;
const TENANTS = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;

/** A service's SMSGW_KAFKA_* settings for its principal (the password in a file). */
function kafkaSettings(user: { name: string; password: string }): Record<string, string> {
  const passwordFile = join(pki.dir, `${user.name}.password`);
  writeFileSync(passwordFile, user.password);
  return {
    SMSGW_KAFKA_BROKERS: broker.brokers.join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_KAFKA_TLS_CA_FILE: pki.caFile,
    SMSGW_KAFKA_SASL_MECHANISM: 'scram-sha-512',
    SMSGW_KAFKA_SASL_USERNAME: user.name,
    SMSGW_KAFKA_SASL_PASSWORD_FILE: passwordFile,
    SMSGW_REDIS_URL: inject('redisUrl'),
    SMSGW_REDIS_ALLOW_UNSAFE: '1',
  };
}

const security = (user: { name: string; password: string }): KafkaSecurity => ({
  tls: { caFile: pki.caFile },
  sasl: { mechanism: 'scram-sha-512', username: user.name, password: user.password },
});
const kafkaAs = (user: { name: string; password: string }, retries = 8): Kafka =>
  createKafka({
    brokers: broker.brokers,
    clientId: `acl-test-${user.name}`,
    logger,
    security: security(user),
    retry: { retries, initialRetryTime: 100, maxRetryTime: 1000 },
  });

const sms = (i: number): SmsMessage => ({
  messageId: `01ACL${String(Date.now()).slice(-10)}${String(i).padStart(11, '0')}`,
  tenantId: 'acme',
  to: `+1212400${1000 + i}`,
  from: 'Acme',
  body: `Acme: acl test ${i}`,
  category: 'TRANSACTIONAL',
  acceptedAtMs: Date.now(),
  idempotencyKey: '',
  emergencyReason: '',
});

async function produce(kafka: Kafka, message: SmsMessage): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
  await producer.connect();
  try {
    await producer.send({
      topic: topics.approved,
      messages: [
        { key: message.to, value: approvedEventCodec().encode({ sms: message, priority: 0 }) },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

beforeAll(async () => {
  broker = await startKafkaBroker({
    security: {
      tls: { ...pki.issue('kafka'), caFile: pki.caFile },
      admin: users.admin,
      users: [users.ingress, users.compliance, users.dispatcher],
    },
  });
  const admin = kafkaAs(users.admin);
  await ensureTopics(admin, gatewayTopics(1, namespace));
  const client = admin.admin();
  await client.connect();
  await client.createAcls({
    acl: [
      ...serviceKafkaAcls('ingress', `User:${users.ingress.name}`, namespace),
      ...serviceKafkaAcls('compliance', `User:${users.compliance.name}`, namespace),
      ...serviceKafkaAcls('dispatcher', `User:${users.dispatcher.name}`, namespace),
    ],
  });
  await client.disconnect();
}, 180_000);

afterAll(async () => {
  await ingress?.stop();
  await compliance?.stop();
  await dispatcher?.stop();
  await simulator?.close();
  await broker?.stop();
});

describe('Kafka over SASL_SSL with ACLs', () => {
  it('lets the compliance principal write approved, and refuses the dispatcher principal', async () => {
    await produce(kafkaAs(users.compliance), sms(0));
    await expect(produce(kafkaAs(users.dispatcher, 1), sms(1))).rejects.toThrow(
      /not authorized|authorization/i,
    );
  });

  it('refuses a wrong password and a client without TLS', async () => {
    const wrong = kafkaAs({ name: users.compliance.name, password: 'not-it' }, 0);
    await expect(produce(wrong, sms(2))).rejects.toThrow(/SASL|authentication/i);
    const plain = createKafka({
      brokers: broker.brokers,
      clientId: 'acl-test-plain',
      logger,
      retry: { retries: 0, initialRetryTime: 100, maxRetryTime: 100 },
      security: { sasl: security(users.compliance).sasl },
    });
    await expect(produce(plain, sms(3))).rejects.toThrow();
  });

  it('runs the dispatcher as its principal from the SMSGW_KAFKA_* settings: it reads approved and submits', async () => {
    simulator = await startSmscSimulator({ credentials: { systemId: 'gw', password: 'pw' } });
    dispatcher = await startDispatcher(
      loadDispatcherConfig({
        ...kafkaSettings(users.dispatcher),
        SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
        SMSGW_DISPATCHER_SMSC_PORT: String(simulator.port),
        SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'gw',
        SMSGW_DISPATCHER_SMSC_PASSWORD: 'pw',
        SMSGW_DISPATCHER_METRICS_PORT: '0',
      }),
      { logger, registry: createMetricsRegistry('kafka-acl') },
    );
    // The message compliance wrote in the first test reaches the SMSC, and its SUBMITTED is
    // committed to status under the dispatcher's transactional id.
    await waitFor(() => simulator?.received.some((r) => r.text === 'Acme: acl test 0'), {
      what: 'the approved message at the SMSC',
      timeoutMs: 60_000,
    });
    const statuses = await readCommitted(kafkaAs(users.admin), topics.status, {
      until: (r) => r.some((x) => statusEventCodec().decode(x.value).state === 'SUBMITTED'),
      timeoutMs: 30_000,
    });
    expect(statuses.map((x) => statusEventCodec().decode(x.value).state)).toContain('SUBMITTED');
  });

  it('runs ingress and compliance as their principals too: a message sent over gRPC reaches the SMSC', async () => {
    const tenants = () => loadTenantsFile(TENANTS, { developmentMode: true });
    compliance = await startCompliance(
      loadComplianceConfig({
        ...kafkaSettings(users.compliance),
        SMSGW_TENANTS_FILE: TENANTS,
        SMSGW_DEVELOPMENT_MODE: '1',
        SMSGW_HASH_KEYS: `acl=${uniqueName('hash-key').padEnd(32, '0')}`,
        SMSGW_COMPLIANCE_GRPC_PORT: '0',
        SMSGW_COMPLIANCE_METRICS_PORT: '0',
      }),
      { logger, registry: createMetricsRegistry('acl-compliance'), tenants: tenants() },
    );
    ingress = await startIngress(
      loadIngressConfig({
        ...kafkaSettings(users.ingress),
        SMSGW_TENANTS_FILE: TENANTS,
        SMSGW_DEVELOPMENT_MODE: '1',
        SMSGW_INGRESS_GRPC_PORT: '0',
        SMSGW_INGRESS_METRICS_PORT: '0',
      }),
      { logger, registry: createMetricsRegistry('acl-ingress'), tenants: tenants() },
    );
    const client = createMessagingClient(`127.0.0.1:${ingress.grpcPort}`, 'dev-acme-token');
    try {
      const body = `Acme: through every principal ${uniqueName('m')}`;
      await client.sendMessage({
        to: '+14155550142',
        from: 'Acme',
        body,
        category: 'TRANSACTIONAL',
      });
      await waitFor(() => simulator?.received.some((r) => r.text === body), {
        what: 'the message sent over gRPC at the SMSC',
        timeoutMs: 60_000,
      });
    } finally {
      client.close();
    }
  });
});
