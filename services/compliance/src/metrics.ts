import {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS_SECONDS,
  type Registry,
} from '@smsgw/observability';

/** Compliance metrics (never per number or message). */
export function createComplianceMetrics(registry: Registry) {
  const bloomChecks = new Counter({
    name: 'smsgw_compliance_bloom_checks_total',
    help: 'Consent bloom filter answers: negative, true-positive, false-positive',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const counts = { negative: 0, truePositive: 0, falsePositive: 0 };
  return {
    decisions: new Counter({
      name: 'smsgw_compliance_decisions_total',
      help: 'Decisions by outcome and category',
      labelNames: ['decision', 'category'],
      registers: [registry],
    }),
    reasons: new Counter({
      name: 'smsgw_compliance_rejections_total',
      help: 'Rejection reasons',
      labelNames: ['reason'],
      registers: [registry],
    }),
    duplicateRecords: new Counter({
      name: 'smsgw_compliance_duplicate_records_total',
      help: 'Records for messages already decided (second releases)',
      registers: [registry],
    }),
    timeZoneFallbacks: new Counter({
      name: 'smsgw_compliance_time_zone_fallbacks_total',
      help: 'Quiet-hours checks of numbers whose zone came from the country code only (strictest zone of the country) or from nothing (refused)',
      labelNames: ['country', 'source'],
      registers: [registry],
    }),
    recipientsRekeyed: new Counter({
      name: 'smsgw_compliance_recipients_rekeyed_total',
      help: 'Recipients whose records moved from a retiring hash key to the current one',
      registers: [registry],
    }),
    released: new Counter({
      name: 'smsgw_compliance_deferred_released_total',
      help: 'Deferred messages released when their window opened',
      registers: [registry],
    }),
    inbound: new Counter({
      name: 'smsgw_compliance_inbound_total',
      help: 'Inbound messages by intent',
      labelNames: ['intent'],
      registers: [registry],
    }),
    replyLatency: new Histogram({
      name: 'smsgw_compliance_mo_reply_seconds',
      help: 'Time from MO receipt to the automatic reply being approved',
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    deferredDepth: new Gauge({
      name: 'smsgw_compliance_deferred_messages',
      help: 'Messages held for quiet hours (or claimed for release and not yet acknowledged)',
      registers: [registry],
    }),
    deferredOverdue: new Gauge({
      name: 'smsgw_compliance_deferred_overdue_seconds',
      help: 'How long the earliest deferred message has been due and not released; 0 when nothing is due',
      registers: [registry],
    }),
    bloom(outcome: 'negative' | 'true-positive' | 'false-positive') {
      bloomChecks.inc({ outcome });
      if (outcome === 'negative') counts.negative++;
      else if (outcome === 'true-positive') counts.truePositive++;
      else counts.falsePositive++;
    },
    bloomFalsePositiveRate: new Gauge({
      name: 'smsgw_compliance_bloom_false_positive_ratio',
      help: 'Observed consent bloom false-positive rate: false positives / checks of recipients without consent',
      registers: [registry],
      collect() {
        const withoutConsent = counts.negative + counts.falsePositive;
        this.set(withoutConsent === 0 ? 0 : counts.falsePositive / withoutConsent);
      },
    }),
  };
}

export type ComplianceMetrics = ReturnType<typeof createComplianceMetrics>;
