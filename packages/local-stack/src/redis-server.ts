import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort, hasCommand, stopProcess, waitUntil } from './process-utils.js';

/** A redis-server this process started. */
export interface RedisProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops and starts it again on the same port (data is lost: no persistence). */
  restart(): Promise<void>;
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

/** Starts redis-server on a free loopback port, without persistence. Never installs anything. */
export async function startRedisServer(): Promise<RedisProcess> {
  if (!hasCommand('redis-server')) {
    throw new Error('redis-server is not installed: install it (apt-get install redis-server) or set SMSGW_REDIS_URL to an existing Redis');
  }
  const port = await freePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopProcess(child, 5000),
    async restart() {
      await stopProcess(child, 5000);
      child = await launch(port);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    stdio: 'ignore',
    detached: true,
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  await waitUntil(() => redisAnswersPing(port), 10_000, `redis-server on port ${port}`, child);
  return child;
}
