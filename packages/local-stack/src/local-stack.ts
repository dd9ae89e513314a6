import { startKafkaBroker, type KafkaBroker } from './kafka-broker.js';
import { startRedisServer, type RedisProcess } from './redis-server.js';

/** Kafka and Redis for one run: configured ones, or ones started here. */
export interface LocalStack {
  kafkaBrokers: string[];
  redisUrl: string;
  /** Present when this stack started the broker (chaos tests restart it). */
  kafka: KafkaBroker | undefined;
  /** Present when this stack started redis-server. */
  redis: RedisProcess | undefined;
  stop(): Promise<void>;
}

/** Options for {@link startLocalStack}. */
export interface LocalStackOptions {
  /** SMSGW_KAFKA_BROKERS and SMSGW_REDIS_URL are honoured when set. */
  env: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
}

/**
 * Uses SMSGW_KAFKA_BROKERS / SMSGW_REDIS_URL when set; otherwise starts a KRaft broker from the
 * cached Maven jars and a redis-server on free loopback ports. Both start in parallel.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const configuredBrokers = options.env.SMSGW_KAFKA_BROKERS;
  const configuredRedis = options.env.SMSGW_REDIS_URL;
  const [kafkaStart, redisStart] = await Promise.allSettled([
    configuredBrokers
      ? undefined
      : startKafkaBroker({
          log,
          cacheDir: options.env.SMSGW_CACHE_DIR,
          // SMSGW_KAFKA_NODES=3: a replicated KRaft cluster, as production runs Kafka.
          nodes: kafkaNodes(options.env.SMSGW_KAFKA_NODES),
        }),
    configuredRedis ? undefined : startRedisServer(),
  ]);
  if (kafkaStart.status === 'rejected' || redisStart.status === 'rejected') {
    // Do not leave the half that started running: it would keep this process alive.
    if (kafkaStart.status === 'fulfilled') await kafkaStart.value?.stop();
    if (redisStart.status === 'fulfilled') await redisStart.value?.stop();
    throw kafkaStart.status === 'rejected'
      ? kafkaStart.reason
      : (redisStart as PromiseRejectedResult).reason;
  }
  const kafka = kafkaStart.value;
  const redis = redisStart.value;
  if (redis) log(`redis-server ready at ${redis.url}`);
  return {
    kafkaBrokers: kafka
      ? kafka.brokers
      : (configuredBrokers as string).split(',').map((b) => b.trim()),
    redisUrl: redis ? redis.url : (configuredRedis as string),
    kafka,
    redis,
    async stop() {
      await Promise.all([kafka?.stop(), redis?.stop()]);
    },
  };
}

/** SMSGW_KAFKA_NODES: nodes of the local Kafka cluster, 1 (default) to 5. */
function kafkaNodes(value: string | undefined): number {
  const nodes = Number(value ?? 1);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 5)
    throw new Error(`SMSGW_KAFKA_NODES must be a whole number from 1 to 5, not "${value}"`);
  return nodes;
}
