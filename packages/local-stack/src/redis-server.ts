import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasCommand, stopProcess, waitUntil } from './process-utils.js';

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

/** True when a Redis server answers PING at host:port. */
export function redisAnswersPing(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let buffer = '';
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      buffer += d.toString();
      if (buffer.includes('\r\n')) {
        socket.destroy();
        resolve(buffer.startsWith('+PONG'));
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
  let child = await launch(port, persistence);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    stop: () => stopProcess(child, 5000),
    async restart() {
      await stopProcess(child, 5000);
      child = await launch(port, persistence);
    },
    async crashAndRestart() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      child = await launch(port, persistence);
    },
  };
}

async function launch(port: number, persistence: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      ...persistence,
      '--loglevel',
      'warning',
    ],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  await waitUntil(() => redisAnswersPing(port), 10_000, `redis-server on port ${port}`, child);
  return child;
}
