import type { EmergencyAuditEntry, OptOutAuditEntry } from '@smsgw/redis';

/** Nearest-rank percentiles of durations in milliseconds. */
export interface DurationStats {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return {
    count: sorted.length,
    p50Ms: rank(0.5),
    p99Ms: rank(0.99),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}

/** The inputs of one tenant's report, read from the audit and the status projection. */
export interface ReportInputs {
  tenantId: string;
  fromMs: number;
  toMs: number;
  optOuts: readonly OptOutAuditEntry[];
  /** When each opt-out's confirmation reached the SMSC, in the order of `optOuts`. */
  confirmedAtMs: readonly (number | undefined)[];
  emergencies: readonly EmergencyAuditEntry[];
  refusedOptedOut: number;
  truncated: boolean;
}

/** The compliance report (smsgw.v1.ComplianceReport) of one tenant and period. */
export function buildReport(input: ReportInputs) {
  const effective = input.optOuts.flatMap((o, i) => (o.repeat ? [] : [i]));
  const confirmations = effective.flatMap((i) => {
    const at = input.confirmedAtMs[i];
    const o = input.optOuts[i] as OptOutAuditEntry;
    return at === undefined ? [] : [Math.max(0, at - o.receivedAtMs)];
  });
  return {
    tenantId: input.tenantId,
    fromMs: input.fromMs,
    toMs: input.toMs,
    optOutRequests: input.optOuts.length,
    repeatedRequests: input.optOuts.length - effective.length,
    confirmation: durationStats(confirmations),
    unconfirmedOptOuts: effective.length - confirmations.length,
    timeToEffect: durationStats(
      effective.map((i) => {
        const o = input.optOuts[i] as OptOutAuditEntry;
        return Math.max(0, o.effectiveAtMs - o.receivedAtMs);
      }),
    ),
    refusedOptedOut: input.refusedOptedOut,
    optOuts: input.optOuts.map((o, i) => ({
      inboundId: o.inboundId,
      receivedAtMs: o.receivedAtMs,
      effectiveAtMs: o.effectiveAtMs,
      how: o.how,
      repeat: o.repeat,
      confirmationMessageId: o.confirmationMessageId,
      confirmationSubmittedAtMs: input.confirmedAtMs[i] ?? 0,
    })),
    emergencySends: input.emergencies.map((e) => ({
      messageId: e.messageId,
      reason: e.reason,
      approvedAtMs: e.atMs,
    })),
    truncated: input.truncated,
  };
}
