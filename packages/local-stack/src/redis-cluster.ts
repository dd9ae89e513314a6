import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasCommand, killProcess, run, stopProcess, waitUntil } from './process-utils.js';
import { launchRedisServer, redisAnswersPing } from './redis-server.js';

/** One node of a Redis Cluster this process started. */
export interface RedisClusterNode {
  port: number;
  readonly running: boolean;
  /** SIGKILL (a crash); its data and cluster state stay for {@link start}. */
  kill(): Promise<void>;
  /** Starts it again on its port, data and nodes.conf: it rejoins (a lost master as a replica). */
  start(): Promise<void>;
  /** `master` or `slave` (Redis's word), as the node itself reports it. */
  role(): Promise<string>;
}

/** A Redis Cluster on loopback: masters with a replica each, every node persistent (AOF). */
export interface RedisCluster {
  /** `127.0.0.1:port` of every node: any of them is enough for a client to find the rest. */
  seeds: string[];
  nodes: readonly RedisClusterNode[];
  /** Resolves once every running node sees every slot served and every replica is in sync. */
  untilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Masters (default 3, the smallest cluster Redis creates); each gets one replica. */
  masters?: number;
  /** `everysec` (default) or `always`. */
  appendFsync?: 'everysec' | 'always';
  /**
   * How long a master may be unreachable before its replica is promoted (default 2000 ms; Redis's
   * own default is 15 s, too slow for a test and the usual production value is 5 s or less).
   */
  nodeTimeoutMs?: number;
}

const redisCli = (port: number, ...args: string[]): Promise<string> =>
  run('redis-cli', ['-p', String(port), ...args]);

/**
 * Starts `masters` × 2 redis-server processes in cluster mode and joins them with
 * `redis-cli --cluster create` (masters with one replica each, the 16,384 slots split evenly);
 * resolves once every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  for (const tool of ['redis-server', 'redis-cli'])
    if (!hasCommand(tool))
      throw new Error(`${tool} is not installed (apt-get install redis-server)`);
  const count = (options.masters ?? 3) * 2;
  const nodes: ClusterNodeProcess[] = [];
  for (let i = 0; i < count; i++) nodes.push(await startNode(options));
  const seeds = nodes.map((n) => `127.0.0.1:${n.port}`);
  await run('redis-cli', [
    '--cluster',
    'create',
    ...seeds,
    '--cluster-replicas',
    '1',
    '--cluster-yes',
  ]);
  const cluster: RedisCluster = {
    seeds,
    nodes,
    async untilHealthy(timeoutMs = 30_000) {
      await waitUntil(() => healthy(nodes), timeoutMs, 'redis cluster: every node ok');
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      for (const n of nodes) rmSync(n.dir, { recursive: true, force: true });
    },
  };
  await cluster.untilHealthy();
  return cluster;
}

/**
 * Every running node sees every slot served, and every replica's link to its master is up: a
 * replica that has not synced yet is too stale to be promoted (right after `--cluster create` a
 * killed master would stay failed).
 */
async function healthy(nodes: readonly ClusterNodeProcess[]): Promise<boolean> {
  const running = nodes.filter((n) => n.running);
  const [clusters, replication] = await Promise.all([
    Promise.all(running.map((n) => redisCli(n.port, 'cluster', 'info'))),
    Promise.all(running.map((n) => redisCli(n.port, 'info', 'replication'))),
  ]);
  return (
    clusters.every((info) => info.includes('cluster_state:ok')) &&
    replication.every(
      (info) => info.includes('role:master') || info.includes('master_link_status:up'),
    )
  );
}

interface ClusterNodeProcess extends RedisClusterNode {
  dir: string;
  stop(): Promise<void>;
}

async function startNode(options: RedisClusterOptions): Promise<ClusterNodeProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-redis-cluster-'));
  const args = [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    join(dir, 'nodes.conf'),
    '--cluster-node-timeout',
    String(options.nodeTimeoutMs ?? 2000),
    '--appendonly',
    'yes',
    '--appendfsync',
    options.appendFsync ?? 'everysec',
    '--dir',
    dir,
  ];
  const up = (): Promise<ChildProcess> =>
    launchRedisServer(port, args, () => redisAnswersPing(port));
  let child: ChildProcess | undefined = await up();
  return {
    port,
    dir,
    get running() {
      return child !== undefined;
    },
    async kill() {
      const running = child;
      child = undefined;
      if (running) await killProcess(running);
    },
    async start() {
      if (child) throw new Error(`redis cluster node ${port} is already running`);
      child = await up();
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running) await stopProcess(running, 5000);
    },
    async role() {
      return (await redisCli(port, 'role')).split('\n')[0]?.trim() ?? '';
    },
  };
}
