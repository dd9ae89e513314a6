import { createBatchingProducer, createKafka, readCommitted, topicNames } from '@smsgw/kafka';
import { createLogger } from '@smsgw/observability';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway-fixture.js';

// A record no stage can ever process (bytes that do not decode) used to fail its batch on every
// replay and stall its partition for good. It goes to the dead-letter topic instead, with its
// origin and reason, in the transaction that moves past it; the messages behind it flow on.
const namespace = uniqueName('dlq');
const topics = topicNames(namespace);
let simulator: SmscSimulator;
let gateway: TestGateway;

beforeAll(async () => {
  simulator = await startSmscSimulator({
    credentials: { systemId: 'smsgw', password: 'secret' },
    behaviour: { dlr: { delayMs: 50, idFormat: 'hex' } },
  });
  gateway = await startTestGateway({
    extraEnv: { SMSGW_KAFKA_NAMESPACE: namespace },
    simulator,
    partitions: 1,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await simulator?.close();
});

describe('dead letters', () => {
  it('moves undecodable records of accepted, approved and status to the dead-letter topic and keeps every partition flowing', async () => {
    const kafka = createKafka({
      brokers: inject('kafkaBrokers'),
      clientId: 'dlq-test',
      logger: createLogger({ service: 'dlq-test', level: 'silent' }),
    });
    const producer = createBatchingProducer(kafka);
    await producer.connect();
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff]);
    await producer.send([
      { topic: topics.accepted, key: 'poison-a', value: garbage },
      { topic: topics.approved, key: 'poison-b', value: garbage },
      { topic: topics.status, key: 'poison-c', value: garbage },
    ]);
    await producer.disconnect();
    const body = 'Acme: after the poison, code 777';
    const sent = await gateway.client.sendMessage({
      to: '+14155550123',
      from: 'Acme',
      body,
      category: 'TRANSACTIONAL',
    });
    await waitFor(() => simulator.received.some((r) => r.text === body), {
      timeoutMs: 60_000,
      what: 'the message behind the poison at the SMSC',
    });
    // The status projection (GetMessage) moved past its poison record too.
    await waitFor(
      async () => (await gateway.client.getMessage(sent.messageId)).state === 'DELIVERED',
      { timeoutMs: 60_000, what: 'DELIVERED in the status projection' },
    );
    const dead = await readCommitted(kafka, topics.deadLetter, {
      until: (r) => r.length >= 3,
      timeoutMs: 30_000,
    });
    expect(dead.map((r) => [r.key, r.headers?.['smsgw-reason']]).sort()).toEqual([
      ['poison-a', 'undecodable'],
      ['poison-b', 'undecodable'],
      ['poison-c', 'undecodable'],
    ]);
    expect(dead.every((r) => r.value.equals(garbage))).toBe(true);
    expect(dead.map((r) => r.headers?.['smsgw-source']).sort()).toEqual([
      `${topics.accepted}/0@0`,
      `${topics.approved}/0@0`,
      expect.stringMatching(new RegExp(`^${topics.status.replace(/\./g, '\\.')}/0@\\d+$`)),
    ]);
  });
});
