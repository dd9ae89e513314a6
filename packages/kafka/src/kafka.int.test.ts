import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createBatchingProducer,
  type BatchingProducer,
  type OutRecord,
} from './batching-producer.js';
import { createKafka, ensureTopics, type Kafka } from './client.js';
import { PartitionTransactor } from './partition-transactor.js';
import { readCommitted } from './topic-reader.js';
import { createTransactionalStage, type StageRecord } from './transactional-stage.js';

const logger = createLogger({ service: 'kafka-test', level: 'silent' });
let kafka: Kafka;
let producer: BatchingProducer;

beforeAll(async () => {
  kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'kafka-int-test', logger });
  producer = createBatchingProducer(kafka);
  await producer.connect();
});
afterAll(() => producer.disconnect());

async function topics(partitions: number, ...names: string[]): Promise<string[]> {
  const unique = names.map((n) => uniqueName(n));
  await ensureTopics(
    kafka,
    unique.map((topic) => ({ topic, numPartitions: partitions })),
  );
  return unique;
}

const values = (records: readonly StageRecord[]): string[] =>
  records.map((r) => r.value.toString()).sort();

describe('batching producer', () => {
  it('coalesces concurrent sends and acknowledges each once written', async () => {
    const [topic] = (await topics(3, 'batching')) as [string];
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        producer.send([{ topic, key: `k${i % 7}`, value: Buffer.from(`v${i}`) }]),
      ),
    );
    const read = await readCommitted(kafka, topic, {
      until: (r) => r.length >= 500,
      timeoutMs: 20_000,
    });
    expect(read).toHaveLength(500);
    expect(new Set(values(read)).size).toBe(500);
  });
});

describe('transactional stage', () => {
  it('moves every record to the output exactly once, even when batches abort and replay', async () => {
    const [input, output] = (await topics(3, 'stage-in', 'stage-out')) as [string, string];
    const count = 300;
    await producer.send(
      Array.from({ length: count }, (_, i) => ({
        topic: input,
        key: `k${i % 10}`,
        value: Buffer.from(`m${i}`),
      })),
    );
    let failures = 0;
    const stage = createTransactionalStage({
      kafka,
      service: uniqueName('svc'),
      groupId: uniqueName('group'),
      inputTopic: input,
      logger,
      registry: createMetricsRegistry('test'),
      retryBackoffMs: 50,
      handle(records): Promise<OutRecord[]> {
        // Fail the first three batches: they abort, are replayed, and nothing is lost or doubled.
        if (failures < 3) {
          failures++;
          throw new Error('injected failure');
        }
        return Promise.resolve(records.map((r) => ({ topic: output, key: r.key, value: r.value })));
      },
    });
    await stage.start();
    try {
      const read = await readCommitted(kafka, output, {
        until: (r) => r.length >= count,
        timeoutMs: 45_000,
      });
      expect(failures).toBe(3);
      expect(read).toHaveLength(count);
      expect(values(read)).toEqual(Array.from({ length: count }, (_, i) => `m${i}`).sort());
    } finally {
      await stage.stop();
    }
  });
});

describe('partition transactor', () => {
  it('fences a zombie: the old owner cannot commit once a new owner registered the same id', async () => {
    const [output] = (await topics(1, 'fence-out')) as [string];
    const id = uniqueName('txn');
    const groupId = uniqueName('group');
    const zombie = new PartitionTransactor(kafka, id);
    await zombie.init();
    const owner = new PartitionTransactor(kafka, id);
    await owner.init();
    const consumed = { groupId, topic: output, partition: 0, offset: '1' };
    await expect(
      zombie.commit([{ topic: output, key: 'k', value: Buffer.from('zombie') }], consumed),
    ).rejects.toThrow();
    expect(zombie.state).toBe('FENCED');
    await owner.commit([{ topic: output, key: 'k', value: Buffer.from('owner') }], consumed);
    const read = await readCommitted(kafka, output, {
      until: (r) => r.length >= 1,
      timeoutMs: 10_000,
    });
    await waitFor(() => read.length === 1, { what: 'owner record' });
    expect(values(read)).toEqual(['owner']);
    await Promise.all([zombie.close(), owner.close()]);
  });
});

describe('committed offsets (OffsetFetch v7, require_stable)', () => {
  it('are not read while a transaction carrying them is open: UNSTABLE_OFFSET_COMMIT, then the committed offset', async () => {
    const [topic] = (await topics(1, 'stable-offsets')) as [string];
    const groupId = uniqueName('group');
    const admin = kafka.admin();
    const txProducer = kafka.producer({
      transactionalId: uniqueName('txn'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await Promise.all([admin.connect(), txProducer.connect()]);
    try {
      const offsetOf = async (): Promise<string | undefined> =>
        (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
      const txn = await txProducer.transaction();
      await txn.sendOffsets({
        consumerGroupId: groupId,
        topics: [{ topic, partitions: [{ partition: 0, offset: '5' }] }],
      });
      // Up to v6 the broker would answer -1 (nothing committed) here; a stage would redo offsets 0-4.
      await expect(offsetOf()).rejects.toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT' });
      await txn.commit();
      await waitFor(async () => (await offsetOf().catch(() => undefined)) === '5', {
        what: 'committed offset 5',
        timeoutMs: 10_000,
      });
      expect(await offsetOf()).toBe('5');
    } finally {
      await Promise.all([admin.disconnect(), txProducer.disconnect()]);
    }
  });
});
