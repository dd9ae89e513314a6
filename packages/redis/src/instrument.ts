import {
  Counter,
  Gauge,
  Histogram,
  metricOnce,
  type Logger,
  type ProbeCheck,
  type Registry,
} from '@smsgw/observability';
import { ConfigError } from '@smsgw/config';
import type { Redis } from 'ioredis';

/** Command latency buckets: a loopback round trip is ~0.1 ms, a stalled Redis seconds. */
const REDIS_BUCKETS_SECONDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5,
];
/** How often persistence and eviction settings are read (they change only by an operator). */
const SETTINGS_INTERVAL_MS = 30_000;

/**
 * Counts and times every command `redis` sends (pipelined and auto-pipelined ones included:
 * ioredis hands each to the client's `sendCommand`), reports whether Redis is persistent and
 * non-evicting, and returns the readiness check of the connection. Labels are command names
 * (a fixed set), never keys.
 */
export function instrumentRedis(
  redis: Redis,
  registry: Registry,
): { readiness: ProbeCheck; stop(): void } {
  const m = redisMetrics(registry);
  // One labelled child per command name, made once: this runs for every command on the hot path.
  const byCommand = new Map<string, { observe(seconds: number): void; failed(): void }>();
  const seriesOf = (command: string) => {
    let series = byCommand.get(command);
    if (!series) {
      const labels = { command: command.toLowerCase() };
      const latency = m.latency.labels(labels);
      const errors = m.errors.labels(labels);
      series = { observe: (s) => latency.observe(s), failed: () => errors.inc() };
      byCommand.set(command, series);
    }
    return series;
  };
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    const started = process.hrtime.bigint();
    const series = seriesOf(command.name);
    command.promise.then(
      () => series.observe(Number(process.hrtime.bigint() - started) / 1e9),
      () => series.failed(),
    );
    return send(command, ...rest);
  };
  redis.on('error', () => m.connectionErrors.inc());
  const readSettings = async (): Promise<void> => {
    if (redis.status !== 'ready') return;
    const safety = await readRedisSafety(redis);
    m.aof.set(safety.appendOnly ? 1 : 0);
    m.noEviction.set(safety.noEviction ? 1 : 0);
  };
  const timer = setInterval(() => void readSettings().catch(() => undefined), SETTINGS_INTERVAL_MS);
  timer.unref();
  redis.on('ready', () => void readSettings().catch(() => undefined));
  return {
    readiness: { name: 'redis', check: () => redis.status === 'ready' },
    stop: () => clearInterval(timer),
  };
}

/** What a crash or a full Redis would cost: read from INFO (allowed where CONFIG is not). */
export async function readRedisSafety(
  redis: Redis,
): Promise<{ appendOnly: boolean; noEviction: boolean; policy: string }> {
  const [persistence, memory] = await Promise.all([
    redis.info('persistence'),
    redis.info('memory'),
  ]);
  const policy = /^maxmemory_policy:(\S+)\r?$/m.exec(memory)?.[1] ?? 'unknown';
  return {
    appendOnly: /^aof_enabled:1\r?$/m.test(persistence),
    noEviction: policy === 'noeviction',
    policy,
  };
}

/**
 * Why `redis` is unsafe for the gateway's state (never-twice ledger, consent, idempotency keys):
 * without an append-only file a crash forgets what was sent (and it would be sent again); an
 * evicting policy drops ledger keys when memory runs out. Empty when it is safe.
 */
export async function redisSafetyProblems(redis: Redis): Promise<string[]> {
  const safety = await readRedisSafety(redis);
  const problems: string[] = [];
  if (!safety.appendOnly)
    problems.push(
      'Redis runs without an append-only file (appendonly no): a crash forgets the never-twice ledger, consent and idempotency keys; set appendonly yes (appendfsync everysec)',
    );
  if (!safety.noEviction)
    problems.push(
      `Redis may evict keys (maxmemory-policy ${safety.policy}): a full Redis would drop ledger entries; set maxmemory-policy noeviction`,
    );
  return problems;
}

/**
 * Refuses to start on an unsafe Redis (a ConfigError naming each problem: exit 78) unless the
 * operator set the development override SMSGW_REDIS_ALLOW_UNSAFE=1, which is then logged at
 * every start. The connection is closed when it refuses.
 */
export async function requireSafeRedis(
  redis: Redis,
  allowUnsafe: boolean,
  logger: Logger,
): Promise<void> {
  const problems = await redisSafetyProblems(redis);
  if (problems.length === 0) return;
  if (allowUnsafe) {
    logger.warn(
      { problems },
      'unsafe Redis allowed by SMSGW_REDIS_ALLOW_UNSAFE (development only)',
    );
    return;
  }
  redis.disconnect();
  throw new ConfigError(
    'Redis (SMSGW_REDIS_ALLOW_UNSAFE=1 allows it, for development only)',
    problems,
  );
}

function redisMetrics(registry: Registry) {
  const get = <T>(name: string, make: () => T): T => metricOnce(registry, name, make);
  return {
    latency: get(
      'smsgw_redis_command_seconds',
      () =>
        new Histogram({
          name: 'smsgw_redis_command_seconds',
          help: 'Redis command round trips that succeeded, by command',
          labelNames: ['command'],
          buckets: REDIS_BUCKETS_SECONDS,
          registers: [registry],
        }),
    ),
    errors: get(
      'smsgw_redis_command_errors_total',
      () =>
        new Counter({
          name: 'smsgw_redis_command_errors_total',
          help: 'Redis commands that failed (error reply, lost connection, retries exhausted)',
          labelNames: ['command'],
          registers: [registry],
        }),
    ),
    connectionErrors: get(
      'smsgw_redis_connection_errors_total',
      () =>
        new Counter({
          name: 'smsgw_redis_connection_errors_total',
          help: 'Redis connection errors (each failed connect or reconnect)',
          registers: [registry],
        }),
    ),
    aof: get(
      'smsgw_redis_aof_enabled',
      () =>
        new Gauge({
          name: 'smsgw_redis_aof_enabled',
          help: 'Whether Redis writes an append-only file (1) or keeps nothing on a crash (0)',
          registers: [registry],
        }),
    ),
    noEviction: get(
      'smsgw_redis_noeviction',
      () =>
        new Gauge({
          name: 'smsgw_redis_noeviction',
          help: 'Whether Redis refuses writes when full (1, maxmemory-policy noeviction) or may evict ledger keys (0)',
          registers: [registry],
        }),
    ),
  };
}
