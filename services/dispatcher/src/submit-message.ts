import { GatewayError, type Clock, type Reason, type SmsMessage, type StatusEvent } from '@smsgw/core';
import type { CarrierMap, DispatchLedger, LedgerEntry } from '@smsgw/redis';
import { COMMAND_STATUS, SmppNoResponseError, buildSubmitSm, canonicalCarrierId, classifyCommandStatus, type SubmitResponse } from '@smsgw/smpp';
import { ConnectorFault, type Breaker } from './breaker.js';
import type { ConnectorConfig } from './connectors.js';
import type { ConnectorPool, Lease } from './connector-pool.js';
import type { DispatcherMetrics } from './metrics.js';
import { routesFor } from './router.js';

/** What to do with a message an earlier attempt may have submitted (ARCHITECTURE.md). */
export type InDoubtPolicy = 'report' | 'resend';

/** A carrier as the submitter sees it: its settings, binds and breaker. */
export interface Connector {
  config: ConnectorConfig;
  pool: ConnectorPool;
  breaker: Breaker;
}

/** Dependencies of {@link createMessageSubmitter}. */
export interface SubmitterDeps {
  connectors: readonly Connector[];
  clock: Clock;
  metrics: DispatcherMetrics;
  /** Pause before retrying a throttled submit (grows with each attempt). */
  retryDelayMs: number;
  ledger: DispatchLedger;
  /** This instance (host, pid, start time): the epoch written in in-flight markers. */
  owner: string;
  /** Remembers carrier id → message for receipts. */
  carriers: CarrierMap;
}

/** An approved message to submit. */
export interface ApprovedMessage {
  sms: SmsMessage;
  priority: number;
}

/** No connector for the destination is open: the batch is held (its partition paused), not failed. */
export class NoRouteError extends GatewayError {
  constructor() {
    super('UNAVAILABLE', 'no open connector for the destination; holding the batch', { retryable: true });
    this.name = 'NoRouteError';
  }
}

/** Thrown from beforeSend when the ledger shows an earlier attempt: nothing is sent. */
class AlreadyAttempted extends GatewayError {
  constructor(readonly entry: LedgerEntry, readonly connector: string) {
    super('ALREADY_EXISTS', 'an earlier attempt exists');
  }
}

/** The submit went out and no answer came: final (UNKNOWN), and a fault of the connector. */
class InDoubt extends ConnectorFault {
  constructor(readonly event: StatusEvent) {
    super('submit_sm without a response', undefined, false);
  }
}

/** The bind went down before the write: nothing was sent; worth retrying here (not a breaker failure). */
class NotSent extends GatewayError {
  constructor(cause: unknown) {
    super('UNAVAILABLE', 'bind lost before the write', { retryable: true, cause });
  }
}

/** Throttled submits are retried on the same connector this often before it counts as a fault. */
const MAX_THROTTLED_ATTEMPTS = 20;

const hex = (status: number): string => `0x${status.toString(16).padStart(8, '0')}`;

/** Per message, across connectors and attempts. */
interface Attempts {
  claimed: boolean;
}

/**
 * Submits one message, never twice (ARCHITECTURE.md, Exactly-once), through the best open
 * connector for its destination, failing over to the next when a connector faults before the
 * message was written. The in-flight marker is claimed only once a window slot is taken, right
 * before the write; the outcome is recorded as soon as it is known. A marker left by an earlier
 * attempt means: its recorded outcome is re-emitted, or with no outcome the message is in doubt
 * (UNKNOWN, or resent under the connector's `resend` policy). A submit whose response never comes
 * is UNKNOWN too, and never tried elsewhere.
 */
