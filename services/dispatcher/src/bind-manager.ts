import {
  BindRefusedError,
  EsmeSession,
  type EsmeSessionOptions,
  type Pdu,
  type SessionState,
} from '@smsgw/smpp';
import { GatewayError } from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import { jitteredBackoffMs } from './backoff.js';
import type { DispatcherMetrics } from './metrics.js';

/** Options for {@link createBindManager}. */
export interface BindManagerOptions {
  connector: string;
  /** Index of this bind within its connector (a metrics label). */
  bind: number;
  session: EsmeSessionOptions;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  logger: Logger;
  metrics: DispatcherMetrics;
  /** deliver_sm (receipts and MO) from every bind of this connector. */
  onDeliverSm?: (pdu: Pdu, ack: (status?: number) => void) => void;
}

/** Keeps one bind up: reconnects with jittered backoff, backs off hard on refused credentials. */
export interface BindManager {
  /** Resolves with a bound session, waiting for a reconnect if needed. */
  session(): Promise<EsmeSession>;
  /** The bound session, if any (no waiting). */
  readonly bound: EsmeSession | undefined;
  readonly state: SessionState;
  close(): Promise<void>;
}

const STATE_VALUES: Record<SessionState, number> = {
  CONNECTING: 0,
  BINDING: 1,
  BOUND: 2,
  UNBINDING: 3,
  CLOSED: 4,
};
// Refused credentials will not fix themselves quickly; retrying fast would look like an attack.
const AUTH_FAILURE_BACKOFF_MS = 60_000;

export function createBindManager(options: BindManagerOptions): BindManager {
  const { logger, metrics, connector } = options;
  let current: EsmeSession | undefined;
  let closing = false;
  let attempt = 0;
  const waiters: { resolve: (s: EsmeSession) => void; reject: (err: Error) => void }[] = [];
  let state: SessionState = 'CONNECTING';
  let retryTimer: NodeJS.Timeout | undefined;

  const labels = { connector, bind: String(options.bind) };
  const setState = (next: SessionState): void => {
    state = next;
    metrics.bindState.set(labels, STATE_VALUES[next]);
  };

  async function connect(): Promise<void> {
    if (closing) return;
    setState('CONNECTING');
    try {
      const session = await EsmeSession.open(options.session);
      attempt = 0;
      current = session;
      setState('BOUND');
      logger.info({ connector, bind: options.bind }, 'bind up');
      session.on('close', () => onClosed(session));
      if (options.onDeliverSm) session.on('deliverSm', options.onDeliverSm);
      // A hostile or broken SMSC can send these at any rate: counted, never logged one by one.
      session.on('refusedPdu', () => metrics.refusedPdus.inc({ connector }));
      session.on('deliveryFailed', (err) => {
        metrics.mo.inc({ connector, result: 'handler-error' });
        logger.error(
          { err, connector, bind: options.bind },
          'deliver_sm handler failed; refused permanently',
        );
      });
      for (const waiter of waiters.splice(0)) waiter.resolve(session);
    } catch (err) {
      scheduleReconnect(err);
    }
  }

  function onClosed(session: EsmeSession): void {
    if (current !== session) return;
    current = undefined;
    setState('CLOSED');
    if (session.closeReason) metrics.protocolErrors.inc({ connector });
    if (!closing) {
      metrics.reconnects.inc({ connector });
      logger.warn({ connector, reason: session.closeReason?.message }, 'bind lost; reconnecting');
      scheduleReconnect(undefined);
    }
  }

  function scheduleReconnect(err: unknown): void {
    if (closing) return;
    const refused = err instanceof BindRefusedError && err.authentication;
    if (refused) metrics.bindAuthFailures.inc({ connector });
    const delay = refused
      ? AUTH_FAILURE_BACKOFF_MS
      : jitteredBackoffMs(attempt++, options.reconnectMinMs, options.reconnectMaxMs);
    logger.warn(
      { connector, delayMs: delay, reason: (err as Error | undefined)?.message },
      refused ? 'bind refused: credentials rejected' : 'bind failed; retrying',
    );
    retryTimer = setTimeout(() => void connect(), delay);
  }

  void connect();

  return {
    get state() {
      return state;
    },
    get bound() {
      return current?.state === 'BOUND' ? current : undefined;
    },
    session() {
      if (current && current.state === 'BOUND') return Promise.resolve(current);
      if (closing)
        return Promise.reject(
          new GatewayError('UNAVAILABLE', 'bind manager closed', { retryable: true }),
        );
      metrics.waitingForBind.inc({ connector });
      return new Promise<EsmeSession>((resolve, reject) =>
        waiters.push({ resolve, reject }),
      ).finally(() => metrics.waitingForBind.dec({ connector }));
    },
    async close() {
      closing = true;
      if (retryTimer) clearTimeout(retryTimer);
      // Whoever waits for a bind gives up (nothing was sent for them: safe to replay later).
      for (const waiter of waiters.splice(0))
        waiter.reject(new GatewayError('UNAVAILABLE', 'bind manager closed', { retryable: true }));
      await current?.close();
      setState('CLOSED');
    },
  };
}
