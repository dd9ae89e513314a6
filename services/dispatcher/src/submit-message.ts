import { GatewayError, type Clock, type Reason, type SmsMessage, type StatusEvent } from '@smsgw/core';
import type { CarrierMap, DispatchLedger, LedgerEntry } from '@smsgw/redis';
import { SmppNoResponseError, buildSubmitSm, canonicalCarrierId, classifyCommandStatus, type SubmitResponse } from '@smsgw/smpp';
import type { BindManager } from './bind-manager.js';
import type { DispatcherMetrics } from './metrics.js';

/** What to do with a message an earlier attempt may have submitted (ARCHITECTURE.md). */
export type InDoubtPolicy = 'report' | 'resend';

/** Dependencies of {@link createMessageSubmitter}. */
export interface SubmitterDeps {
  connector: string;
  binds: BindManager;
  clock: Clock;
  metrics: DispatcherMetrics;
  retryableAttempts: number;
  /** Pause before retrying a throttled or queue-full submit. */
  retryDelayMs: number;
  ledger: DispatchLedger;
  /** This instance (host, pid, start time): the epoch written in in-flight markers. */
  owner: string;
  inDoubtPolicy: InDoubtPolicy;
  /** Remembers carrier id → message for receipts. */
  carriers: CarrierMap;
}

/** An approved message to submit. */
export interface ApprovedMessage {
  sms: SmsMessage;
  priority: number;
}

/** Thrown from beforeSend when the ledger shows an earlier attempt: nothing is sent. */
class AlreadyAttempted extends GatewayError {
  constructor(readonly entry: LedgerEntry) {
    super('ALREADY_EXISTS', 'an earlier attempt exists');
  }
}

const hex = (status: number): string => `0x${status.toString(16).padStart(8, '0')}`;

/**
 * Submits one message, never twice (ARCHITECTURE.md, Exactly-once): the in-flight marker is
 * claimed only once a window slot is taken, right before the write; the outcome is recorded as
 * soon as it is known. A marker left by an earlier attempt means: its recorded outcome is
 * re-emitted, or with no outcome the message is in doubt (UNKNOWN, or resent under `resend`).
 * A submit whose response never comes (timeout, connection lost after the write) is UNKNOWN too.
 */
export function createMessageSubmitter(deps: SubmitterDeps): (message: ApprovedMessage) => Promise<StatusEvent> {
  const { connector, metrics } = deps;
  const event = (sms: SmsMessage, state: StatusEvent['state'], reasons: Reason[], carrierMessageId = ''): StatusEvent => ({
    messageId: sms.messageId, tenantId: sms.tenantId, state, atMs: deps.clock.nowMs(), stage: 'dispatcher', reasons, carrierMessageId, connector,
  });

  async function claim(sms: SmsMessage): Promise<void> {
    const [result] = await deps.ledger.claim([sms.messageId], deps.owner, deps.clock.nowMs());
    if (result?.kind !== 'existing') return;
    if (result.entry.state === 'inflight' && deps.inDoubtPolicy === 'resend') {
      await deps.ledger.takeOver([sms.messageId], deps.owner, deps.clock.nowMs());
      return;
    }
    throw new AlreadyAttempted(result.entry);
  }

  /** The status an SMSC answer means, or undefined when the submit should be retried. */
  function outcomeOf(sms: SmsMessage, response: SubmitResponse, attemptNumber: number): StatusEvent | undefined {
    const kind = classifyCommandStatus(response.commandStatus);
    metrics.submits.inc({ connector, result: kind });
    if (kind === 'ok') return event(sms, 'SUBMITTED', [], response.messageId);
    // Retryable statuses mean the SMSC did not take the message: sending again is safe.
    if (kind !== 'permanent' && attemptNumber < deps.retryableAttempts) return undefined;
    return event(sms, 'FAILED', [{ code: 'SMPP_ERROR', message: `submit_sm_resp command_status ${hex(response.commandStatus)}` }]);
  }

  /** Records a final outcome (and the carrier id for receipts) in one auto-pipelined round trip. */
  async function record(sms: SmsMessage, outcome: StatusEvent): Promise<void> {
    await Promise.all([
      outcome.state === 'SUBMITTED' ? deps.carriers.remember(connector, canonicalCarrierId(outcome.carrierMessageId), sms.messageId, sms.tenantId) : undefined,
      deps.ledger.record([{ event: outcome, owner: deps.owner }]),
    ]);
  }

  async function attempt(sms: SmsMessage, fields: Record<string, unknown>): Promise<StatusEvent> {
    let claimed = false;
    for (let n = 1; ; n++) {
      const session = await deps.binds.session();
      const timer = metrics.submitLatency.startTimer({ connector });
      let outcome: StatusEvent | undefined;
      try {
        await session.submitSm(fields, {
          beforeSend: async () => {
            if (!claimed) await claim(sms);
            claimed = true;
          },
          afterResponse: async (response) => {
            timer();
            outcome = outcomeOf(sms, response, n);
            if (outcome) await record(sms, outcome);
          },
        });
        if (outcome) return outcome;
        await new Promise((r) => setTimeout(r, deps.retryDelayMs * n));
      } catch (err) {
        if (err instanceof AlreadyAttempted) throw err;
        if (err instanceof SmppNoResponseError && err.sent) {
          metrics.submits.inc({ connector, result: 'in-doubt' });
          metrics.inDoubt.inc({ connector });
          const code = err.code === 'DEADLINE_EXCEEDED' ? 'SUBMIT_RESPONSE_TIMEOUT' : 'SUBMIT_CONNECTION_LOST';
          const unknown = event(sms, 'UNKNOWN', [{ code, message: 'the SMSC may or may not have the message; not resent' }]);
          await record(sms, unknown);
          return unknown;
        }
        if (outcome) throw err; // the outcome was known but could not be recorded: the batch aborts
        // Not written (the bind went down first): safe to try again on the next bind.
      }
    }
  }

  return async ({ sms, priority }) => {
    const fields = buildSubmitSm({ from: sms.from, to: sms.to, body: sms.body, priority, requestReceipt: true });
    try {
      return await attempt(sms, fields);
    } catch (err) {
      if (!(err instanceof AlreadyAttempted)) throw err;
      if (err.entry.state === 'done') {
        metrics.replayed.inc({ connector });
        return err.entry.event;
      }
      metrics.inDoubt.inc({ connector });
      const unknown = event(sms, 'UNKNOWN', [{ code: 'IN_DOUBT', message: 'an earlier attempt may have reached the carrier; not resent' }]);
      await deps.ledger.record([{ event: unknown, owner: deps.owner }]);
      return unknown;
    }
  };
}
