import { GrpcStatus, type MessagingClient, type ServiceError } from '@smsgw/grpc';
import type { GatewayStack } from '@smsgw/local-stack';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway-fixture.js';

// The gateway on its own Kafka broker, which is restarted while messages flow. Clients retry
// refused calls with the same idempotency keys, as the API tells them to.
let simulator: SmscSimulator;
let gateway: TestGateway;
let stack: GatewayStack;
let client: MessagingClient;

beforeAll(async () => {
  simulator = await startSmscSimulator({ credentials: { systemId: 'smsgw', password: 'secret' } });
  gateway = await startTestGateway({
    env: { SMSGW_REDIS_URL: inject('redisUrl') },
    extraEnv: { SMSGW_KAFKA_NAMESPACE: uniqueName('restart') },
    simulator,
  });
  ({ stack, client } = gateway);
});

afterAll(async () => {
  await gateway?.stop();
  await simulator?.close();
});

async function sendWithRetry(
  batch: {
    to: string;
    from: string;
    body: string;
    category: 'TRANSACTIONAL';
    idempotencyKey: string;
  }[],
): Promise<string[]> {
  for (;;) {
    try {
      return (await client.sendMessages(batch)).results.map((r) => r.messageId);
    } catch (err) {
      if ((err as ServiceError).code !== GrpcStatus.UNAVAILABLE) throw err; // only UNAVAILABLE is retried
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe('Kafka broker restarted mid-traffic', () => {
  it('loses nothing accepted and sends nothing twice', async () => {
    const run = uniqueName('r');
    const requests = Array.from({ length: 1000 }, (_, i) => ({
      to: testNumber(i),
      from: 'Acme',
      body: `Acme: restart test ${i}`,
      category: 'TRANSACTIONAL' as const,
      idempotencyKey: `${run}-${i}`,
    }));
    const ids: string[] = [];
    for (let i = 0; i < 500; i += 50) ids.push(...(await sendWithRetry(requests.slice(i, i + 50))));
    let restarted = false;
    const restarting = stack.infra.kafka?.restart().then(() => (restarted = true));
    // Keep sending through the whole restart: a batch every 200 ms until the broker is back.
    let i = 500;
    let sentDuringRestart = 0;
    for (; i < requests.length && !restarted; i += 25) {
      ids.push(...(await sendWithRetry(requests.slice(i, i + 25))));
      sentDuringRestart++;
      await new Promise((r) => setTimeout(r, 200));
    }
    await restarting;
    for (; i < requests.length; i += 50)
      ids.push(...(await sendWithRetry(requests.slice(i, i + 50))));
    // Traffic really overlapped the restart (ingress's producer retries through it, and any
    // call it still refuses is retried above with the same keys).
    expect(sentDuringRestart).toBeGreaterThan(1);

    await waitFor(() => new Set(simulator.received.map((r) => r.text)).size >= requests.length, {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'all messages at the SMSC',
    });
    const texts = simulator.received
      .map((r) => r.text)
      .filter((t) => t.startsWith('Acme: restart test'));
    expect(texts.length).toBe(new Set(texts).size);
    expect(new Set(texts).size).toBe(requests.length);
    expect(new Set(ids).size).toBe(requests.length);
  });
});
