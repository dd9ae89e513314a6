import type { Logger, Registry } from '@smsgw/observability';
import { Counter, Histogram, LATENCY_BUCKETS_SECONDS, metricOnce } from '@smsgw/observability';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { OutRecord } from './batching-producer.js';
import { watchConsumer, type ConsumerHealth } from './consumer-health.js';
import { startLagMonitor } from './lag-monitor.js';
import { PartitionTransactor } from './partition-transactor.js';
import { recordBytes, splitByBudget, type RequestBudget } from './request-budget.js';

/** One consumed record handed to a stage. */
export interface StageRecord {
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
  /** Only where a reader asks for them (dead letters carry their reason there). */
  headers?: Record<string, string>;
}

/** Options for {@link createTransactionalStage}. */
export interface TransactionalStageOptions {
  kafka: Kafka;
  /** Service name; prefixes consumer group and transactional ids. */
  service: string;
  groupId: string;
  inputTopic: string;
  /** Turns a batch of one partition into output records. Throwing aborts and replays the batch. */
  handle(records: StageRecord[]): Promise<OutRecord[]>;
  logger: Logger;
  registry: Registry;
  /** Wait before replaying a failed batch. Default 500 ms, doubled up to 10 s. */
  retryBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Input records of one transaction at most; a larger fetched batch is committed in slices. Default 5,000. */
  maxBatchRecords?: number;
  /** Input bytes (keys and values) of one transaction at most. Default 1 MiB. */
  maxBatchBytes?: number;
  /** Bytes a fetch waits for (bigger batches, fewer transactions). Default 64 KiB. */
  fetchMinBytes?: number;
  /** Longest a fetch waits for fetchMinBytes. Default 20 ms. */
  fetchMaxWaitMs?: number;
  /**
   * Called when this instance becomes a partition's owner, once Kafka has fenced the previous
   * one and before any batch of it is handled: where a handler has side effects outside Kafka
   * (the dispatcher's submits), it fences the previous owner there too. Failing fails the init.
   */
  onPartitionOwned?(partition: number): Promise<void>;
}

/** A running consume-transform-produce loop. */
export interface TransactionalStage {
  /** Group membership and fetch progress, for readiness and liveness probes. */
  readonly health: ConsumerHealth;
  start(): Promise<void>;
  /** Stops consuming after the batches in flight commit, then closes producers. */
  stop(): Promise<void>;
}

/**
 * Exactly-once between stages (ARCHITECTURE.md): read_committed input, one transaction per batch
 * carrying the outputs and the consumed offset, one transactional id per input partition.
 */
