import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

export type { Redis };

/** Options for {@link createRedis}. */
export interface RedisOptions {
  url: string;
  /** Name shown in CLIENT LIST. */
  connectionName: string;
  /** Commands fail after this many reconnect attempts instead of queueing forever. Default 20. */
  maxRetriesPerRequest?: number;
  /**
   * A connection that has had commands waiting this long without a byte back is taken for dead
   * and replaced (a hung network path, a half-open connection). Default 5 s: Redis answers in
   * milliseconds, and its slowest command here (a ledger script of 2,000 keys) takes a few.
   */
  socketTimeoutMs?: number;
  /** Connection errors (ioredis reconnects by itself; this is for logging). */
  onError?: (err: Error) => void;
  /** An ACL user of this service (see {@link serviceAcl}) and its password. */
  username?: string | undefined;
  password?: string | undefined;
  /** TLS: the CA that signed the server, and a client certificate when Redis asks for one. */
  tls?: { caFile: string; certFile?: string | undefined; keyFile?: string | undefined } | undefined;
}

/** An ioredis client with auto-pipelining (concurrent commands share round trips). */
export function createRedis(options: RedisOptions): Redis {
  const redis = new Redis(options.url, {
    connectionName: options.connectionName,
    enableAutoPipelining: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 20,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    lazyConnect: true,
    socketTimeout: options.socketTimeoutMs ?? 5000,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
    ...(options.tls ? { tls: tlsOptions(options.tls) } : {}),
  });
  // Without a listener ioredis prints every failed reconnect to stderr.
  redis.on('error', (err: Error) => options.onError?.(err));
  return redis;
}

function tlsOptions(tls: NonNullable<RedisOptions['tls']>) {
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  return { ca: read(tls.caFile), cert: read(tls.certFile), key: read(tls.keyFile) };
}
