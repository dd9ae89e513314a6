import type { Logger } from '@smsgw/observability';
import type { Consumer, Kafka } from 'kafkajs';
import type { StageRecord } from './transactional-stage.js';

/** Options for {@link createProjectionConsumer}. */
export interface ProjectionConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  /** Applies a batch; must be idempotent (records are redelivered after a crash). */
  apply(records: StageRecord[]): Promise<void>;
}

/** A running at-least-once consumer. */
export interface ProjectionConsumer {
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
  return {
    async start() {
      await consumer.connect();
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
    stop: () => consumer.disconnect(),
  };
}
