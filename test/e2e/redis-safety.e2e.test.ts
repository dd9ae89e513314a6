import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@smsgw/config';
import { parseTenants } from '@smsgw/config';
import { startIngress } from '@smsgw/ingress/app';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { startRedisServer, type RedisProcess } from '@smsgw/local-stack';
import { uniqueName } from '@smsgw/testkit';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { createRedis } from '@smsgw/redis';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// A Redis that forgets on a crash (no append-only file) or evicts when full would let the
// dispatcher send a message twice: every service checks at boot and refuses one, naming what to
// change, unless SMSGW_REDIS_ALLOW_UNSAFE=1 says this is development.
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TENANTS_FILE = `${REPO}deploy/local/tenants.json`;
const tenants = parseTenants(JSON.parse(readFileSync(TENANTS_FILE, 'utf8')), TENANTS_FILE, {
  developmentMode: true,
});
const logger = createLogger({ service: 'redis-safety', level: 'silent' });
let volatile: RedisProcess;
let persistent: RedisProcess;

const namespace = uniqueName('redis-safety');

beforeAll(async () => {
  const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'redis-safety', logger });
  await ensureTopics(kafka, gatewayTopics(1, namespace));
  [volatile, persistent] = await Promise.all([
    startRedisServer(),
    startRedisServer({ appendOnly: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([volatile?.stop(), persistent?.stop()]);
});

const env = (redisUrl: string, extra: Record<string, string> = {}) => ({
  SMSGW_KAFKA_BROKERS: inject('kafkaBrokers').join(','),
  SMSGW_KAFKA_NAMESPACE: namespace,
  SMSGW_REDIS_URL: redisUrl,
  SMSGW_TENANTS_FILE: TENANTS_FILE,
  SMSGW_INGRESS_GRPC_HOST: '127.0.0.1',
  SMSGW_INGRESS_GRPC_PORT: '0',
  SMSGW_INGRESS_METRICS_PORT: '0',
  ...extra,
});

const start = (e: Record<string, string>) =>
  startIngress(loadIngressConfig(e), {
    logger,
    registry: createMetricsRegistry('ingress'),
    tenants,
  });

describe('Redis safety at boot', () => {
  it('refuses a Redis without an append-only file, naming the setting', async () => {
    const err = (await start(env(volatile.url)).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems).toEqual([expect.stringContaining('appendonly yes')]);
  });

  it('refuses a persistent Redis with an evicting policy, and starts once it is noeviction', async () => {
    const admin = createRedis({ url: persistent.url, connectionName: 'redis-safety-test' });
    await admin.connect();
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const err = (await start(env(persistent.url)).catch((e: unknown) => e)) as ConfigError;
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.problems).toEqual([expect.stringContaining('maxmemory-policy allkeys-lru')]);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      const ingress = await start(env(persistent.url));
      await ingress.stop();
    } finally {
      admin.disconnect();
    }
  });

  it('starts on an unsafe Redis with the development override', async () => {
    const ingress = await start(env(volatile.url, { SMSGW_REDIS_ALLOW_UNSAFE: '1' }));
    await ingress.stop();
  });

  it('makes the service process exit 78 with the problem on stderr', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'services/ingress/src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, ...env(volatile.url), SMSGW_REDIS_ALLOW_UNSAFE: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toContain('appendonly');
    expect(r.status).toBe(78);
  });
});