export function createTransactionalStage(options: TransactionalStageOptions): TransactionalStage {
  const { kafka, logger, inputTopic, groupId } = options;
  const metrics = stageMetrics(options.registry);
  const inputBudget: RequestBudget = {
    maxRecords: options.maxBatchRecords ?? 5000,
    maxBytes: options.maxBatchBytes ?? 1024 * 1024,
  };
  const labels = { stage: options.service };
  const consumer: Consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    // Let a fetch gather up to 64 KiB or 20 ms of records: every batch is one transaction, and
    // a transaction costs the broker the same whether it carries 1 record or 1000.
    minBytes: options.fetchMinBytes ?? 65_536,
    maxWaitTimeInMs: options.fetchMaxWaitMs ?? 20,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
    retry: { retries: 10 },
  });
  const transactors = new Map<number, PartitionTransactor>();
  const failures = new Map<number, number>();
  const resumeTimers = new Set<NodeJS.Timeout>();
  let stopping = false;
  const admin = kafka.admin();
  const health = watchConsumer(consumer);
  let lag: { stop(): void } | undefined;

  // One init at a time per partition: two producers with one transactional id fence each other.
  const initializing = new Map<number, Promise<PartitionTransactor>>();
  // Partitions whose transactor is new: their next batch re-reads the committed offset first.
  const fresh = new Set<number>();

  function initTransactor(partition: number): Promise<PartitionTransactor> {
    let init = initializing.get(partition);
    if (init) return init;
    init = (async () => {
      await transactors.get(partition)?.close();
      transactors.delete(partition);
      const tx = new PartitionTransactor(kafka, `${options.service}-${inputTopic}-${partition}`);
      await tx.init();
      try {
        await options.onPartitionOwned?.(partition);
      } catch (err) {
        await tx.close();
        throw err;
      }
      transactors.set(partition, tx);
      fresh.add(partition);
      return tx;
    })().finally(() => initializing.delete(partition));
    initializing.set(partition, init);
    return init;
  }

  async function transactorFor(
    partition: number,
  ): Promise<{ tx: PartitionTransactor; fresh: boolean }> {
    const existing = transactors.get(partition);
    const tx =
      existing?.usable && !initializing.has(partition) ? existing : await initTransactor(partition);
    return { tx, fresh: fresh.delete(partition) };
  }

  // After fencing the previous owner, its last transaction is either committed or aborted.
  // If it committed after our offsets were fetched, skip what it already processed. The read
  // asks for stable offsets (OffsetFetch v7): while a commit's marker is still being applied the
  // broker answers UNSTABLE_OFFSET_COMMIT instead of the previous offset, and we ask again.
  async function committedOffset(partition: number): Promise<bigint> {
    for (let attempt = 1; ; attempt++) {
      try {
        const [topic] = await admin.fetchOffsets({ groupId, topics: [inputTopic] });
        const entry = topic?.partitions.find((p) => p.partition === partition);
        return entry && entry.offset !== '-1' ? BigInt(entry.offset) : -1n;
      } catch (err) {
        if (
          (err as { type?: string }).type !== 'UNSTABLE_OFFSET_COMMIT' ||
          attempt >= UNSTABLE_OFFSET_ATTEMPTS
        )
          throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 1000)));
      }
    }
  }

  async function processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const { tx, fresh } = await transactorFor(batch.partition);
    let messages: KafkaMessage[] = batch.messages;
    if (fresh) {
      const committed = await committedOffset(batch.partition);
      messages = messages.filter((m) => BigInt(m.offset) >= committed);
    }
    const last = batch.messages[batch.messages.length - 1] as KafkaMessage;
    // A backlog arrives as fetches of a megabyte or more; one transaction each would grow its
    // outputs (several records per input) without bound. Each slice is a transaction of its own.
    const slices = splitByBudget(messages, inputBudget, recordBytes);
    if (slices.length === 0) slices.push([]);
    for (const [index, slice] of slices.entries()) {
      if (!payload.isRunning() || payload.isStale()) return;
      const end = index === slices.length - 1 ? last : (slice[slice.length - 1] as KafkaMessage);
      await commitSlice(payload, tx, slice, end);
    }
  }

  async function commitSlice(
    payload: EachBatchPayload,
    tx: PartitionTransactor,
    slice: readonly KafkaMessage[],
    end: KafkaMessage,
  ): Promise<void> {
    const { partition } = payload.batch;
    const started = process.hrtime.bigint();
    const records = slice.map((m) => toStageRecord(partition, m));
    // A handler may wait (a bind reconnecting): keep the group membership alive meanwhile.
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), 3000);
    let outputs: OutRecord[];
    try {
      outputs = records.length > 0 ? await options.handle(records) : [];
    } finally {
      clearInterval(beat);
    }
    await payload.heartbeat();
    const next = (BigInt(end.offset) + 1n).toString();
    await tx.commit(outputs, { groupId, topic: inputTopic, partition, offset: next });
    payload.resolveOffset(end.offset);
    metrics.transactions.inc({ ...labels, result: 'commit' });
    metrics.batchSize.observe(labels, records.length);
    metrics.latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { partition } = payload.batch;
    try {
      await processBatch(payload);
      failures.delete(partition);
    } catch (err) {
      metrics.transactions.inc({ ...labels, result: 'abort' });
      const attempt = (failures.get(partition) ?? 0) + 1;
      failures.set(partition, attempt);
      const delay = Math.min((options.retryBackoffMs ?? 500) * 2 ** (attempt - 1), 10_000);
      logger.warn(
        { err, partition, attempt, delayMs: delay },
        'batch aborted; pausing partition and replaying',
      );
      // A failed commit may still have committed (its answer lost in a broker restart). The
      // next attempt starts a fresh transactor: its init waits until that transaction is
      // complete, then the committed offset is read again, so nothing committed is redone.
      const tx = transactors.get(partition);
      transactors.delete(partition);
      void tx?.close();
      try {
        consumer.pause([{ topic: inputTopic, partitions: [partition] }]);
        // Fail closed: rewind to the batch's first record and pause; nothing is skipped. Slices
        // of it that did commit are skipped by the fresh transactor's read of the committed offset.
        consumer.seek({ topic: inputTopic, partition, offset: payload.batch.firstOffset() ?? '0' });
      } catch (pauseErr) {
        // No group to pause in: kafkajs is restarting the consumer, which starts again from the
        // committed offsets. A throw from here would reach kafkajs as a crash it never restarts.
        logger.info({ partition, err: pauseErr }, 'consumer restarting; the batch is replayed');
        return;
      }
      resumeLater(partition, delay);
    }
  }

  /** Resumes a paused partition after `delayMs` (replaying its batch); never throws. */
  function resumeLater(partition: number, delayMs: number): void {
    const timer = setTimeout(() => {
      resumeTimers.delete(timer);
      // A consumer that gave up has no partitions to resume: the service exits (health.gaveUp).
      if (stopping || health.crashed) return;
      try {
        consumer.resume([{ topic: inputTopic, partitions: [partition] }]);
      } catch (err) {
        // kafkajs is restarting the consumer after a crash (a broker outage outlasted its
        // retries): until it has rejoined there is no group to resume in, and the throw, in a
        // timer, would end the process (a cluster losing a node did). Try again shortly.
        logger.info({ partition, err }, 'consumer restarting; resuming the partition later');
        resumeLater(partition, 1000);
      }
    }, delayMs);
    timer.unref();
    resumeTimers.add(timer);
  }

  return {
    health,
    async start() {
      await Promise.all([consumer.connect(), admin.connect()]);
      lag = startLagMonitor({
        admin,
        groupId,
        topic: inputTopic,
        stage: options.service,
        registry: options.registry,
        logger,
      });
      await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assigned = new Set<number>(event.payload.memberAssignment[inputTopic] ?? []);
        // Which instance owns which partitions: what an operator (and the chaos suite) reads
        // to see a scale-out take effect or a frozen instance's partitions move.
        logger.info({ topic: inputTopic, partitions: [...assigned] }, 'partitions assigned');
        for (const [p, tx] of transactors) {
          if (!assigned.has(p)) {
            transactors.delete(p);
            void tx.close();
          }
        }
        // Fence a crashed predecessor's open transactions at once, not at this partition's next
        // batch: until then they hold back every read_committed reader of the output topics.
        for (const p of assigned) {
          if (transactors.has(p) || initializing.has(p)) continue;
          initTransactor(p).catch((err: unknown) =>
            logger.warn({ err, partition: p }, 'transactor init failed; retried at the next batch'),
          );
        }
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
        eachBatch,
      });
    },
    async stop() {
      stopping = true;
      lag?.stop();
      for (const timer of resumeTimers) clearTimeout(timer);
      resumeTimers.clear();
      await consumer.disconnect();
      await Promise.all([...transactors.values()].map((t) => t.close()));
      transactors.clear();
      await admin.disconnect();
    },
  };
}

