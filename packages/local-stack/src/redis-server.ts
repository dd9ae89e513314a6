import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasCommand, killProcess, stopProcess, waitUntil } from './process-utils.js';

/** A redis-server this process started. */
export interface RedisProcess {
  url: string;
  port: number;
  /** The redis-server process id (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** Stops (SIGTERM) and starts it again on the same port; data survives only with `appendOnly`. */
  restart(): Promise<void>;
  /**
   * Kills it (SIGKILL: no final write of the append-only file) and starts it again on the same
   * port and data: what survives is what the fsync policy had written.
   */
  crashAndRestart(): Promise<void>;
}

/** TLS of a test redis-server: TLS only (no plaintext port), clients must show a certificate. */
export interface RedisServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
  /** A client certificate the readiness check presents. */
  client: { certFile: string; keyFile: string };
}

/**
 * True when a Redis server answers PING at host:port (over TLS with `tls`). An ACL server whose
 * default user is off answers NOAUTH: it is up all the same.
 */
export function redisAnswersPing(
  port: number,
  host = '127.0.0.1',
  tls?: RedisServerTls,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = tls
      ? tlsConnect({
          port,
          host,
          ca: readFileSync(tls.caFile),
          cert: readFileSync(tls.client.certFile),
          key: readFileSync(tls.client.keyFile),
          servername: 'localhost',
        })
      : connect({ port, host });
    let buffer = '';
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      buffer += d.toString();
      if (buffer.includes('\r\n')) {
        socket.destroy();
        resolve(buffer.startsWith('+PONG') || buffer.startsWith('-NOAUTH'));
      }
    });
    socket.once('error', () => resolve(false));
  });
}

/** Options for {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * Persist with an append-only file (fsync every second; a clean stop writes everything), as
   * production runs Redis: the dispatcher's never-twice ledger must survive a restart.
   */
  appendOnly?: boolean;
  /** With `appendOnly`: `everysec` (default; up to a second of writes lost on a crash) or `always`. */
  appendFsync?: 'everysec' | 'always';
  /** TLS only, with client certificates (security tests). */
  tls?: RedisServerTls;
  /** An ACL file (`user … on >… ~keys +commands` lines): its users replace the open default. */
  aclFile?: string;
}

/** Starts redis-server on a free loopback port (no persistence by default). Never installs anything. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisProcess> {
  if (!hasCommand('redis-server')) {
    throw new Error(
      'redis-server is not installed: install it (apt-get install redis-server) or set SMSGW_REDIS_URL to an existing Redis',
    );
  }
  const port = await freePort();
  const persistence = options.appendOnly
    ? [
        '--appendonly',
        'yes',
        '--appendfsync',
        options.appendFsync ?? 'everysec',
        '--dir',
        mkdtempSync(join(tmpdir(), 'smsgw-redis-')),
      ]
    : ['--appendonly', 'no'];
  const security = [
    ...(options.tls
      ? [
          '--tls-port',
          String(port),
          '--tls-cert-file',
          options.tls.certFile,
          '--tls-key-file',
          options.tls.keyFile,
          '--tls-ca-cert-file',
          options.tls.caFile,
          '--tls-auth-clients',
          'yes',
        ]
      : []),
    ...(options.aclFile ? ['--aclfile', options.aclFile] : []),
  ];
  const launchHere = () =>
    launchRedisServer(options.tls ? 0 : port, [...persistence, ...security], () =>
      redisAnswersPing(port, '127.0.0.1', options.tls),
    );
  let child = await launchHere();
  return {
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    stop: () => stopProcess(child, 5000),
    async restart() {
      await stopProcess(child, 5000);
      child = await launchHere();
    },
    async crashAndRestart() {
      await killProcess(child);
      child = await launchHere();
    },
  };
}

/**
 * Starts one redis-server on loopback `port` with `args`; resolves once `answers` says it serves
 * (a cluster node of {@link startRedisCluster} too).
 */
export async function launchRedisServer(
  port: number,
  args: string[],
  answers: () => Promise<boolean>,
): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...args, '--loglevel', 'warning'],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  await waitUntil(answers, 10_000, 'redis-server answering PING', child);
  return child;
}
