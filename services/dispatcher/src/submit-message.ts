import {
  GatewayError,
  coalescePerTurn,
  countSegments,
  encodingFor,
  type Clock,
  type Reason,
  type SmsMessage,
  type StatusEvent,
} from '@smsgw/core';
import type { ClaimResult, DispatchLedger, Fence, LedgerEntry } from '@smsgw/redis';
import {
  COMMAND_STATUS,
  SmppNoResponseError,
  buildSubmitSms,
  canonicalCarrierId,
  classifyCommandStatus,
  commandStatusName,
  type SubmitHooks,
  type SubmitResponse,
} from '@smsgw/smpp';
import { ConnectorFault, type Breaker } from './breaker.js';
import type { ConnectorConfig } from './connectors.js';
import type { ConnectorPool, Lease } from './connector-pool.js';
import type { DispatcherMetrics } from './metrics.js';
import { createRouter } from './router.js';

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
  /** How long carrier id → message mappings are kept for receipts. */
  carrierTtlMs: number;
  /**
   * How long after acceptance a message may still be sent: one held longer because no connector
   * for its destination was open ends EXPIRED, never sent, instead of waiting without bound.
   */
  validityMs: number;
  /** The fence this instance holds for an input partition (absent: claims are not fenced). */
  fenceOf?: (partition: number) => Fence | undefined;
}

/** An approved message to submit. */
export interface ApprovedMessage {
  sms: SmsMessage;
  priority: number;
  /** Segments compliance approved; a connector needing more is not used. 0 or absent: any. */
  approvedSegments?: number;
  /** Automatic replies: what they answer (e.g. OPT_OUT_CONFIRM) and when the MO came; '' and 0 otherwise. */
  autoReplyKind?: string;
  triggerReceivedAtMs?: number;
  /** The input partition it came from: its claim carries that partition's fence. */
  partition?: number;
}

/** No connector for the destination is open: the batch is held (its partition paused), not failed. */
export class NoRouteError extends GatewayError {
  constructor() {
    super('UNAVAILABLE', 'no open connector for the destination; holding the batch', {
      retryable: true,
    });
    this.name = 'NoRouteError';
  }
}

/** Thrown from beforeSend when the ledger shows an earlier attempt: nothing is sent. */
class AlreadyAttempted extends GatewayError {
  constructor(
    readonly entry: LedgerEntry,
    readonly connector: string,
  ) {
    super('ALREADY_EXISTS', 'an earlier attempt exists');
  }
}

/**
 * This instance no longer owns the message's partition (it was frozen or cut off while the group
 * moved it): nothing was claimed or sent, and the batch aborts; the new owner decides.
 */
export class FencedError extends GatewayError {
  constructor() {
    super('FAILED_PRECONDITION', 'the input partition has a new owner; nothing sent', {
      retryable: true,
    });
    this.name = 'FencedError';
  }
}

/**
 * An outcome this instance learnt after another took the message over or settled it: not
 * recorded (the other's stands), and the batch aborts, as its Kafka transaction is fenced too.
 */
