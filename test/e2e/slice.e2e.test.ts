import type { MessagingClient } from '@smsgw/grpc';
import { startServiceProcess } from '@smsgw/local-stack';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway-fixture.js';

// The whole gateway as it runs in production: ingress, compliance and dispatcher as separate
// processes on the real Kafka and Redis, delivering to an SMSC simulator over real TCP.
let simulator: SmscSimulator;
let gateway: TestGateway;
let client: MessagingClient;

beforeAll(async () => {
  simulator = await startSmscSimulator({
    credentials: { systemId: 'smsgw', password: 'secret' },
    behaviour: { dlr: { delayMs: 100, idFormat: 'hex' } },
  });
  gateway = await startTestGateway({
    extraEnv: { SMSGW_KAFKA_NAMESPACE: uniqueName('e2e') },
    simulator,
    partitions: 4,
  });
  ({ client } = gateway);
});

afterAll(async () => {
  await gateway?.stop();
  await simulator?.close();
});

describe('one message end to end', () => {
  it('goes from gRPC to submit_sm at the SMSC, reports SUBMITTED with the carrier id, then DELIVERED from the receipt', async () => {
    const sent = await client.sendMessage({
      to: '+14155550123',
      from: 'Acme',
      body: 'Acme: your code is 424242',
      category: 'TRANSACTIONAL',
    });
    const arrived = await waitFor(
      () => simulator.received.find((r) => r.text === 'Acme: your code is 424242'),
      { timeoutMs: 30_000, what: 'submit_sm at the SMSC' },
    );
    expect(arrived).toMatchObject({
      destinationAddr: '14155550123',
      sourceAddr: 'Acme',
      dataCoding: 0,
      registeredDelivery: 1,
    });
    // The receipt is written as soon as it arrives, so the projection can hold DELIVERED a
    // moment before the dispatcher's transaction with SUBMITTED commits: wait for both.
    const status = await waitFor(
      async () => {
        const s = await client.getMessage(sent.messageId);
        const states = s.history.map((h) => h.state);
        return s.state === 'DELIVERED' && states.includes('SUBMITTED') ? s : undefined;
      },
      { timeoutMs: 30_000, what: 'SUBMITTED and DELIVERED in the status history' },
    );
    expect(status.history.map((h) => h.state)).toEqual([
      'ACCEPTED',
      'APPROVED',
      'SUBMITTED',
      'DELIVERED',
    ]);
    expect(status.history.find((h) => h.state === 'SUBMITTED')).toMatchObject({
      stage: 'dispatcher',
      carrierMessageId: arrived.smscMessageId,
      connector: 'default',
    });
    expect(status.history.at(-1)?.reasons.map((r) => r.code)).toEqual(['DLR_DELIVRD']);
  });
});

describe('a batch of mixed texts end to end', () => {
  it('delivers every message exactly once, decoded exactly as sent', async () => {
    const texts = [
      'Acme: plain text',
      'Acme: {braces} [brackets] ~tilde~ €uro',
      'Acme: مرحبا بكم',
      'Acme: 🎉 party 😀',
      'Acme: Grüße, ça va?',
    ];
    const requests = Array.from({ length: 200 }, (_, i) => ({
      to: testNumber(i),
      from: 'Acme',
      body: `${texts[i % texts.length]} #${i}`,
      category: 'TRANSACTIONAL' as const,
    }));
    const before = simulator.received.length;
    const results = [];
    for (let i = 0; i < requests.length; i += 50)
      results.push(...(await client.sendMessages(requests.slice(i, i + 50))).results);
    expect(results).toHaveLength(200);
    await waitFor(() => simulator.received.length - before >= 200, {
      timeoutMs: 60_000,
      what: '200 submits at the SMSC',
    });
    const bodies = simulator.received.slice(before).map((r) => r.text);
    expect(bodies.sort()).toEqual(requests.map((r) => r.body).sort());
    const byText = new Map(simulator.received.slice(before).map((r) => [r.text, r]));
    expect(byText.get(requests[2]?.body ?? '')?.dataCoding).toBe(8);
    expect(byText.get(requests[1]?.body ?? '')?.dataCoding).toBe(0);
  });
});

describe('process lifecycle', () => {
  it('refuses to boot on a bad config, naming every problem, with exit code 78', async () => {
    const ingress = startServiceProcess({
      name: 'ingress',
      env: {
        SMSGW_KAFKA_BROKERS: 'not-a-broker',
        SMSGW_REDIS_URL: '',
        SMSGW_TENANTS_FILE: '',
        SMSGW_INGRESS_GRPC_PORT: 'abc',
      },
    });
    const code = await new Promise<number | null>((resolve) =>
      ingress.child.once('exit', (c) => resolve(c)),
    );
    expect(code).toBe(78);
    const output = ingress.lines.join('\n');
    for (const name of [
      'SMSGW_KAFKA_BROKERS',
      'SMSGW_REDIS_URL',
      'SMSGW_TENANTS_FILE',
      'SMSGW_INGRESS_GRPC_PORT',
    ])
      expect(output).toContain(name);
  });
});
