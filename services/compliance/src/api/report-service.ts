import { GatewayError, type Clock } from '@smsgw/core';
import { authorize, unary, type Authenticator, type UnaryHooks } from '@smsgw/grpc';
import type { ComplianceServiceHandlers } from '@smsgw/proto';
import type { OptOutAuditEntry } from '@smsgw/redis';
import type { ComplianceAudit, ReplySubmittedAt } from '../report/audit-port.js';
import { buildReport } from '../report/build-report.js';

const DEFAULT_PERIOD_MS = 30 * 86_400_000;
const DEFAULT_ENTRIES = 1000;
const MAX_ENTRIES = 10_000;
/** The audit's longest retention (SMSGW_COMPLIANCE_AUDIT_RETENTION_DAYS at most 10 years). */
const MAX_PERIOD_MS = 3660 * 86_400_000;

const invalid = (field: string, message: string): GatewayError =>
  new GatewayError('INVALID_ARGUMENT', message, {
    reasons: [{ code: 'INVALID_REPORT_REQUEST', field, message }],
  });

/** smsgw.v1.ComplianceService.GetComplianceReport: the evidence of one tenant and period. */
export function createReportService(deps: {
  authenticator: Authenticator;
  audit: ComplianceAudit;
  replySubmittedAt: ReplySubmittedAt;
  clock: Clock;
  hooks: UnaryHooks;
}): Pick<ComplianceServiceHandlers, 'GetComplianceReport'> {
  return {
    GetComplianceReport: unary(
      'GetComplianceReport',
      async (call) => {
        const principal = authorize(call.metadata, deps.authenticator, 'consent:read');
        const tenantId = principal.tenant.id;
        const toMs = Number(call.request.toMs) || deps.clock.nowMs();
        const fromMs = Number(call.request.fromMs) || toMs - DEFAULT_PERIOD_MS;
        if (fromMs >= toMs) throw invalid('from_ms', 'from_ms must be before to_ms');
        // Bounded: the refusal counts are read a day at a time (the fuzzer's 1e15 ms period
        // used to loop for billions of days and freeze compliance).
        if (fromMs < 0 || toMs - fromMs > MAX_PERIOD_MS)
          throw invalid('from_ms', 'the period must start after 1970 and span at most 3,660 days');
        const limit = call.request.maxEntries || DEFAULT_ENTRIES;
        if (limit < 1 || limit > MAX_ENTRIES)
          throw invalid('max_entries', `max_entries must be 1..${MAX_ENTRIES}`);
        // One more than asked tells whether the period held more.
        const [optOuts, emergencies, refusedOptedOut] = await Promise.all([
          deps.audit.optOuts(tenantId, fromMs, toMs, limit + 1),
          deps.audit.emergencies(tenantId, fromMs, toMs, limit + 1),
          deps.audit.optedOutRefusals(tenantId, fromMs, toMs),
        ]);
        // A replayed MO can be recorded twice (taking effect, then as a repeat): keep the first.
        const listed = firstPerInbound(optOuts).slice(0, limit);
        const confirmedAtMs = await deps.replySubmittedAt(
          listed.map((o) => ({
            tenantId: o.confirmationTenantId,
            messageId: o.confirmationMessageId,
          })),
        );
        return buildReport({
          tenantId,
          fromMs,
          toMs,
          optOuts: listed,
          confirmedAtMs,
          emergencies: emergencies.slice(0, limit),
          refusedOptedOut,
          truncated: optOuts.length > limit || emergencies.length > limit,
        });
      },
      deps.hooks,
    ),
  };
}

function firstPerInbound(entries: readonly OptOutAuditEntry[]): OptOutAuditEntry[] {
  const byId = new Map<string, OptOutAuditEntry>();
  for (const e of entries) {
    const seen = byId.get(e.inboundId);
    if (!seen || (seen.repeat && !e.repeat)) byId.set(e.inboundId, e);
  }
  return [...byId.values()];
}
