import { describe, expect, it } from 'vitest';
import { buildReport, durationStats } from './build-report.js';

describe('compliance report', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(durationStats(values)).toEqual({ count: 100, p50Ms: 50, p99Ms: 99, maxMs: 100 });
    expect(durationStats([])).toEqual({ count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it('measures confirmation and effect from the MO, and counts what is unconfirmed', () => {
    const optOut = (n: number) => ({
      inboundId: `mo-${n}`,
      receivedAtMs: 1000 * n,
      effectiveAtMs: 1000 * n + 20,
      how: 'keyword',
      repeat: false,
      confirmationTenantId: 'acme',
      confirmationMessageId: `reply-${n}`,
    });
    const report = buildReport({
      tenantId: 'acme',
      fromMs: 0,
      toMs: 10_000,
      optOuts: [optOut(1), optOut(2), optOut(3), { ...optOut(4), repeat: true }],
      confirmedAtMs: [1300, 2900, undefined, undefined],
      emergencies: [{ messageId: 'e1', reason: 'flood warning', atMs: 500 }],
      refusedOptedOut: 4,
      truncated: false,
    });
    expect(report.optOutRequests).toBe(4);
    expect(report.repeatedRequests).toBe(1);
    expect(report.confirmation).toEqual({ count: 2, p50Ms: 300, p99Ms: 900, maxMs: 900 });
    expect(report.unconfirmedOptOuts).toBe(1);
    expect(report.timeToEffect).toEqual({ count: 3, p50Ms: 20, p99Ms: 20, maxMs: 20 });
    expect(report.optOuts[2]?.confirmationSubmittedAtMs).toBe(0);
    expect(report.emergencySends).toEqual([
      { messageId: 'e1', reason: 'flood warning', approvedAtMs: 500 },
    ]);
  });
});
