import { readFileSync } from 'node:fs';
import { GatewayError } from '@smsgw/core';
import {
  kafkajsAbortedFilterPatched,
  kafkajsGroupingPatched,
  kafkajsRecordsPatched,
  kafkajsRequestTimeoutsPatched,
  kafkajsSendPatched,
  kafkajsStableOffsetsPatched,
} from './kafkajs-patches.js'; // before kafkajs loads
import type { Admin, Kafka, LogEntry, SASLOptions } from 'kafkajs';
import { kafkajs } from './kafkajs-runtime.js';
import type { Logger } from '@smsgw/observability';
import { kafkajsLogLevel } from './kafkajs-log-levels.js';
import type { TopicSpec } from './topics.js';

export type { Kafka };

/** Connection settings for {@link createKafka}. */
export interface KafkaConnectionOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  /**
   * Retries of the client's own connects (default 8, about 20 s). kafkajs reconnects a producer
   * inside its send with this budget, not the producer's: once it runs out, the send fails
   * however many retries the producer has left (see {@link LONG_OUTAGE_RETRY}).
   */
  retry?: { retries: number; initialRetryTime: number; maxRetryTime: number };
  /** TLS and SASL towards the brokers (production listeners are SASL_SSL). */
  security?: KafkaSecurity | undefined;
}

/** How a service reaches a secured Kafka: TLS (CA, client certificate) and SASL SCRAM. */
export interface KafkaSecurity {
  tls?: { caFile: string; certFile?: string | undefined; keyFile?: string | undefined } | undefined;
  sasl?:
    | { mechanism: 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
    | undefined;
}

function scram(sasl: NonNullable<KafkaSecurity['sasl']>): SASLOptions {
  const { username, password } = sasl;
  return sasl.mechanism === 'scram-sha-256'
    ? { mechanism: 'scram-sha-256', username, password }
    : { mechanism: 'scram-sha-512', username, password };
}

function securityOptions(security: KafkaSecurity | undefined) {
  const read = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);
  const tls = security?.tls;
  return {
    ...(tls
      ? { ssl: { ca: [read(tls.caFile) ?? ''], cert: read(tls.certFile), key: read(tls.keyFile) } }
      : {}),
    ...(security?.sasl ? { sasl: scram(security.sasl) } : {}),
  };
}

/**
 * A client for writes that must ride out a broker outage on one producer id (the dispatcher's
 * receipts and MO): at least 10 minutes of reconnects, 100 ms doubling to 1 s. With the default
 * budget a broker restart of more than about 20 s failed the send of a request that had already
 * landed; the receipt was refused, redelivered by the SMSC and written again under a new
 * producer id (the chaos suite saw DELIVERED twice).
 */
export const LONG_OUTAGE_RETRY = { retries: 600, initialRetryTime: 100, maxRetryTime: 1000 };

const { logLevel } = kafkajs;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client that logs through our logger (warnings and errors only). */
export function createKafka(options: KafkaConnectionOptions): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  // The exactly-once fixes are required; without them the services refuse to run (they used
  // to log an error and run: the production bundle did so, unnoticed, until the send fix).
  const missing = [
    !kafkajsSendPatched && 'producer sends that remember answered partitions',
    !kafkajsStableOffsetsPatched && 'committed offsets read with require_stable',
    !kafkajsAbortedFilterPatched && 'read_committed skipping every aborted transaction',
    // Not exactly-once, but without it a hung connection stalls a service for minutes.
    !kafkajsRequestTimeoutsPatched && 'requests that time out closing their connection',
  ].filter(Boolean);
  if (missing.length > 0)
    throw new GatewayError(
      'CONFIG_INVALID',
      `kafkajs was loaded before @smsgw/kafka, or is not 2.2.4; missing exactly-once fixes: ${missing.join('; ')}`,
    );
  if (!kafkajsGroupingPatched || !kafkajsRecordsPatched)
    log.warn(
      'kafkajs loaded before @smsgw/kafka or not 2.2.4: its own slower grouping and record encoding are used',
    );
  return new kafkajs.Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    retry: options.retry ?? { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
    ...securityOptions(options.security),
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        // Known, deliberate: ingress bounds producer retries so a call fails UNAVAILABLE in time.
        if (message.startsWith('Limiting retries for the idempotent producer')) return;
        log[kafkajsLogLevel(LEVELS[level] ?? 'info', message, rest)]({ kafka: rest }, message);
      },
  });
}

/**
 * How the gateway's topics are replicated, given the cluster's `default.replication.factor` (the
 * operator's choice; 3 in production, as the local 3-node cluster sets it): an acks=all write
 * needs all copies but one in sync, so one broker can be lost (or restarted) without losing an
 * acknowledged record or refusing writes.
 */
export function replication(replicas: number): { replicas: number; minInsync: number } {
  return { replicas, minInsync: Math.max(1, replicas - 1) };
}

/** The cluster's default.replication.factor, read from a broker's configuration. */
async function defaultReplicationFactor(admin: Admin): Promise<number> {
  const [broker] = (await admin.describeCluster()).brokers;
  const { resources } = await admin.describeConfigs({
    resources: [
      {
        type: kafkajs.ConfigResourceTypes.BROKER,
        name: String(broker?.nodeId ?? 1),
        configNames: ['default.replication.factor'],
      },
    ],
    includeSynonyms: false,
  });
  const value = Number(resources[0]?.configEntries[0]?.configValue ?? 1);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

/**
 * Creates missing topics, replicated as {@link replication} says for the cluster's size, and waits
 * until each has a leader. Existing topics are left as they are.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      const { replicas, minInsync } = replication(await defaultReplicationFactor(admin));
      await admin.createTopics({
        // kafkajs's own wait gives up when a broker has not yet heard of the new topic
        // (UNKNOWN_TOPIC_OR_PARTITION, on any cluster of more than one broker): waited for below.
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions,
          replicationFactor: replicas,
          configEntries: [
            { name: 'min.insync.replicas', value: String(minInsync) },
            // A replica that was out of sync never becomes leader: it would drop acknowledged records.
            { name: 'unclean.leader.election.enable', value: 'false' },
            ...Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
          ],
        })),
      });
      await untilLed(
        admin,
        missing.map((t) => t.topic),
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** Waits (30 s at most) until every partition of `topics` has a leader that knows it. */
async function untilLed(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        return;
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`topics without leaders after 30 s: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
  }
}

/** How long `topic` keeps records: retention.ms (-1: for ever) and segment.ms. */
export async function topicRetention(
  kafka: Kafka,
  topic: string,
): Promise<{ retentionMs: number; segmentMs: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      resources: [
        {
          type: kafkajs.ConfigResourceTypes.TOPIC,
          name: topic,
          configNames: ['retention.ms', 'segment.ms'],
        },
      ],
      includeSynonyms: false,
    });
    const value = (name: string): number =>
      Number(resources[0]?.configEntries.find((e) => e.configName === name)?.configValue ?? NaN);
    return { retentionMs: value('retention.ms'), segmentMs: value('segment.ms') };
  } finally {
    await admin.disconnect();
  }
}

/** Records currently stored in `topic` (sum over partitions of high minus low watermark). */
export async function topicRecordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
