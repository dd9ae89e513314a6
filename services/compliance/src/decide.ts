import type { Clock, Reason, SmsMessage, StatusEvent } from '@smsgw/core';

/** The evaluator's verdict on one message. */
export type Decision =
  | { kind: 'APPROVE'; sms: SmsMessage; advisories: Reason[]; priority: number }
  | { kind: 'REJECT'; reasons: Reason[] };

/** SMPP priority_flag for a category: emergencies go first (COMPLIANCE.md, Emergency alerts). */
export function priorityFor(sms: SmsMessage): number {
  return sms.category === 'EMERGENCY' ? 3 : 0;
}

/**
 * The rules engine. For now it approves every message unchanged: the code-of-conduct rules
 * (consent, caps, quiet hours, content) replace this body in the compliance evaluator issue.
 */
export function decide(sms: SmsMessage): Decision {
  return { kind: 'APPROVE', sms, advisories: [], priority: priorityFor(sms) };
}

/** The status event that records a decision. */
export function decisionEvent(sms: SmsMessage, decision: Decision, clock: Clock): StatusEvent {
  return {
    messageId: sms.messageId,
    tenantId: sms.tenantId,
    state: decision.kind === 'APPROVE' ? 'APPROVED' : 'REJECTED',
    atMs: clock.nowMs(),
    stage: 'compliance',
    reasons: decision.kind === 'APPROVE' ? decision.advisories : decision.reasons,
    carrierMessageId: '',
    connector: '',
  };
}
