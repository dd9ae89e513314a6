import type { EmergencyAuditEntry, OptOutAuditEntry, StatusReader } from '@smsgw/redis';

/**
 * What compliance records for auditors and reads back for the report (the Redis adapter is
 * `createComplianceAudit`). Numbers and bodies are never part of it.
 */
export interface ComplianceAudit {
  recordOptOut(tenantId: string, entry: OptOutAuditEntry, nowMs: number): Promise<void>;
  recordEmergency(tenantId: string, entry: EmergencyAuditEntry, nowMs: number): Promise<void>;
  countOptedOutRefusals(refusals: readonly { tenantId: string; atMs: number }[]): Promise<void>;
  optOuts(
    tenantId: string,
    fromMs: number,
    toMs: number,
    limit: number,
  ): Promise<OptOutAuditEntry[]>;
  emergencies(
    tenantId: string,
    fromMs: number,
    toMs: number,
    limit: number,
  ): Promise<EmergencyAuditEntry[]>;
  optedOutRefusals(tenantId: string, fromMs: number, toMs: number): Promise<number>;
}

/** When an automatic reply reached the SMSC (its SUBMITTED event), if it did. */
export type ReplySubmittedAt = (
  replies: readonly { tenantId: string; messageId: string }[],
) => Promise<(number | undefined)[]>;

/**
 * Reply submit times from the status projection (ingress writes it; reading it here is the one
 * cross-service read of compliance, to be put behind ingress's API with the ports redesign).
 */
export function replySubmittedAtFrom(status: StatusReader): ReplySubmittedAt {
  return (replies) =>
    Promise.all(
      replies.map(async ({ tenantId, messageId }) => {
        if (messageId === '') return undefined;
        const history = await status.history(tenantId, messageId);
        return history.find((e) => e.state === 'SUBMITTED')?.atMs;
      }),
    );
}
