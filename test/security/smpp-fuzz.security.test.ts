import { readdirSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { startDispatcher, type Dispatcher } from '@smsgw/dispatcher/app';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { encodePdu } from '@smsgw/smpp';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHostileSmsc, type HostileSmsc } from './hostile-smsc.js';
import { generatePdu, rng, type FuzzPdu } from './smpp-fuzz-generator.js';

// The whole receive path of the real dispatcher (framing → decode → receipt/MO parsing →
// handler → Kafka and Redis) against a hostile SMSC over TCP. Every request must be answered
// (a response or generic_nack under its sequence number) unless its bind was reset; the bind
// must never stall; the process must never crash. SMSGW_FUZZ_PDUS and SMSGW_FUZZ_SEED vary it.
const TOTAL = Number(process.env.SMSGW_FUZZ_PDUS ?? 100_000);
const SEED = Number(process.env.SMSGW_FUZZ_SEED ?? 20261201);
const ROUND = 2000;
const CORPUS = new URL('./corpus/smpp-receive/', import.meta.url);
const logger = createLogger({ service: 'smpp-fuzz', level: 'silent' });
let smsc: HostileSmsc;
let dispatcher: Dispatcher;
let sequence = 1;

beforeAll(async () => {
  const namespace = uniqueName('fuzz');
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'fuzz', logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
  smsc = await startHostileSmsc();
  dispatcher = await startDispatcher(
    loadDispatcherConfig({
      SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      SMSGW_KAFKA_NAMESPACE: namespace,
      SMSGW_REDIS_URL: inject('redisUrl'),
      SMSGW_REDIS_ALLOW_UNSAFE: '1',
      SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
      SMSGW_DISPATCHER_SMSC_PORT: String(smsc.port),
      SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'fuzz',
      SMSGW_DISPATCHER_SMSC_PASSWORD: 'fuzz',
      SMSGW_DISPATCHER_METRICS_PORT: '0',
      SMSGW_DISPATCHER_RECONNECT_MIN_MS: '10',
      SMSGW_DISPATCHER_RECONNECT_MAX_MS: '100',
      // Parts of a multipart MO that never completes are released after a second, not a minute.
      SMSGW_DISPATCHER_MO_REASSEMBLY_TIMEOUT_MS: '1000',
    }),
    { logger, registry: createMetricsRegistry('fuzz') },
  );
}, 120_000);

afterAll(async () => {
  await dispatcher?.stop();
  await smsc?.close();
});

/** Writes `pdus` on the bound connection and waits until each request is answered or the bind reset. */
async function play(pdus: readonly FuzzPdu[]): Promise<{ reset: boolean; unanswered: FuzzPdu[] }> {
  const socket: Socket = await smsc.bound();
  socket.write(Buffer.concat(pdus.map((p) => p.bytes)));
  const requests = pdus.filter((p) => p.expectsAnswer);
  const settled = await waitFor(
    () => socket.destroyed || requests.every((p) => smsc.answered.has(p.sequence)) || undefined,
    { what: 'every request answered or the bind reset', timeoutMs: 30_000 },
  ).catch(() => false);
  return {
    reset: socket.destroyed,
    unanswered: settled ? [] : requests.filter((p) => !smsc.answered.has(p.sequence)),
  };
}

/** The bind still answers: an enquire_link gets its response (no stalled session). */
async function stillServing(): Promise<void> {
  const seq = sequence++;
  await play([
    {
      kind: 'probe',
      bytes: encodePdu('enquire_link', { sequence_number: seq }),
      sequence: seq,
      expectsAnswer: true,
      resets: false,
    },
  ]);
  expect(smsc.answered.has(seq)).toBe(true);
}

describe('the dispatcher receive path against a hostile SMSC', () => {
  it('answers every PDU of the regression corpus (crashers found so far) and stays up', async () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.hex'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const frame = Buffer.from(readFileSync(new URL(file, CORPUS), 'utf8').trim(), 'hex');
      const seq = sequence++;
      frame.writeUInt32BE(seq, 12);
      const { reset, unanswered } = await play([
        { kind: file, bytes: frame, sequence: seq, expectsAnswer: true, resets: false },
      ]);
      expect({ file, reset, unanswered: unanswered.map((p) => p.kind) }).toEqual({
        file,
        reset: false,
        unanswered: [],
      });
      await stillServing();
    }
  });

  it(`takes ${TOTAL.toLocaleString('en')} generated PDUs (seed ${SEED}): every request answered unless its bind was reset, never stalled, never crashed`, async () => {
    const r = rng(SEED);
    const kinds = new Map<string, number>();
    let resets = 0;
    for (let sent = 0, round = 0; sent < TOTAL; sent += ROUND, round++) {
      const size = Math.min(ROUND, TOTAL - sent);
      // Every fifth round ends with a framing break (only last: what follows would be out of
      // step). Only those rounds may reset the bind; anywhere else a reset is a failure.
      const breaks = round % 5 === 4;
      const pdus = Array.from({ length: size }, (_, i) =>
        generatePdu(r, sequence++, breaks && i === size - 1),
      );
      for (const p of pdus) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
      const { reset, unanswered } = await play(pdus);
      if (reset) resets++;
      expect({ round, reset: reset && !breaks }).toEqual({ round, reset: false });
      if (!reset) expect(unanswered.map((p) => `${p.kind} ${p.bytes.toString('hex')}`)).toEqual([]);
      await stillServing();
    }
    const total = [...kinds.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(TOTAL);
    // Every kind was exercised, and framing breaks did reset binds (each came back).
    expect([...kinds.keys()].sort()).toEqual(
      [
        'enquire_link',
        'framing',
        'mo',
        'mutated',
        'other-request',
        'receipt',
        'truncated',
        'unknown-command',
        'unsolicited-response',
      ].sort(),
    );
    expect(resets).toBeGreaterThan(0);
    expect(smsc.binds).toBeGreaterThan(resets);
    process.stdout.write(
      `smpp fuzz: ${total} PDUs (seed ${SEED}), ${resets} bind resets, kinds ${JSON.stringify(Object.fromEntries(kinds))}\n`,
    );
  });
});
