import { GatewayError, type Clock, type Reason, type SmsMessage, type StatusEvent } from '@smsgw/core';
import type { CarrierMap, DispatchLedger, LedgerEntry } from '@smsgw/redis';
import { SmppNoResponseError, buildSubmitSm, canonicalCarrierId, classifyCommandStatus } from '@smsgw/smpp';
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

  async function attempt(sms: SmsMessage, fields: Record<string, unknown>): Promise<StatusEvent> {
    let claimed = false;
    const beforeSend = async (): Promise<void> => {
      if (!claimed) await claim(sms);
      claimed = true;
    };
    for (let n = 1; ; n++) {
      const session = await deps.binds.session();
      const timer = metrics.submitLatency.startTimer({ connector });
      try {
        const response = await session.submitSm(fields, beforeSend);
        timer();
        const kind = classifyCommandStatus(response.commandStatus);
        metrics.submits.inc({ connector, result: kind });
        if (kind === 'ok') return event(sms, 'SUBMITTED', [], response.messageId);
        // Retryable statuses mean the SMSC did not take the message: sending again is safe.
        if (kind !== 'permanent' && n < deps.retryableAttempts) {
          await new Promise((r) => setTimeout(r, deps.retryDelayMs * n));
          continue;
        }
        return event(sms, 'FAILED', [{ code: 'SMPP_ERROR', message: `submit_sm_resp command_status ${hex(response.commandStatus)}` }]);
      } catch (err) {
        if (err instanceof AlreadyAttempted) throw err;
        if (err instanceof SmppNoResponseError && err.sent) {
          metrics.submits.inc({ connector, result: 'in-doubt' });
          metrics.inDoubt.inc({ connector });
          const code = err.code === 'DEADLINE_EXCEEDED' ? 'SUBMIT_RESPONSE_TIMEOUT' : 'SUBMIT_CONNECTION_LOST';
          return event(sms, 'UNKNOWN', [{ code, message: 'the SMSC may or may not have the message; not resent' }]);
        }
        // Not written (the bind went down first): safe to try again on the next bind.
      }
    }
  }

  return async ({ sms, priority }) => {
    const fields = buildSubmitSm({ from: sms.from, to: sms.to, body: sms.body, priority, requestReceipt: true });
    try {
      const outcome = await attempt(sms, fields);
      if (outcome.state === 'SUBMITTED') await deps.carriers.remember(connector, canonicalCarrierId(outcome.carrierMessageId), sms.messageId, sms.tenantId);
      await deps.ledger.record([{ event: outcome, owner: deps.owner }]);
      return outcome;
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