export function createMessageSubmitter(deps: SubmitterDeps): (message: ApprovedMessage) => Promise<StatusEvent> {
  const { metrics } = deps;
  const byName = new Map(deps.connectors.map((c) => [c.config.name, c]));
  const configs = deps.connectors.map((c) => c.config);
  const event = (sms: SmsMessage, connector: string, state: StatusEvent['state'], reasons: Reason[], carrierMessageId = ''): StatusEvent => ({
    messageId: sms.messageId, tenantId: sms.tenantId, state, atMs: deps.clock.nowMs(), stage: 'dispatcher', reasons, carrierMessageId, connector,
  });

  async function claim(sms: SmsMessage, connector: Connector): Promise<void> {
    const [result] = await deps.ledger.claim([sms.messageId], deps.owner, deps.clock.nowMs());
    if (result?.kind !== 'existing') return;
    if (result.entry.state === 'inflight' && connector.config.inDoubtPolicy === 'resend') {
      await deps.ledger.takeOver([sms.messageId], deps.owner, deps.clock.nowMs());
      return;
    }
    throw new AlreadyAttempted(result.entry, connector.config.name);
  }

  /** Records a final outcome (and the carrier id for receipts) in one auto-pipelined round trip. */
  async function record(sms: SmsMessage, outcome: StatusEvent): Promise<void> {
    await Promise.all([
      outcome.state === 'SUBMITTED' ? deps.carriers.remember(outcome.connector, canonicalCarrierId(outcome.carrierMessageId), sms.messageId, sms.tenantId) : undefined,
      deps.ledger.record([{ event: outcome, owner: deps.owner }]),
    ]);
  }

  /** What one submit_sm_resp means: a final event, or 'throttled' (retry here after a pause). */
  function outcomeOf(sms: SmsMessage, c: Connector, response: SubmitResponse): StatusEvent | 'throttled' | 'fault' {
    const name = c.config.name;
    const kind = classifyCommandStatus(response.commandStatus);
    metrics.submits.inc({ connector: name, result: kind });
    if (kind === 'ok') return event(sms, name, 'SUBMITTED', [], response.messageId);
    const failed = event(sms, name, 'FAILED', [{ code: 'SMPP_ERROR', message: `submit_sm_resp command_status ${hex(response.commandStatus)}` }]);
    if (kind === 'permanent') return failed; // about this message (e.g. a bad destination): not the connector's fault
    if (response.commandStatus === COMMAND_STATUS.ESME_RTHROTTLED || response.commandStatus === COMMAND_STATUS.ESME_RMSGQFUL) return 'throttled';
    // An SMSC system error or a broken session: the SMSC did not take it (never the message's
    // fault): retried here, then on another connector, else held.
    return 'fault';
  }

  /** One submit on `c`: the outcome, 'throttled', or throws ConnectorFault (try elsewhere). */
  async function submitOnce(sms: SmsMessage, c: Connector, fields: Record<string, unknown>, attempts: Attempts): Promise<StatusEvent | 'throttled'> {
    const name = c.config.name;
    let lease: Lease;
    try {
      lease = await c.pool.acquire(c.config.responseTimeoutMs);
    } catch (err) {
      throw new ConnectorFault(`connector ${name}: no bind`, err, false);
    }
    const timer = metrics.submitLatency.startTimer({ connector: name });
    let outcome: StatusEvent | 'throttled' | 'fault' | undefined;
    try {
      await lease.session.submitSm(fields, {
        beforeSend: async () => {
          if (!attempts.claimed) await claim(sms, c);
          attempts.claimed = true;
        },
        afterResponse: async (response) => {
          timer();
          outcome = outcomeOf(sms, c, response);
          if (typeof outcome === 'object') await record(sms, outcome);
        },
      });
    } catch (err) {
      if (err instanceof AlreadyAttempted) throw err;
      if (err instanceof SmppNoResponseError && err.sent) {
        metrics.submits.inc({ connector: name, result: 'in-doubt' });
        metrics.inDoubt.inc({ connector: name });
        const code = err.code === 'DEADLINE_EXCEEDED' ? 'SUBMIT_RESPONSE_TIMEOUT' : 'SUBMIT_CONNECTION_LOST';
        const unknown = event(sms, name, 'UNKNOWN', [{ code, message: 'the SMSC may or may not have the message; not resent' }]);
        await record(sms, unknown);
        throw new InDoubt(unknown);
      }
      if (outcome !== undefined) throw err; // known but not recorded (Redis): the batch aborts
      throw new NotSent(err); // one bind dropping is one event for the breaker, not one per queued message
    }
    if (outcome === 'fault') throw new ConnectorFault(`connector ${name}: SMSC system error`);
    if (outcome === 'throttled') lease.throttled();
    return outcome as StatusEvent | 'throttled';
  }

  /**
   * Submits on `c`, retrying there: throttled answers (after a growing pause) and faults before
   * the write (up to the connector's `retryableAttempts`). Undefined: try another connector.
   */
  async function tryConnector(sms: SmsMessage, c: Connector, fields: Record<string, unknown>, attempts: Attempts): Promise<StatusEvent | undefined> {
    let faults = 0;
    for (let n = 1; n <= MAX_THROTTLED_ATTEMPTS; n++) {
      try {
        const result = await c.breaker.run(() => submitOnce(sms, c, fields, attempts));
        if (result !== 'throttled') return result;
      } catch (err) {
        if (err instanceof InDoubt) return err.event;
        if ((err as { code?: string }).code === 'EOPENBREAKER') return undefined;
        if (!(err instanceof ConnectorFault) && !(err instanceof NotSent)) throw err;
        if ((err instanceof ConnectorFault && !err.retryHere) || ++faults >= c.config.retryableAttempts) return undefined;
      }
      await new Promise((r) => setTimeout(r, Math.min(deps.retryDelayMs * n, 5000)));
    }
    return undefined; // throttled for too long: let another connector (or a later replay) take it
  }

  async function dispatch(sms: SmsMessage, fields: Record<string, unknown>): Promise<StatusEvent> {
    const routes = routesFor(configs, sms.to);
    if (routes.length === 0) return event(sms, '', 'FAILED', [{ code: 'NO_ROUTE', message: 'no connector serves this destination' }]);
    const attempts: Attempts = { claimed: false };
    for (const route of routes) {
      const c = byName.get(route.name) as Connector;
      if (!c.breaker.admits) continue;
      const result = await tryConnector(sms, c, fields, attempts);
      if (result) return result;
    }
    metrics.noRoute.inc();
    throw new NoRouteError();
  }

  return async ({ sms, priority }) => {
    const fields = buildSubmitSm({ from: sms.from, to: sms.to, body: sms.body, priority, requestReceipt: true });
    try {
      return await dispatch(sms, fields);
    } catch (err) {
      if (!(err instanceof AlreadyAttempted)) throw err;
      if (err.entry.state === 'done') {
        metrics.replayed.inc({ connector: err.entry.event.connector });
        return err.entry.event;
      }
      metrics.inDoubt.inc({ connector: err.connector });
      const unknown = event(sms, err.connector, 'UNKNOWN', [{ code: 'IN_DOUBT', message: 'an earlier attempt may have reached the carrier; not resent' }]);
      await deps.ledger.record([{ event: unknown, owner: deps.owner }]);
      return unknown;
    }
  };
}
