import type { Logger, Registry } from '@smsgw/observability';
import type { Consumer, Kafka } from 'kafkajs';
import { watchConsumer, type ConsumerHealth } from './consumer-health.js';
import { startLagMonitor } from './lag-monitor.js';
import type { StageRecord } from './transactional-stage.js';

/** Options for {@link createProjectionConsumer}. */
export interface ProjectionConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  /** Where the consumer lag is reported; `stage` names it. */
  registry: Registry;
  stage: string;
  /** Applies a batch; must be idempotent (records are redelivered after a crash). */
  apply(records: StageRecord[]): Promise<void>;
}

/** A running at-least-once consumer. */
export interface ProjectionConsumer {
  readonly health: ConsumerHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * At-least-once consumption of committed records into an idempotent side store (e.g. the
 * status projection in Redis): offsets are committed only after `apply` succeeds.
 */
export function createProjectionConsumer(options: ProjectionConsumerOptions): ProjectionConsumer {
  const consumer: Consumer = options.kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    minBytes: 65_536,
    maxWaitTimeInMs: 50,
  });
  const health = watchConsumer(consumer);
  const admin = options.kafka.admin();
  let lag: { stop(): void } | undefined;
  return {
    health,
    async start() {
      await Promise.all([consumer.connect(), admin.connect()]);
      lag = startLagMonitor({
        admin,
        groupId: options.groupId,
        topic: options.topic,
        stage: options.stage,
        registry: options.registry,
        logger: options.logger,
      });
      await consumer.subscribe({ topic: options.topic, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 4,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const records = batch.messages.map((m) => ({
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString() ?? '',
            value: m.value ?? Buffer.alloc(0),
          }));
          // A throw here makes kafkajs retry the batch: nothing is marked consumed before it is applied.
          await options.apply(records);
          const last = batch.messages[batch.messages.length - 1];
          if (last) payload.resolveOffset(last.offset);
          await payload.heartbeat();
        },
      });
    },
    async stop() {
      lag?.stop();
      await consumer.disconnect();
      await admin.disconnect();
    },
  };
}
