import { systemClock, type Clock, type SmsMessage, type Tenant } from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import {
  createAdmission,
  createConsentStore,
  createDeferredQueue,
  createGate,
  createComplianceAudit,
  createMarkers,
  createOptOutReader,
  type Redis,
} from '@smsgw/redis';
import { createBloomRegistry } from './bloom-registry.js';
import type { ComplianceConfig } from './config.js';
import { sealedDeferredQueue } from './deferred-seal.js';
import { createEvaluator } from './evaluator.js';
import { createHolidayCalendar } from './holidays.js';
import type { ComplianceMetrics } from './metrics.js';
import { createContentRules } from './rules/content.js';
import type { ComplianceAudit } from './report/audit-port.js';
import { loadTimeZoneLookup } from './time-zones.js';

/** How long the audit keeps opt-outs and emergency sends: four years (the TCPA's limitation period). */
const DEFAULT_AUDIT_RETENTION_DAYS = 1461;

/** How long replay/duplicate markers live: longer than any replay or deferral. */
export const MARKER_TTL_MS = 8 * 86_400_000;

/** The evaluator and the stores it uses, built from config (shared by the stages and the API). */
export async function createComplianceCore(
  config: ComplianceConfig,
  tenants: readonly Tenant[],
  redis: Redis,
  metrics: ComplianceMetrics,
  logger: Logger,
  clock: Clock = systemClock,
) {
  const consent = createConsentStore(redis);
  const blooms = await createBloomRegistry(
    redis,
    consent,
    tenants.map((t) => t.id),
    config.bloomExpectedItems,
    config.bloomFalsePositiveRate,
    logger,
  );
  const evaluate = createEvaluator({
    tenants: new Map(tenants.map((t) => [t.id, t])),
    content: createContentRules({ alphabet: config.alphabet, longMessage: config.longMessage }),
    blooms,
    gate: createGate(redis),
    admission: createAdmission(redis),
    optOuts: createOptOutReader(redis),
    timeZones: loadTimeZoneLookup(),
    holidays: createHolidayCalendar(),
    clock,
    hashSalt: config.hashSalt,
    onBloom: (outcome) => metrics.bloom(outcome),
    onTimeZoneFallback: (country, source) =>
      metrics.timeZoneFallbacks.inc({ country: country || 'none', source }),
  });
  const retentionDays = config.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const auditStore: ComplianceAudit = createComplianceAudit(redis, retentionDays * 86_400_000);
  const audit = async (sms: SmsMessage): Promise<void> => {
    // Emergency sends are audited: who, why, when; never the number or the text.
    const atMs = clock.nowMs();
    await auditStore.recordEmergency(
      sms.tenantId,
      { messageId: sms.messageId, reason: sms.emergencyReason, atMs },
      atMs,
    );
    logger.warn(
      {
        audit: 'emergency',
        tenantId: sms.tenantId,
        messageId: sms.messageId,
        reason: sms.emergencyReason,
      },
      'emergency message approved',
    );
  };
  return {
    consent,
    blooms,
    evaluate,
    audit,
    auditStore,
    markers: createMarkers(redis, MARKER_TTL_MS),
    deferred: sealedDeferredQueue(
      createDeferredQueue(redis),
      config.deferredKey ?? config.hashSalt,
    ),
  };
}

export type ComplianceCore = Awaited<ReturnType<typeof createComplianceCore>>;
