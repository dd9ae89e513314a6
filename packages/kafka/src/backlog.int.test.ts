import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { describe, expect, inject, it } from 'vitest';
import { createBatchingProducer, type OutRecord } from './batching-producer.js';
import { createKafka, ensureTopics } from './client.js';
import { readCommitted } from './topic-reader.js';
import { createTransactionalStage } from './transactional-stage.js';

const logger = createLogger({ service: 'backlog-test', level: 'silent' });
const BACKLOG = 100_000;

// The livelock of issue 12: a stage that fell behind fetched a megabyte of one partition, turned
// it into three times as many (larger) records, and the broker refused the transaction's request
// (MESSAGE_TOO_LARGE, not retriable); the stage replayed the same batch forever.
describe('transactional stage with a backlog', () => {
  it(`drains ${BACKLOG.toLocaleString('en')} records waiting on one partition, every output committed once`, async () => {
    const kafka = createKafka({
      brokers: inject('kafkaBrokers'),
      clientId: 'backlog-test',
      logger,
    });
    const [input, approved, status] = [
      uniqueName('backlog-in'),
      uniqueName('backlog-approved'),
      uniqueName('backlog-status'),
    ];
    await ensureTopics(kafka, [
      { topic: input, numPartitions: 1 },
      { topic: approved, numPartitions: 1 },
      { topic: status, numPartitions: 4 },
    ]);
    const producer = createBatchingProducer(kafka);
    await producer.connect();
    // About the size of an accepted message; the stage's outputs are like compliance's.
    const body = 'x'.repeat(200);
    for (let first = 0; first < BACKLOG; first += 10_000) {
      await producer.send(
        Array.from({ length: 10_000 }, (_, k) => ({
          topic: input,
          key: `+1415555${String(first + k).slice(-4)}`,
          value: Buffer.from(`${first + k}|${body}`),
        })),
      );
    }
    await producer.disconnect();

    const groupId = uniqueName('backlog-group');
    const registry = createMetricsRegistry('backlog');
    const stage = createTransactionalStage({
      kafka,
      service: uniqueName('backlog'),
      groupId,
      inputTopic: input,
      logger,
      registry,
      maxBatchRecords: 1000,
      handle: (records) =>
        Promise.resolve(
          records.flatMap((r): OutRecord[] => {
            const id = r.value.toString().split('|')[0] ?? '';
            return [
              {
                topic: approved,
                key: r.key,
                value: Buffer.concat([r.value, Buffer.from(`|approved ${'y'.repeat(100)}`)]),
              },
              { topic: status, key: id, value: Buffer.from(`${id}|ACCEPTED|${'z'.repeat(60)}`) },
              { topic: status, key: id, value: Buffer.from(`${id}|APPROVED|${'z'.repeat(60)}`) },
            ];
          }),
        ),
    });
    await stage.start();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = async (): Promise<string | undefined> =>
        (await admin.fetchOffsets({ groupId, topics: [input] }).catch(() => []))[0]?.partitions[0]
          ?.offset;
      await waitFor(async () => (await committed()) === String(BACKLOG), {
        timeoutMs: 240_000,
        intervalMs: 500,
        what: `the stage to commit offset ${BACKLOG}`,
      });
      const approvedRead = await readCommitted(kafka, approved, {
        until: (r) => r.length >= BACKLOG,
        timeoutMs: 60_000,
      });
      expect(new Set(approvedRead.map((r) => r.value.toString().split('|')[0])).size).toBe(BACKLOG);
      expect(approvedRead).toHaveLength(BACKLOG);
      const statusRead = await readCommitted(kafka, status, {
        until: (r) => r.length >= 2 * BACKLOG,
        timeoutMs: 60_000,
      });
      // Each fetch (up to a megabyte, about 4,500 records) was committed in slices of at most 1,000.
      const sizes =
        (await registry.getSingleMetric('smsgw_kafka_transaction_batch_records')?.get())?.values ??
        [];
      const bucket = (le: number): number | undefined =>
        sizes.find(
          (v) =>
            (v as { metricName?: string }).metricName?.endsWith('_bucket') && v.labels.le === le,
        )?.value;
      expect(bucket(1000)).toBe(
        sizes.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count'))?.value,
      );
      expect(bucket(500)).toBeLessThan(bucket(1000) ?? 0);
      expect(
        new Set(statusRead.map((r) => r.value.toString().split('|').slice(0, 2).join('|'))).size,
      ).toBe(2 * BACKLOG);
    } finally {
      await admin.disconnect();
      await stage.stop();
    }
  }, 360_000);
});
