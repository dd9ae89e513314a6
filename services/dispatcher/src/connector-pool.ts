import { GatewayError } from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import type { EsmeSession, Pdu } from '@smsgw/smpp';
import { createBreaker } from './breaker.js';
import type { Connector } from './submit-message.js';
import { createBindManager, type BindManager } from './bind-manager.js';
import type { ConnectorConfig } from './connectors.js';
import type { DispatcherMetrics } from './metrics.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** A bind ready for one submit: its rate token is already taken. */
export interface Lease {
  session: EsmeSession;
  /** The SMSC said it is overloaded (throttled, queue full): this bind slows down. */
  throttled(): void;
  /** Waits for another token on the same bind (the next part of a long message). */
  nextToken(): Promise<void>;
}

/** The binds of one connector. */
export interface ConnectorPool {
  readonly config: ConnectorConfig;
  /**
   * A bound session with the most free window, once its token bucket allows: the lease itself
   * when one is ready now, else a promise of it that rejects with UNAVAILABLE when no bind comes
   * up within `waitMs` (the router then tries another connector).
   */
  acquire(waitMs: number): Lease | Promise<Lease>;
  /** Per bind: state, window occupancy and current rate limit (admin view and metrics). */
  binds(): {
    index: number;
    role: 'trx' | 'tx' | 'rx';
    state: string;
    windowUsed: number;
    rateLimit: number;
  }[];
  /** submit_sm per second over the last 10 seconds. */
  submitsPerSecond(): number;
  close(): Promise<void>;
}

