import { createConsentClient, type ConsentClient } from '@smsgw/grpc';
import { createKafka, readCommitted, topicNames, type Kafka, type StageRecord } from '@smsgw/kafka';
import { freePort } from '@smsgw/local-stack';
import { createLogger } from '@smsgw/observability';
import { approvedEventCodec, statusEventCodec } from '@smsgw/proto';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { createSemaphore } from '@smsgw/core';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../e2e/gateway-fixture.js';
import { CHAOS_SMSC, TERMINAL } from './chaos-harness.js';

// 2,000 numbers, not 20,000: each STOP is a deliver_sm the simulated SMSC sends one at a time per
// number and must redeliver until it is acknowledged, and each confirmation goes the whole way
// back (compliance, dispatcher, SMSC); 2,000 keep the scenario near a minute on two cores while
// still spreading three kills over hundreds of MOs each.
const NUMBERS = Number(process.env.SMSGW_CHAOS_STOPS ?? 2000);
/** STOPs under way at once (deliver_sm the SMSC has sent and not yet had answered). */
const CONCURRENCY = 40;
/** The dispatcher's window (its default): what one kill can leave in doubt. */
const DISPATCHER_WINDOW = 50;
/** How long the simulated SMSC waits before delivering an unacknowledged MO again. */
const REDELIVERY_MS = 500;

let simulator: SmscSimulator;
let gateway: TestGateway;
let consent: ConsentClient;
let kafka: Kafka;
let namespace: string;

beforeAll(async () => {
  namespace = uniqueName('chaos-stop');
  const grpcPort = await freePort();
  simulator = await startSmscSimulator({
    credentials: { systemId: 'smsgw', password: 'secret' },
    behaviour: CHAOS_SMSC,
  });
  gateway = await startTestGateway({
    extraEnv: {
      SMSGW_KAFKA_NAMESPACE: namespace,
      SMSGW_DISPATCHER_WINDOW_SIZE: String(DISPATCHER_WINDOW),
    },
    simulator,
    complianceGrpcPort: grpcPort,
    partitions: 4,
  });
  consent = createConsentClient(`127.0.0.1:${grpcPort}`, 'dev-acme-token');
  kafka = createKafka({
    brokers: inject('kafkaBrokers'),
    clientId: 'chaos-stop',
    logger: createLogger({ service: 'chaos-stop', level: 'silent' }),
  });
}, 180_000);

afterAll(async () => {
  consent?.close();
  await gateway?.stop();
  await simulator?.close();
});

const numberOf = (i: number): string => `+1212555${String(1000 + i)}`;

/** One STOP, delivered again until the gateway acknowledges it (as an SMSC does). */
async function deliverStop(from: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const [status] = await simulator
      .sendMo({ from, to: '12345', text: 'STOP' })
      .catch((): number[] => [-1]);
    if (status === 0) return attempt;
    // The SMSC's redelivery interval: part of the simulated carrier, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, REDELIVERY_MS));
  }
}

/** Confirmations compliance approved, by the number they answer. */
function confirmations(records: readonly StageRecord[], numbers: Set<string>) {
  const byNumber = new Map<string, string[]>();
  for (const r of records) {
    const { sms, autoReplyKind } = approvedEventCodec().decode(r.value);
    if (!sms || !autoReplyKind || !numbers.has(sms.to)) continue;
    byNumber.set(sms.to, [...(byNumber.get(sms.to) ?? []), sms.messageId]);
  }
  return byNumber;
}

describe('chaos: STOP from the carrier while the services crash', () => {
  it('every number opted out, each answered at most once (all but those in doubt), while dispatcher and compliance are SIGKILLed', async () => {
    const numbers = Array.from({ length: NUMBERS }, (_, i) => numberOf(i));
    const wanted = new Set(numbers);
    let acknowledged = 0;
    let redelivered = 0;
    const underWay = createSemaphore(CONCURRENCY);
    const sent = Promise.all(
      numbers.map(async (from) => {
        await underWay.acquire();
        try {
          redelivered += (await deliverStop(from)) - 1;
          acknowledged++;
        } finally {
          underWay.release();
        }
      }),
    );
    for (const [share, service] of [
      [0.25, 'dispatcher'],
      [0.5, 'compliance'],
      [0.75, 'dispatcher'],
    ] as const) {
      await waitFor(() => acknowledged >= NUMBERS * share, {
        timeoutMs: 300_000,
        what: `${share * 100} % of the STOPs acknowledged`,
      });
      await gateway.stack.crashAndRestart(service);
    }
    await sent;

    // Compliance answered each number once (exactly-once between stages)...
    const topics = topicNames(namespace);
    const approved = confirmations(
      await readCommitted(kafka, topics.approved, {
        until: (r) => confirmations(r, wanted).size >= NUMBERS,
        timeoutMs: 300_000,
      }),
      wanted,
    );
    expect(approved.size).toBe(NUMBERS);
    expect([...approved.values()].filter((ids) => ids.length > 1)).toEqual([]);
    // ...and once every confirmation has its final state, the SMSC has each at most once, and
    // all but those in doubt (UNKNOWN: under way in a dispatcher when it was killed).
    const ids = new Set([...approved.values()].flat());
    const final = (records: readonly StageRecord[]) => {
      const states = new Map<string, string[]>();
      for (const r of records) {
        const e = statusEventCodec().decode(r.value);
        if (ids.has(e.messageId) && TERMINAL.has(e.state))
          states.set(e.messageId, [...(states.get(e.messageId) ?? []), e.state]);
      }
      return states;
    };
    const states = final(
      await readCommitted(kafka, topics.status, {
        until: (r) => final(r).size >= ids.size,
        timeoutMs: 300_000,
      }),
    );
    const toOf = new Map([...approved].map(([to, [id]]) => [id, to]));
    const unknownNumbers = new Set(
      [...states].filter(([, s]) => s.includes('UNKNOWN')).map(([id]) => toOf.get(id)),
    );
    const atSmsc = new Map<string, number>();
    for (const r of simulator.received)
      if (r.text.includes('unsubscribed'))
        atSmsc.set(`+${r.destinationAddr}`, (atSmsc.get(`+${r.destinationAddr}`) ?? 0) + 1);
    const report = {
      scenario: 'stop-under-kills',
      numbers: NUMBERS,
      // MOs the SMSC had to deliver again (refused or unanswered while a service was down).
      redelivered,
      withFinalState: states.size,
      severalFinalStates: [...states.values()].filter((s) => s.length > 1).length,
      unknown: unknownNumbers.size,
      confirmationsAtSmsc: [...atSmsc.values()].reduce((a, b) => a + b, 0),
      twiceAtSmsc: [...atSmsc.values()].filter((n) => n > 1).length,
      missingAtSmsc: numbers.filter((n) => !atSmsc.has(n) && !unknownNumbers.has(n)).length,
    };
    console.log(`chaos ${JSON.stringify(report)}`);
    expect(report).toMatchObject({
      withFinalState: NUMBERS,
      severalFinalStates: 0,
      twiceAtSmsc: 0,
      missingAtSmsc: 0,
    });
    // In doubt only what a killed dispatcher had under way: a window per kill at most.
    expect(report.unknown).toBeLessThanOrEqual(2 * DISPATCHER_WINDOW);
    // The opt-out holds for every number.
    const optedOut = await Promise.all(
      numbers.map(async (n) => (await consent.getConsent(n)).optedOut),
    );
    expect(optedOut.filter((o) => !o)).toHaveLength(0);
  });
});