export class OwnershipLostError extends GatewayError {
  constructor(messageId: string) {
    super(
      'FAILED_PRECONDITION',
      `message ${messageId} was settled by another owner; outcome not recorded`,
      {
        retryable: true,
      },
    );
    this.name = 'OwnershipLostError';
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
  /** The input partition the message came from: its claim carries that partition's fence. */
  partition: number | undefined;
  claimed: boolean;
  /** Parts the SMSC has taken so far (a long message is several submit_sm); their carrier ids. */
  takenParts: string[];
}

/** A stable 16-bit concatenation reference per message (the same on every retry). */
function referenceOf(messageId: string): number {
  let h = 0;
  for (let i = 0; i < messageId.length; i++) h = (h * 31 + messageId.charCodeAt(i)) & 0xffff;
  return h;
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
export function createMessageSubmitter(
  deps: SubmitterDeps,
): (message: ApprovedMessage) => Promise<StatusEvent> {
  const { metrics } = deps;
  const byName = new Map(deps.connectors.map((c) => [c.config.name, c]));
  const routesFor = createRouter(deps.connectors.map((c) => c.config));
  const event = (
    sms: SmsMessage,
    connector: string,
    state: StatusEvent['state'],
    reasons: Reason[],
    carrierMessageId = '',
  ): StatusEvent => ({
    messageId: sms.messageId,
    tenantId: sms.tenantId,
    state,
    atMs: deps.clock.nowMs(),
    stage: 'dispatcher',
    reasons,
    carrierMessageId,
    connector,
  });

  // A window's worth of claims (and of outcomes) share one Redis script call, not a command each
  // (one per input partition: each carries its partition's fence).
  const claimOne = coalescePerTurn(async (claims: { id: string; partition?: number }[]) => {
    const groups = new Map<number | undefined, number[]>();
    claims.forEach(({ partition }, i) => {
      const positions = groups.get(partition);
      if (positions) positions.push(i);
      else groups.set(partition, [i]);
    });
    const results = new Array<ClaimResult>(claims.length);
    await Promise.all(
      [...groups].map(async ([partition, positions]) => {
        const found = await deps.ledger.claim(
          positions.map((i) => (claims[i] as { id: string }).id),
          deps.owner,
          deps.clock.nowMs(),
          partition === undefined ? undefined : deps.fenceOf?.(partition),
        );
        positions.forEach((at, k) => (results[at] = found[k] as ClaimResult));
      }),
    );
    return results;
  });
  type Outcome = Parameters<DispatchLedger['record']>[0][number];
  /** Records an outcome; resolves with the entry that stood instead where it was refused. */
  const recordOne = coalescePerTurn(async (outcomes: Outcome[]) => {
    const { collisions, refused } = await deps.ledger.record(outcomes);
    for (const { connector } of collisions) metrics.carrierIdCollisions.inc({ connector });
    return outcomes.map(({ event }) =>
      refused.has(event.messageId) ? { refused: true, stood: refused.get(event.messageId) } : {},
    );
  });

  /** Claims the message (marks `attempts`), or settles what an earlier attempt left. */
  function claim(sms: SmsMessage, connector: Connector, attempts: Attempts): Promise<void> {
    // Per message: inline arrows and methods, not named closures (tsx's keepNames gives each
    // named one a defineProperty call when it is created).
    return claimOne({ id: sms.messageId, partition: attempts.partition }).then((result) => {
      if (result.kind === 'fenced') throw new FencedError();
      if (result.kind === 'existing')
        return earlierAttempt(sms, connector, result.entry).then(
          () => void (attempts.claimed = true),
        );
      attempts.claimed = true;
    });
  }

  async function earlierAttempt(
    sms: SmsMessage,
    connector: Connector,
    entry: LedgerEntry,
  ): Promise<void> {
    if (entry.state === 'inflight' && connector.config.inDoubtPolicy === 'resend') {
      await deps.ledger.takeOver([sms.messageId], deps.owner, deps.clock.nowMs());
      return;
    }
    throw new AlreadyAttempted(entry, connector.config.name);
  }

  /**
   * Records the outcome of this instance's own claim with every part's carrier id (for receipts)
   * in one round trip; throws OwnershipLostError where another owner's entry stands instead.
   */
  function record(outcome: StatusEvent, carrierIds: readonly string[]): Promise<void> {
    return recordOne({
      event: outcome,
      owner: deps.owner,
      carrierIds: carrierIds.map(canonicalCarrierId),
      carrierTtlMs: deps.carrierTtlMs,
    }).then((result) => {
      if (result.refused) throw new OwnershipLostError(outcome.messageId);
    });
  }

  /**
   * What one part's submit_sm_resp means: 'next' part, a final event, 'throttled' (retry this
   * part here after a pause) or 'fault' (the connector's; another may take the message).
   */
  function outcomeOf(
    sms: SmsMessage,
    c: Connector,
    response: SubmitResponse,
    part: number,
    total: number,
    attempts: Attempts,
  ): StatusEvent | 'next' | 'throttled' | 'fault' {
    const name = c.config.name;
    const kind = classifyCommandStatus(response.commandStatus);
    metrics.submits.inc({ connector: name, result: kind });
    metrics.submitResponses.inc({
      connector: name,
      command_status: commandStatusName(response.commandStatus),
    });
    if (kind === 'ok') {
      attempts.takenParts.push(response.messageId);
      return part + 1 < total ? 'next' : event(sms, name, 'SUBMITTED', [], attempts.takenParts[0]);
    }
    const reason =
      part === 0
        ? `submit_sm_resp command_status ${hex(response.commandStatus)}`
        : `part ${part + 1} of ${total}: submit_sm_resp command_status ${hex(response.commandStatus)} (earlier parts were taken)`;
    const failed = event(sms, name, 'FAILED', [{ code: 'SMPP_ERROR', message: reason }]);
    if (kind === 'permanent') return failed; // about this message (e.g. a bad destination): not the connector's fault
    if (
      response.commandStatus === COMMAND_STATUS.ESME_RTHROTTLED ||
      response.commandStatus === COMMAND_STATUS.ESME_RMSGQFUL
    )
      return 'throttled';
    // An SMSC system error or a broken session: the SMSC did not take it (never the message's
    // fault): retried here, then on another connector, else held. Once parts were taken, the
    // rest cannot move to another connector: the message fails as partially submitted.
    return part === 0 ? 'fault' : failed;
  }

  /** The message's parts on `c` from the first not yet taken: the outcome, 'throttled', or throws ConnectorFault. */
  async function submitOnce(
    sms: SmsMessage,
    c: Connector,
    parts: Record<string, unknown>[],
    attempts: Attempts,
  ): Promise<StatusEvent | 'throttled'> {
    const name = c.config.name;
    let lease: Lease;
    try {
      const acquired = c.pool.acquire(c.config.responseTimeoutMs);
      lease = acquired instanceof Promise ? await acquired : acquired;
    } catch (err) {
      throw new ConnectorFault(`connector ${name}: no bind`, err, false);
    }
    for (
      let part = attempts.takenParts.length;
      part < parts.length;
      part = attempts.takenParts.length
    ) {
      if (part > 0) await lease.nextToken(); // every part is a submit_sm under the bind's rate
      const outcome = await submitPart(sms, c, lease, parts, part, attempts);
      if (outcome === 'next') continue;
      if (outcome === 'fault') throw new ConnectorFault(`connector ${name}: SMSC system error`);
      if (outcome === 'throttled') lease.throttled();
      return outcome;
    }
    throw new Error('unreachable: every part taken without an outcome');
  }

  async function submitPart(
    sms: SmsMessage,
    c: Connector,
    lease: Lease,
    parts: Record<string, unknown>[],
    part: number,
    attempts: Attempts,
  ): Promise<StatusEvent | 'next' | 'throttled' | 'fault'> {
    const name = c.config.name;
    const startedAt = performance.now();
    let outcome: StatusEvent | 'next' | 'throttled' | 'fault' | undefined;
    const hooks: SubmitHooks = {
      afterResponse(response) {
        metrics.submitLatency.observe({ connector: name }, (performance.now() - startedAt) / 1000);
        outcome = outcomeOf(sms, c, response, part, parts.length, attempts);
        return typeof outcome === 'object'
          ? record(outcome, outcome.state === 'SUBMITTED' ? attempts.takenParts : [])
          : undefined;
      },
    };
    // Claimed once per message, by its first part's first write (later parts and retries skip it).
    if (!attempts.claimed) hooks.beforeSend = () => claim(sms, c, attempts);
    try {
      await lease.session.submitSm(parts[part] as Record<string, unknown>, hooks);
    } catch (err) {
      if (err instanceof AlreadyAttempted || err instanceof FencedError) throw err;
      if (err instanceof SmppNoResponseError && err.sent) {
        metrics.submits.inc({ connector: name, result: 'in-doubt' });
        metrics.inDoubt.inc({ connector: name });
        const code =
          err.code === 'DEADLINE_EXCEEDED' ? 'SUBMIT_RESPONSE_TIMEOUT' : 'SUBMIT_CONNECTION_LOST';
        const unknown = event(sms, name, 'UNKNOWN', [
          { code, message: 'the SMSC may or may not have the message; not resent' },
        ]);
        await record(unknown, []); // no receipts for it: a partial DELIVERED would contradict UNKNOWN
        throw new InDoubt(unknown);
      }
      if (outcome !== undefined) throw err; // known but not recorded (Redis): the batch aborts
      throw new NotSent(err); // one bind dropping is one event for the breaker, not one per queued message
    }
    return outcome as StatusEvent | 'next' | 'throttled' | 'fault';
  }

  /**
   * What is left of the message's validity, as the SMSC's validity_period: the carrier stops
   * trying when the gateway would call it expired, and its last receipt comes while the carrier-id
   * mapping still stands (an hour short of its TTL at most; a minute at least, for a message
   * submitted right at the end of its validity).
   */
  function validitySecondsOf(sms: SmsMessage): number {
    const leftMs = sms.acceptedAtMs + deps.validityMs - deps.clock.nowMs();
    const capMs = deps.carrierTtlMs - 3_600_000;
    return Math.round(Math.max(60_000, Math.min(leftMs, capMs)) / 1000);
  }

  /**
   * Submits on `c`, retrying there: throttled answers (after a growing pause) and faults before
   * the write (up to the connector's `retryableAttempts`). Undefined: try another connector.
   */
  async function tryConnector(
    sms: SmsMessage,
    c: Connector,
    priority: number,
    attempts: Attempts,
  ): Promise<StatusEvent | undefined> {
    const parts = buildSubmitSms(
      {
        from: sms.from,
        to: sms.to,
        body: sms.body,
        priority,
        requestReceipt: true,
        validitySeconds: validitySecondsOf(sms),
      },
      {
        alphabet: c.config.alphabet,
        longMessage: c.config.longMessage,
        reference: referenceOf(sms.messageId),
      },
    );
    let faults = 0;
    for (let n = 1; n <= MAX_THROTTLED_ATTEMPTS; n++) {
      try {
        const result = await c.breaker.run(() => submitOnce(sms, c, parts, attempts));
        if (result !== 'throttled') return result;
      } catch (err) {
        if (err instanceof InDoubt) return err.event;
        if ((err as { code?: string }).code === 'EOPENBREAKER') return undefined;
        if (!(err instanceof ConnectorFault) && !(err instanceof NotSent)) throw err;
        if (
          (err instanceof ConnectorFault && !err.retryHere) ||
          ++faults >= c.config.retryableAttempts
        )
          return undefined;
      }
      await new Promise((r) => setTimeout(r, Math.min(deps.retryDelayMs * n, 5000)));
    }
    return undefined; // throttled for too long: let another connector (or a later replay) take it
  }

  /** Parts `sms` takes on the air through `c` (its alphabet and long-message method). */
  function segmentsOn(sms: SmsMessage, c: Connector): number {
    const { alphabet, longMessage } = c.config;
    return countSegments(sms.body, encodingFor(sms.body, alphabet), longMessage).segments;
  }

  async function dispatch(
    sms: SmsMessage,
    priority: number,
    approvedSegments: number,
    partition: number | undefined,
  ): Promise<StatusEvent> {
    const serving = routesFor(sms.to);
    if (serving.length === 0)
      return event(sms, '', 'FAILED', [
        { code: 'NO_ROUTE', message: 'no connector serves this destination' },
      ]);
    // Compliance checked the segment limit against its count: never send more parts than that.
    const routes = serving.filter((r) => {
      const fits =
        approvedSegments <= 0 ||
        segmentsOn(sms, byName.get(r.name) as Connector) <= approvedSegments;
      if (!fits) metrics.segmentRefusals.inc({ connector: r.name });
      return fits;
    });
    if (routes.length === 0)
      return event(sms, '', 'FAILED', [
        {
          code: 'TOO_LONG',
          message: `every connector for this destination splits it into more than the ${approvedSegments} approved segments`,
        },
      ]);
    const attempts: Attempts = { partition, claimed: false, takenParts: [] };
    for (const route of routes) {
      const c = byName.get(route.name) as Connector;
      if (!c.breaker.admits) continue;
      const result = await tryConnector(sms, c, priority, attempts);
      if (result) return result;
      if (attempts.takenParts.length > 0) {
        // Some parts reached this carrier: the rest cannot go elsewhere (a garbled message twice).
        const failed = event(sms, c.config.name, 'FAILED', [
          {
            code: 'PARTIAL_SUBMIT',
            message: `${attempts.takenParts.length} parts taken, the rest refused`,
          },
        ]);
        await record(failed, []);
        return failed;
      }
    }
    // Nothing was written (no claim): past its validity the message ends here instead of being
    // held again. A replay of this batch (aborted later) decides again with a later clock.
    if (!attempts.claimed && deps.clock.nowMs() - sms.acceptedAtMs > deps.validityMs) {
      metrics.expired.inc();
      return event(sms, '', 'EXPIRED', [
        {
          code: 'VALIDITY_EXPIRED',
          message: 'no connector for its destination was open within its validity; never sent',
        },
      ]);
    }
    metrics.noRoute.inc();
    throw new NoRouteError();
  }

  return async ({ sms, priority, approvedSegments = 0, partition }) => {
    try {
      return await dispatch(sms, priority, approvedSegments, partition);
    } catch (err) {
      if (!(err instanceof AlreadyAttempted)) throw err;
      if (err.entry.state === 'done') {
        metrics.replayed.inc({ connector: err.entry.event.connector });
        return err.entry.event;
      }
      const unknown = event(sms, err.connector, 'UNKNOWN', [
        {
          code: 'IN_DOUBT',
          message: 'an earlier attempt may have reached the carrier; not resent',
        },
      ]);
      // The earlier attempt's owner may record its answer first (a frozen instance resuming):
      // then that outcome stands and is the one emitted.
      const settled = await recordOne({ event: unknown, owner: deps.owner, settles: 'in-doubt' });
      if (settled.stood?.state === 'done') {
        metrics.replayed.inc({ connector: settled.stood.event.connector });
        return settled.stood.event;
      }
      metrics.inDoubt.inc({ connector: err.connector });
      return unknown;
    }
  };
}
