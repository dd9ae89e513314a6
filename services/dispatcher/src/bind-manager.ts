import { BindRefusedError, EsmeSession, type EsmeSessionOptions, type Pdu, type SessionState } from '@smsgw/smpp';
import type { Logger } from '@smsgw/observability';
import { jitteredBackoffMs } from './backoff.js';
import type { DispatcherMetrics } from './metrics.js';

/** Options for {@link createBindManager}. */
export interface BindManagerOptions {
  connector: string;
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
  readonly state: SessionState;
  close(): Promise<void>;
}

const STATE_VALUES: Record<SessionState, number> = { CONNECTING: 0, BINDING: 1, BOUND: 2, UNBINDING: 3, CLOSED: 4 };
// Refused credentials will not fix themselves quickly; retrying fast would look like an attack.
const AUTH_FAILURE_BACKOFF_MS = 60_000;

export function createBindManager(options: BindManagerOptions): BindManager {
  const { logger, metrics, connector } = options;
  let current: EsmeSession | undefined;
  let closing = false;
  let attempt = 0;
  let waiters: ((s: EsmeSession) => void)[] = [];
  let state: SessionState = 'CONNECTING';
  let retryTimer: NodeJS.Timeout | undefined;

  const setState = (next: SessionState): void => {
    state = next;
    metrics.bindState.set({ connector }, STATE_VALUES[next]);
  };

  async function connect(): Promise<void> {
    if (closing) return;
    setState('CONNECTING');
    try {
      const session = await EsmeSession.open(options.session);
      attempt = 0;
      current = session;
      setState('BOUND');
      logger.info({ connector }, 'bind up');
      session.on('close', () => onClosed(session));
      if (options.onDeliverSm) session.on('deliverSm', options.onDeliverSm);
      for (const wake of waiters.splice(0)) wake(session);
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
    const delay = refused ? AUTH_FAILURE_BACKOFF_MS : jitteredBackoffMs(attempt++, options.reconnectMinMs, options.reconnectMaxMs);
    logger.warn({ connector, delayMs: delay, reason: (err as Error | undefined)?.message }, refused ? 'bind refused: credentials rejected' : 'bind failed; retrying');
    retryTimer = setTimeout(() => void connect(), delay);
  }

  void connect();

  return {
    get state() {
      return state;
    },
    session() {
      if (current && current.state === 'BOUND') return Promise.resolve(current);
      return new Promise<EsmeSession>((resolve) => waiters.push(resolve));
    },
    async close() {
      closing = true;
      if (retryTimer) clearTimeout(retryTimer);
      waiters = [];
      await current?.close();
      setState('CLOSED');
    },
  };
}