/** Reads of a committed offset that is still being settled (about 40 s in all) before the batch is replayed. */
const UNSTABLE_OFFSET_ATTEMPTS = 50;

function toStageRecord(partition: number, m: KafkaMessage): StageRecord {
  return {
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? '',
    value: m.value ?? Buffer.alloc(0),
  };
}

function stageMetrics(registry: Registry) {
  const get = <T>(name: string, make: () => T): T => metricOnce(registry, name, make);
  return {
    transactions: get(
      'smsgw_kafka_transactions_total',
      () =>
        new Counter({
          name: 'smsgw_kafka_transactions_total',
          help: 'Stage transactions by result (commit, abort)',
          labelNames: ['stage', 'result'],
          registers: [registry],
        }),
    ),
    batchSize: get(
      'smsgw_kafka_transaction_batch_records',
      () =>
        new Histogram({
          name: 'smsgw_kafka_transaction_batch_records',
          help: 'Records per stage transaction',
          labelNames: ['stage'],
          buckets: [1, 5, 10, 50, 100, 500, 1000, 5000],
          registers: [registry],
        }),
    ),
    latency: get(
      'smsgw_kafka_transaction_seconds',
      () =>
        new Histogram({
          name: 'smsgw_kafka_transaction_seconds',
          help: 'Batch handling plus commit time',
          labelNames: ['stage'],
          buckets: LATENCY_BUCKETS_SECONDS,
          registers: [registry],
        }),
    ),
  };
}
