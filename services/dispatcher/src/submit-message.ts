import type { Clock, Reason, SmsMessage, StatusEvent } from '@smsgw/core';
import { SmppNoResponseError, buildSubmitSm, classifyCommandStatus } from '@smsgw/smpp';
import type { BindManager } from './bind-manager.js';
import type { DispatcherMetrics } from './metrics.js';

/** Dependencies of {@link createMessageSubmitter}. */
export interface SubmitterDeps {
  connector: string;
  binds: BindManager;
  clock: Clock;
  metrics: DispatcherMetrics;
  retryableAttempts: number;
  /** Pause before retrying a throttled or queue-full submit. */
  retryDelayMs: number;
}

/** An approved message to submit. */
export interface ApprovedMessage {
  sms: SmsMessage;
  priority: number;
}

const hex = (status: number): string => `0x${status.toString(16).padStart(8, '0')}`;

/**
 * Submits one message and returns the status event that records the outcome. Never resends a
 * submit whose outcome is unknown (timeout, connection lost after the write): that is UNKNOWN.
 */
export function createMessageSubmitter(deps: SubmitterDeps): (message: ApprovedMessage) => Promise<StatusEvent> {
  const { connector, metrics } = deps;
  const event = (sms: SmsMessage, state: StatusEvent['state'], reasons: Reason[], carrierMessageId = ''): StatusEvent => ({
    messageId: sms.messageId, tenantId: sms.tenantId, state, atMs: deps.clock.nowMs(), stage: 'dispatcher', reasons, carrierMessageId, connector,
  });

  return async ({ sms, priority }) => {
    const fields = buildSubmitSm({ from: sms.from, to: sms.to, body: sms.body, priority, requestReceipt: true });
    for (let attempt = 1; ; attempt++) {
      const session = await deps.binds.session();
      const timer = metrics.submitLatency.startTimer({ connector });
      metrics.windowUsed.set({ connector }, session.windowUsed + 1);
      try {
        const response = await session.submitSm(fields);
        timer();
        const kind = classifyCommandStatus(response.commandStatus);
        metrics.submits.inc({ connector, result: kind });
        if (kind === 'ok') return event(sms, 'SUBMITTED', [], response.messageId);
        const reason = { code: 'SMPP_ERROR', message: `submit_sm_resp command_status ${hex(response.commandStatus)}` };
        // Retryable statuses mean the SMSC did not take the message: sending again is safe.
        if (kind !== 'permanent' && attempt < deps.retryableAttempts) {
          await new Promise((r) => setTimeout(r, deps.retryDelayMs * attempt));
          continue;
        }
        return event(sms, 'FAILED', [reason]);
      } catch (err) {
        if (err instanceof SmppNoResponseError && err.sent) {
          metrics.submits.inc({ connector, result: 'in-doubt' });
          metrics.inDoubt.inc({ connector });
          const code = err.code === 'DEADLINE_EXCEEDED' ? 'SUBMIT_RESPONSE_TIMEOUT' : 'SUBMIT_CONNECTION_LOST';
          return event(sms, 'UNKNOWN', [{ code, message: 'the SMSC may or may not have the message; not resent' }]);
        }
        // Not written to the socket (bind went down first): safe to try again on the next bind.
      } finally {
        metrics.windowUsed.set({ connector }, session.windowUsed);
      }
    }
  };
}
