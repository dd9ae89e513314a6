import { connect } from 'node:net';
import { startKafkaFaultProxy, testNumber, uniqueName, type KafkaFaultProxy } from '@smsgw/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBatchingProducer, type OutRecord } from './batching-producer.js';
import { ensureTopics, LONG_OUTAGE_RETRY } from './client.js';
import { readCommitted } from './topic-reader.js';

/** REQUEST_TIMED_OUT: what a leader answers when acks=all replication outlasts the request, the records already in its log. */
const REQUEST_TIMED_OUT = 7;

let proxies: Map<string, KafkaFaultProxy>;
let kafka: Kafka;

/** A client through the proxies with the given connect budget (kafkajs's `retry`). */
const proxiedClient = (retry: {
  retries: number;
  initialRetryTime: number;
  maxRetryTime: number;
}) =>
  new Kafka({
    clientId: uniqueName('outage'),
    brokers: inject('kafkaBrokers'),
    logLevel: logLevel.NOTHING,
    retry,
    socketFactory: ({ host, port, onConnect }) =>
      connect({ host: '127.0.0.1', port: proxies.get(`${host}:${port}`)?.port ?? port }, onConnect),
  });

// Every connection kafkajs opens (seed and partition leaders) goes through a fault proxy.
beforeAll(async () => {
  const brokers = inject('kafkaBrokers');
  proxies = new Map();
  for (const address of brokers) {
    const [host = '127.0.0.1', port = '0'] = address.split(':');
    proxies.set(address, await startKafkaFaultProxy({ host, port: Number(port) }));
  }
  kafka = new Kafka({
    clientId: 'batching-producer-faults',
    brokers,
    logLevel: logLevel.NOTHING,
    socketFactory: ({ host, port, onConnect }) =>
      connect({ host: '127.0.0.1', port: proxies.get(`${host}:${port}`)?.port ?? port }, onConnect),
  });
});
afterAll(async () => {
  for (const proxy of proxies.values()) await proxy.close();
});

/** A client call's records: recipients cycle like the chaos suite's, so every call has the same per-partition sizes. */
const call = (topic: string, tag: string): OutRecord[] =>
  Array.from({ length: 200 }, (_, i) => ({
    topic,
    key: testNumber(i),
    value: Buffer.from(`${tag}-${i}`),
  }));

describe('batching producer under a broker answer that lies', () => {
  it('loses no acknowledged record when a request that was written is answered with an error and another call is waiting', async () => {
    const topic = uniqueName('lying-answer');
    await ensureTopics(kafka, [{ topic, numPartitions: 4 }]);
    const producer = createBatchingProducer(kafka, { lingerMs: 1 });
    await producer.connect();
    try {
      await producer.send(call(topic, 'warm-up')); // the producer id and sequence numbers exist
      const proxy = [...proxies.values()][0] as KafkaFaultProxy;
      const forwarded = proxy.failNextProduce({ errorCode: REQUEST_TIMED_OUT, stallMs: 300 });
      const first = producer.send(call(topic, 'first'));
      await forwarded; // the broker has the first call's records; its answer will say it failed
      const second = producer.send(call(topic, 'second'));
      const outcomes = await Promise.allSettled([first, second]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
      const acknowledged = new Set(
        [...call(topic, 'first'), ...call(topic, 'second')].map((r) => r.value.toString()),
      );
      const read = await readCommitted(kafka, topic, {
        until: (records) =>
          [...acknowledged].every((v) => records.some((r) => r.value.toString() === v)),
        timeoutMs: 15_000,
      });
      const stored = new Set(read.map((r) => r.value.toString()));
      // kafkajs gave the failed request's sequence numbers to the waiting one: the broker took its
      // 200 records for a duplicate of the first call's and acknowledged them unwritten.
      expect([...acknowledged].filter((v) => !stored.has(v))).toEqual([]);
    } finally {
      await producer.disconnect();
    }
  });

  it('splits a send larger than the broker accepts in one request', async () => {
    const topic = uniqueName('large-send');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = createBatchingProducer(kafka);
    await producer.connect();
    try {
      // 3 MiB to one partition: as one request the broker would refuse it (MESSAGE_TOO_LARGE).
      const records = Array.from({ length: 3000 }, (_, i) => ({
        topic,
        key: 'one',
        value: Buffer.alloc(1024, i % 256),
      }));
      await producer.send(records);
      const read = await readCommitted(kafka, topic, {
        until: (r) => r.length >= records.length,
        timeoutMs: 20_000,
      });
      expect(read).toHaveLength(records.length);
    } finally {
      await producer.disconnect();
    }
  });

  /**
   * A request the broker wrote, whose connection then drops for an outage of 3 s: kafkajs
   * reconnects inside the send with the client's budget, not the producer's retries.
   */
  async function sendThroughOutage(client: Kafka): Promise<{ outcome: string; stored: number }> {
    const topic = uniqueName('outage');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = createBatchingProducer(client, { retries: 600 });
    await producer.connect();
    try {
      await producer.send([{ topic, key: 'k', value: Buffer.from('warm-up') }]);
      const proxy = [...proxies.values()][0] as KafkaFaultProxy;
      const forwarded = proxy.failNextProduce({ errorCode: REQUEST_TIMED_OUT, stallMs: 60_000 });
      const sent = producer.send([{ topic, key: 'k', value: Buffer.from('receipt') }]);
      await forwarded; // written by the broker; its answer never comes
      proxy.outage(3000);
      const [outcome] = await Promise.allSettled([sent]);
      const read = await readCommitted(kafka, topic, {
        until: (r) => r.some((m) => m.value.toString() === 'receipt'),
        timeoutMs: 10_000,
      });
      return {
        outcome: outcome?.status ?? 'none',
        stored: read.filter((m) => m.value.toString() === 'receipt').length,
      };
    } finally {
      await producer.disconnect();
    }
  }

  it('fails a written request when the outage outlasts the client connect budget (why receipts need a long one)', async () => {
    const short = await sendThroughOutage(
      proxiedClient({ retries: 2, initialRetryTime: 50, maxRetryTime: 100 }),
    );
    // The caller hears "failed" for a record the broker has: resent, it would be there twice.
    expect(short).toEqual({ outcome: 'rejected', stored: 1 });
  });

  it('rides out the outage on one producer id with LONG_OUTAGE_RETRY: acknowledged, stored once', async () => {
    expect(await sendThroughOutage(proxiedClient(LONG_OUTAGE_RETRY))).toEqual({
      outcome: 'fulfilled',
      stored: 1,
    });
  });
});
