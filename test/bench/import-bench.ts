// `npm run bench:import -- --rows 1000000`: a generated CSV of consent rows imported through
// the real ImportConsents by the smsgw CLI (a process, as an operator runs it) into a compliance
// service on its own Redis and Kafka. Prints rows/s and the peak memory of both ends, next to a
// peer measured in the same run: the same rows written to the same Redis by one client with
// plain pipelined commands (HSET, RPUSH, SADD per row), the floor of what storing them costs.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCompliance } from '@smsgw/compliance/app';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { loadTenantsFile } from '@smsgw/config';
import { createKafka, ensureTopics, gatewayTopics } from '@smsgw/kafka';
import { startKafkaBroker, startRedisServer } from '@smsgw/local-stack';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { createRedis } from '@smsgw/redis';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(args.rows);
const TENANTS = new URL('../../deploy/local/tenants.json', import.meta.url).pathname;
const BIN = new URL('../../packages/cli/bin/smsgw.mjs', import.meta.url).pathname;
const logger = createLogger({ service: 'import-bench', level: 'warn' });
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('recipient,purpose,source,channel\n');
  for (let i = 0; i < ROWS; i++) {
    const line = `+1917${String(2_000_000 + i)},MARKETING,import,web\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/** Runs the CLI import; resolves with its wall time and its peak resident memory (VmHWM). */
function runImport(file: string, address: string): Promise<{ seconds: number; peakRss: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'consent', 'import', file, '--json'], {
    env: { ...process.env, SMSGW_COMPLIANCE_ADDRESS: address, SMSGW_TOKEN: 'dev-acme-token' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakRss = 0;
  const sample = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      peakRss = Math.max(peakRss, Number(hwm?.[1] ?? 0) * 1024);
    } catch {
      // the process has just ended
    }
  }, 100);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`import exited ${code}: ${stdout}`));
      else resolve({ seconds: (Date.now() - started) / 1000, peakRss });
    }),
  );
}

/** The peer: the same rows, three plain pipelined commands each, 1,000 rows a round trip. */
async function peerWrites(url: string): Promise<number> {
  const redis = createRedis({ url, connectionName: 'peer' });
  await redis.connect();
  const started = Date.now();
  const evidence = JSON.stringify({ granted: true, evidence: { source: 'import', atMs: 1 } });
  for (let i = 0; i < ROWS; i += 1000) {
    const pipeline = redis.pipeline();
    for (let k = i; k < Math.min(ROWS, i + 1000); k++) {
      pipeline.hset(`peer:consent:{acme:${k}}`, 'MARKETING', evidence);
      pipeline.rpush(`peer:log:{acme:${k}}`, evidence);
      pipeline.sadd('peer:index:{acme}', String(k));
    }
    await pipeline.exec();
  }
  const seconds = (Date.now() - started) / 1000;
  redis.disconnect();
  return seconds;
}

const dir = mkdtempSync(join(tmpdir(), 'import-bench-'));
const file = join(dir, 'consents.csv');
await writeCsv(file);
const redisServer = await startRedisServer();
const broker = await startKafkaBroker();
const namespace = 'import-bench';
await ensureTopics(
  createKafka({ brokers: broker.brokers, clientId: 'import-bench', logger }),
  gatewayTopics(1, namespace),
);
const compliance = await startCompliance(
  loadComplianceConfig({
    SMSGW_KAFKA_BROKERS: broker.brokers.join(','),
    SMSGW_KAFKA_NAMESPACE: namespace,
    SMSGW_REDIS_URL: redisServer.url,
    SMSGW_REDIS_ALLOW_UNSAFE: '1',
    SMSGW_TENANTS_FILE: TENANTS,
    SMSGW_DEVELOPMENT_MODE: '1',
    SMSGW_HASH_KEYS: 'bench=benchmark-hash-key-0123456789abcdef',
    SMSGW_COMPLIANCE_GRPC_PORT: '0',
    SMSGW_COMPLIANCE_METRICS_PORT: '0',
  }),
  {
    logger,
    registry: createMetricsRegistry('import-bench'),
    tenants: loadTenantsFile(TENANTS, { developmentMode: true }),
  },
);
const probe = createRedis({ url: redisServer.url, connectionName: 'cpu-probe' });
await probe.connect();
/** Redis CPU seconds so far (user + system), from INFO cpu. */
const redisCpu = async (): Promise<number> => {
  const info = await probe.info('cpu');
  const field = (name: string): number =>
    Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
};
try {
  const cpu0 = { redis: await redisCpu(), service: process.cpuUsage() };
  const cli = await runImport(file, `127.0.0.1:${compliance.grpcPort}`);
  const service = process.cpuUsage(cpu0.service);
  const cpu1 = await redisCpu();
  const peer = await peerWrites(redisServer.url);
  const cpu2 = await redisCpu();
  const perRow = (seconds: number): string => `${((seconds * 1e6) / ROWS).toFixed(1)} µs`;
  const rate = (s: number): number => Math.round(ROWS / s);
  process.stdout.write(
    [
      `rows: ${ROWS.toLocaleString('en')}`,
      `smsgw consent import (CLI process → ImportConsents → Redis): ${rate(cli.seconds)} rows/s (${cli.seconds.toFixed(1)} s)`,
      `peer (one client, pipelined HSET+RPUSH+SADD): ${rate(peer)} rows/s (${peer.toFixed(1)} s)`,
      `ratio: ${(rate(cli.seconds) / rate(peer)).toFixed(2)}× the peer`,
      `peak memory: CLI ${mib(cli.peakRss)}, compliance process ${mib(process.resourceUsage().maxRSS * 1024)}`,
      `CPU per row: compliance ${perRow((service.user + service.system) / 1e6)}, Redis ${perRow(cpu1 - cpu0.redis)} (peer: Redis ${perRow(cpu2 - cpu1)})`,
      '',
    ].join('\n'),
  );
} finally {
  probe.disconnect();
  await compliance.stop();
  await broker.stop();
  await redisServer.stop();
}
