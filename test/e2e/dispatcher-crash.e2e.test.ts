import type { MessagingClient } from '@smsgw/grpc';
import type { GatewayStack } from '@smsgw/local-stack';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway-fixture.js';

// The dispatcher is killed with SIGKILL while submit_sm are outstanding at a slow SMSC, then
// restarted. Whatever the crash interrupted must be reported, not resent.
const WINDOW = 20;
let simulator: SmscSimulator;
let gateway: TestGateway;
let stack: GatewayStack;
let client: MessagingClient;

beforeAll(async () => {
  simulator = await startSmscSimulator({
    credentials: { systemId: 'smsgw', password: 'secret' },
    behaviour: { responseDelayMs: 250 },
  });
  gateway = await startTestGateway({
    env: {
      SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SMSGW_REDIS_URL: inject('redisUrl'),
    },
    extraEnv: {
      SMSGW_KAFKA_NAMESPACE: uniqueName('crash'),
      SMSGW_DISPATCHER_WINDOW_SIZE: String(WINDOW),
      SMSGW_DISPATCHER_RESPONSE_TIMEOUT_MS: '5000',
    },
    simulator,
  });
  ({ stack, client } = gateway);
});

afterAll(async () => {
  await gateway?.stop();
  await simulator?.close();
});

describe('dispatcher killed mid-window', () => {
  it('sends nothing twice and reports at most a window per bind as UNKNOWN', async () => {
    const requests = Array.from({ length: 300 }, (_, i) => ({
      to: testNumber(i),
      from: 'Acme',
      body: `Acme: crash test ${i}`,
      category: 'TRANSACTIONAL' as const,
    }));
    const ids: string[] = [];
    for (let i = 0; i < requests.length; i += 100)
      ids.push(
        ...(await client.sendMessages(requests.slice(i, i + 100))).results.map((r) => r.messageId),
      );
    await waitFor(() => simulator.received.length >= 60, {
      timeoutMs: 60_000,
      what: 'deliveries under way',
    });
    await stack.crashAndRestart('dispatcher');

    const finals = await waitFor(
      async () => {
        const states = await Promise.all(
          ids.map(async (id) => (await client.getMessage(id)).state),
        );
        return states.every((s) => s === 'SUBMITTED' || s === 'UNKNOWN') ? states : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'every message SUBMITTED or UNKNOWN' },
    );

    const texts = simulator.received
      .map((r) => r.text)
      .filter((t) => t.startsWith('Acme: crash test'));
    expect(texts.length).toBe(new Set(texts).size); // no message reached the SMSC twice
    const unknown = finals.filter((s) => s === 'UNKNOWN').length;
    expect(unknown).toBeLessThanOrEqual(WINDOW);
    expect(finals.filter((s) => s === 'SUBMITTED').length + unknown).toBe(requests.length); // nothing lost
  });
});
