/*
 * kafkajs 2.2.4's producer send (`producer/sendMessages.js`), with one defect fixed: what an
 * attempt remembers between retries.
 *
 * kafkajs remembers which *brokers* answered and, on a retry, sends only to current leaders that
 * have not answered yet. On a cluster, a partition whose leadership moved between attempts to a
 * broker that had already answered (for its other partitions) is then never sent, and the send
 * succeeds: its records are acknowledged, or committed in a transaction, without being written.
 * It also starts the next attempt while the previous attempt's requests to other brokers may
 * still be in flight, and sends their records again under new sequence numbers (written twice).
 *
 * This one remembers which *partitions* were answered; each attempt sends every partition not
 * answered yet to its leader of the moment, and waits for all of its requests to settle before
 * the next attempt starts. Everything else (sequence numbers, transactions, the retry policy,
 * metadata refreshes, log messages) is kafkajs's own behaviour.
 */

/** The kafkajs internals this send uses (its own modules, passed in by kafkajs-patches.ts). */
export interface SendMessagesInternals {
  KafkaJSMetadataNotLoaded: new (message: string) => Error;
  staleMetadata(error: unknown): boolean;
  groupMessagesPerPartition(args: {
    topic: string;
    partitionMetadata: unknown[];
    messages: unknown[];
    partitioner: unknown;
  }): Record<string, unknown[]>;
  createTopicData(
    topicDataForBroker: { topic: string; partitions: string[]; messagesPerPartition: unknown }[],
  ): TopicData[];
  responseSerializer(response: unknown): PartitionResponse[];
}

interface TopicData {
  topic: string;
  partitions: { partition: string | number; messages: unknown[]; firstSequence?: number }[];
}

interface PartitionResponse {
  topicName: string;
  partition: number;
}

interface Broker {
  nodeId: number;
  produce(request: Record<string, unknown>): Promise<unknown>;
}

interface Cluster {
  refreshMetadataIfNecessary(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): unknown[];
  findLeaderForPartitions(topic: string, partitions: string[]): Record<string, string[]>;
  findBroker(args: { nodeId: string }): Promise<Broker>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  removeBroker(args: { host: unknown; port: unknown }): void;
  isConnected(): boolean;
  connect(): Promise<void>;
}

interface EosManager {
  acquireBrokerLock(broker: Broker): Promise<void>;
  releaseBrokerLock(broker: Broker): Promise<void>;
  isTransactional(): boolean;
  addPartitionsToTransaction(topicData: TopicData[]): Promise<void>;
  getSequence(topic: string, partition: string | number): number;
  updateSequence(topic: string, partition: string | number, increment: number): void;
  getTransactionalId(): string;
  getProducerId(): number;
  getProducerEpoch(): number;
}

type Retrier = <T>(
  attempt: (bail: (err: unknown) => void, retryCount: number, retryTime: number) => Promise<T>,
) => Promise<T>;