interface Bind {
  index: number;
  role: 'trx' | 'tx' | 'rx';
  manager: BindManager;
  bucket: TokenBucket;
  /** The lease of the current session, made once per session rather than once per submit. */
  lease?: Lease;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Opens a connector: its bind pool and its circuit breaker. */
export function openConnector(
  config: ConnectorConfig,
  deps: {
    logger: Logger;
    metrics: DispatcherMetrics;
    onDeliverSm: (pdu: Pdu, ack: (status?: number) => void) => void;
  },
): Connector {
  return { config, pool: createConnectorPool(config, deps), breaker: createBreaker(config, deps) };
}

/** Opens `config.binds` binds to one carrier, each with its own window and token bucket. */
export function createConnectorPool(
  config: ConnectorConfig,
  deps: {
    logger: Logger;
    metrics: DispatcherMetrics;
    onDeliverSm: (pdu: Pdu, ack: (status?: number) => void) => void;
  },
): ConnectorPool {
  const submitRole = config.bindType === 'transceiver' ? 'trx' : 'tx';
  // A TX+RX connector adds one receiver bind (the last index) for receipts and MO.
  const roles: Bind['role'][] = [
    ...Array<Bind['role']>(config.binds).fill(submitRole),
    ...(config.bindType === 'tx+rx' ? (['rx'] as const) : []),
  ];
  const sessionBindType = { trx: 'transceiver', tx: 'transmitter', rx: 'receiver' } as const;
  const all: Bind[] = roles.map((role, index) => {
    const manager = createBindManager({
      connector: config.name,
      bind: index,
      logger: deps.logger,
      metrics: deps.metrics,
      onDeliverSm: deps.onDeliverSm,
      reconnectMinMs: config.reconnectMinMs,
      reconnectMaxMs: config.reconnectMaxMs,
      session: {
        host: config.host,
        port: config.port,
        systemId: config.systemId,
        password: config.password,
        bindType: sessionBindType[role],
        windowSize: config.windowSize,
        responseTimeoutMs: config.responseTimeoutMs,
        enquireLinkIntervalMs: config.enquireLinkIntervalMs,
        ...(config.tls
          ? {
              tls: {
                ca: config.tlsCa,
                rejectUnauthorized: config.tls.rejectUnauthorized,
                servername: config.tls.servername,
                ...config.tlsClient,
              },
            }
          : {}),
      },
    });
    const bucket = createTokenBucket(config.throughputPerBind);
    deps.metrics.trackBind(
      config.name,
      String(index),
      () => manager.bound?.windowUsed ?? 0,
      () => bucket.currentRate,
    );
    return { index, role, manager, bucket };
  });
  const binds = all.filter((b) => b.role !== 'rx'); // the ones that submit

  const rate = createRateMeter(10);

  /** The bound bind with the most free window, or undefined when none is bound. */
  function pick(): { bind: Bind; session: EsmeSession } | undefined {
    let best: { bind: Bind; session: EsmeSession } | undefined;
    for (const bind of binds) {
      const session = bind.manager.bound;
      if (session && (!best || session.windowUsed < best.session.windowUsed))
        best = { bind, session };
    }
    return best;
  }

  async function waitForBind(waitMs: number): Promise<{ bind: Bind; session: EsmeSession }> {
    const picked = pick();
    if (picked) return picked;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new GatewayError('UNAVAILABLE', `connector ${config.name}: no bind up`, {
              retryable: true,
            }),
          ),
        waitMs,
      );
    });
    try {
      await Promise.race([...binds.map((b) => b.manager.session()), timeout]);
    } finally {
      clearTimeout(timer);
    }
    const after = pick();
    if (!after)
      throw new GatewayError('UNAVAILABLE', `connector ${config.name}: no bind up`, {
        retryable: true,
      });
    return after;
  }

  /** Takes a token of the bind's bucket: the wait before the submit may go (0: now). */
  function tokenDelay(bind: Bind): number {
    const now = Date.now();
    rate.count(now);
    return bind.bucket.take(now);
  }

  function leaseAfterToken({
    bind,
    session,
  }: {
    bind: Bind;
    session: EsmeSession;
  }): Lease | Promise<Lease> {
    const delay = tokenDelay(bind);
    return delay > 0 ? sleep(delay).then(() => leaseFor(bind, session)) : leaseFor(bind, session);
  }

  function leaseFor(bind: Bind, session: EsmeSession): Lease {
    if (bind.lease?.session !== session) {
      bind.lease = {
        session,
        nextToken: () => {
          const delay = tokenDelay(bind);
          return delay > 0 ? sleep(delay) : Promise.resolve();
        },
        throttled: () => {
          bind.bucket.slowDown(Date.now());
          deps.metrics.throttled.inc({ connector: config.name });
        },
      };
    }
    return bind.lease;
  }

  return {
    config,
    acquire(waitMs) {
      // The common case (a bind up, a token free) returns the lease itself, not a promise of it:
      // no wait, no allocation; the lease is made once per session.
      const picked = pick();
      return picked ? leaseAfterToken(picked) : waitForBind(waitMs).then(leaseAfterToken);
    },
    submitsPerSecond: () => rate.perSecond(Date.now()),
    binds: () =>
      all.map((b) => ({
        index: b.index,
        role: b.role,
        state: b.manager.state,
        windowUsed: b.manager.bound?.windowUsed ?? 0,
        rateLimit: b.bucket.currentRate,
      })),
    async close() {
      await Promise.all(all.map((b) => b.manager.close()));
    },
  };
}

/** Events per second over the last `seconds` whole seconds (a ring of per-second counts). */
function createRateMeter(seconds: number) {
  const counts = new Array<number>(seconds).fill(0);
  let current = 0;
  const advance = (nowMs: number): void => {
    const second = Math.floor(nowMs / 1000);
    if (second - current >= seconds) counts.fill(0);
    else for (let s = current + 1; s <= second; s++) counts[s % seconds] = 0;
    current = Math.max(current, second);
  };
  return {
    count(nowMs: number): void {
      advance(nowMs);
      counts[current % seconds] = (counts[current % seconds] ?? 0) + 1;
    },
    perSecond(nowMs: number): number {
      advance(nowMs);
      return counts.reduce((a, b) => a + b, 0) / seconds;
    },
  };
}
