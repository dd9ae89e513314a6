import {
  createRecipientHasher,
  systemClock,
  type Clock,
  type SmsMessage,
  type Tenant,
} from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import {
  createAdmission,
  createConsentStore,
  createDeferredQueue,
  createGate,
  createComplianceAudit,
  createMarkers,
  createOptOutReader,
  createRecipientAdopter,
  type Redis,
} from '@smsgw/redis';
import { createBloomRegistry } from './bloom-registry.js';
import type { ComplianceConfig } from './config.js';
import { sealedDeferredQueue } from './deferred-seal.js';
import { createEvaluator } from './evaluator.js';
import { hashKeyRing } from './hash-keys.js';
import { createHolidayCalendar } from './holidays.js';
import type { ComplianceMetrics } from './metrics.js';
import { createContentRules } from './rules/content.js';
import type { ComplianceAudit } from './report/audit-port.js';
import { createRecipientRefs } from './recipient-refs.js';
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
  const ring = hashKeyRing(config);
  const recipients = createRecipientRefs({
    hasher: createRecipientHasher(ring),
    adopt: createRecipientAdopter(redis),
    blooms,
    onAdopted: (count) => metrics.recipientsRekeyed.inc(count),
  });
  if (ring.length > 1)
    logger.info(
      { current: ring[0]?.id, retiring: ring.slice(1).map((k) => k.id) },
      'recipient hash keys rotating: records move to the current key when their number is seen',
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
    recipients,
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
    recipients,
    // Sealed with the current key, opened with any key of the ring (a held message outlives a
    // rotation: keep a retired key in the ring for a week after the rotation).
    deferred: sealedDeferredQueue(
      createDeferredQueue(redis),
      config.deferredKey === undefined ? ring.map((k) => k.secret) : [config.deferredKey],
    ),
  };
}

export type ComplianceCore = Awaited<ReturnType<typeof createComplianceCore>>;