interface Logger {
  debug(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

interface SendArgs {
  acks: number;
  timeout?: number;
  compression?: number;
  topicMessages: { topic: string; messages: unknown[] }[];
}

interface ProducerError extends Error {
  retriable?: boolean;
  host?: unknown;
  port?: unknown;
}

/** The module's export: kafkajs calls it once per producer with these dependencies. */
export function createSendMessages(internals: SendMessagesInternals) {
  return (producer: {
    logger: Logger;
    cluster: Cluster;
    partitioner: unknown;
    eosManager: EosManager;
    retrier: Retrier;
  }) => {
    const { logger, cluster, retrier } = producer;
    return (args: SendArgs): Promise<PartitionResponse[]> => {
      // Answers by topic and partition, kept across attempts: a partition answered once is never
      // sent again, and one not answered yet is always sent, wherever its leader is now.
      const answered = new Map<string, PartitionResponse[]>();
      return retrier(async (bail, retryCount, retryTime) => {
        await cluster.addMultipleTargetTopics(args.topicMessages.map(({ topic }) => topic));
        try {
          await attempt(internals, producer, args, answered);
          return [...answered.values()].flat();
        } catch (e) {
          return onFailure(e as ProducerError, internals, {
            cluster,
            logger,
            bail,
            retryCount,
            retryTime,
          });
        }
      });
    };
  };
}

const slot = (topic: string, partition: string | number): string => `${topic}\0${partition}`;

/** One attempt: every partition not answered yet, to its current leader, one request per broker. */
async function attempt(
  internals: SendMessagesInternals,
  producer: { cluster: Cluster; partitioner: unknown; eosManager: EosManager },
  args: SendArgs,
  answered: Map<string, PartitionResponse[]>,
): Promise<void> {
  const { cluster, eosManager } = producer;
  await cluster.refreshMetadataIfNecessary();
  const perLeader = new Map<
    string,
    { topic: string; partitions: string[]; messagesPerPartition: unknown }[]
  >();
  for (const { topic, messages } of args.topicMessages) {
    const partitionMetadata = cluster.findTopicPartitionMetadata(topic);
    if (partitionMetadata.length === 0)
      throw new internals.KafkaJSMetadataNotLoaded('Producing to topic without metadata');
    const messagesPerPartition = internals.groupMessagesPerPartition({
      topic,
      partitionMetadata,
      messages,
      partitioner: producer.partitioner,
    });
    const pending = Object.keys(messagesPerPartition).filter((p) => !answered.has(slot(topic, p)));
    const leaders = cluster.findLeaderForPartitions(topic, pending);
    for (const [nodeId, partitions] of Object.entries(leaders)) {
      const entries = perLeader.get(nodeId) ?? [];
      entries.push({ topic, partitions, messagesPerPartition });
      perLeader.set(nodeId, entries);
    }
  }
  const requests = [...perLeader].map(async ([nodeId, entries]) => {
    const broker = await cluster.findBroker({ nodeId });
    const topicData = internals.createTopicData(entries);
    await eosManager.acquireBrokerLock(broker);
    try {
      const response = await produce(eosManager, broker, topicData, args);
      const byPartition = args.acks !== 0 ? internals.responseSerializer(response) : [];
      for (const { topic, partitions } of topicData)
        for (const { partition } of partitions)
          answered.set(
            slot(topic, partition),
            byPartition.filter(
              (r) => r.topicName === topic && String(r.partition) === String(partition),
            ),
          );
    } finally {
      await eosManager.releaseBrokerLock(broker);
    }
  });
  // All of this attempt's requests settle before the next attempt can start.
  const settled = await Promise.allSettled(requests);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

/** kafkajs's produce request for one broker, with its sequence bookkeeping. */
async function produce(
  eosManager: EosManager,
  broker: Broker,
  topicData: TopicData[],
  args: SendArgs,
): Promise<unknown> {
  if (eosManager.isTransactional()) await eosManager.addPartitionsToTransaction(topicData);
  for (const { topic, partitions } of topicData)
    for (const entry of partitions) {
      entry.firstSequence = eosManager.getSequence(topic, entry.partition);
      eosManager.updateSequence(topic, entry.partition, entry.messages.length);
    }
  try {
    return await broker.produce({
      transactionalId: eosManager.isTransactional() ? eosManager.getTransactionalId() : undefined,
      producerId: eosManager.getProducerId(),
      producerEpoch: eosManager.getProducerEpoch(),
      acks: args.acks,
      timeout: args.timeout,
      compression: args.compression,
      topicData,
    });
  } catch (e) {
    // kafkajs gives the numbers back even when the broker wrote the request; the batching
    // producer never sends on this producer id again after a failure (batching-producer.ts).
    for (const { topic, partitions } of topicData)
      for (const entry of partitions)
        eosManager.updateSequence(topic, entry.partition, -entry.messages.length);
    throw e;
  }
}

/** kafkajs's handling of a failed attempt: reconnect or refresh metadata, then retry or give up. */
async function onFailure(
  e: ProducerError,
  internals: SendMessagesInternals,
  context: {
    cluster: Cluster;
    logger: Logger;
    bail: (err: unknown) => void;
    retryCount: number;
    retryTime: number;
  },
): Promise<never> {
  const { cluster, logger, retryCount, retryTime } = context;
  if (e.name === 'KafkaJSConnectionClosedError')
    cluster.removeBroker({ host: e.host, port: e.port });
  if (!cluster.isConnected()) {
    logger.debug(`Cluster has disconnected, reconnecting: ${e.message}`, { retryCount, retryTime });
    await cluster.connect();
    await cluster.refreshMetadata();
    throw e;
  }
  if (
    internals.staleMetadata(e) ||
    e.name === 'KafkaJSMetadataNotLoaded' ||
    e.name === 'KafkaJSConnectionError' ||
    e.name === 'KafkaJSConnectionClosedError' ||
    (e.name === 'KafkaJSProtocolError' && e.retriable)
  ) {
    logger.error(`Failed to send messages: ${e.message}`, { retryCount, retryTime });
    await cluster.refreshMetadata();
    throw e;
  }
  logger.error(`${e.message}`, { retryCount, retryTime });
  if (e.retriable) throw e;
  context.bail(e);
  throw e; // bail has already settled the send; this only ends the attempt
}
