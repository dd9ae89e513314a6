import { createHash } from 'node:crypto';
import { parseE164, type Clock, type Reason, type SmsMessage, type Tenant } from '@smsgw/core';
import type {
  Admission,
  AdmissionRequest,
  AdmissionResult,
  ConsentPurpose,
  Gate,
  GateResult,
  OptOutReader,
} from '@smsgw/redis';
import type { BloomRegistry } from './bloom-registry.js';
import type { RecipientRefs } from './recipient-refs.js';
import type { ContentRules } from './rules/content.js';
import { sendingWindowFor, tenantWindowFor } from './rules/country-packs.js';
import { checkQuietHours, type HolidayCalendar } from './rules/quiet-hours.js';
import type { TimeZoneLookup } from './time-zones.js';

/** The evaluator's verdict on one message. */
export interface Evaluation {
  decision: 'APPROVE' | 'REJECT' | 'DEFER';
  /** The message as it will be sent (rewritten body). */
  sms: SmsMessage;
  reasons: Reason[];
  advisories: Reason[];
  segments: number;
  encoding: string;
  releaseAtMs: number;
  priority: number;
  /** The recipient's keyed hash (a deferred message is listed under it, for erasure). */
  recipientHash?: string;
}

/** Dependencies of {@link createEvaluator}. */
export interface EvaluatorDeps {
  tenants: ReadonlyMap<string, Tenant>;
  content: ContentRules;
  blooms: BloomRegistry;
  /** Consent, opt-out, caps and duplicates in one call per message. */
  gate: Gate;
  /** The tenant-wide emergency rate limit. */
  admission: Admission;
  /** Opt-outs of recipients the bloom filter refused (they skip the gate). */
  optOuts: OptOutReader;
  timeZones: TimeZoneLookup;
  holidays: HolidayCalendar;
  clock: Clock;
  /** Keyed hashes of recipients (records under a retiring key are moved before any check). */
  recipients: RecipientRefs;
  onBloom?: (outcome: 'negative' | 'true-positive' | 'false-positive') => void;
  /** A number whose zone came from its country code only, or from nothing (fails closed). */
  onTimeZoneFallback?: (country: string, source: 'country' | 'unknown') => void;
}

interface Work {
  sms: SmsMessage;
  tenant: Tenant;
  h: string;
  /** The recipient parsed as a valid number (its country may still be unknown: +800). */
  validNumber: boolean;
  country: string | undefined;
  body: string;
  segments: number;
  encoding: string;
  reasons: Reason[];
  advisories: Reason[];
  purpose: ConsentPurpose | undefined;
  bloomNegative: boolean;
  releaseAtMs: number;
  /** QUIET_HOURS for a message held (not refused) until `releaseAtMs`. */
  deferral: Reason | undefined;
}

const reason = (code: string, message: string, retryAfterMs?: number): Reason =>
  retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs };

const OPTED_OUT = reason('OPTED_OUT', 'the recipient opted out of messages from this sender');
const FORGOTTEN = reason(
  'RECIPIENT_FORGOTTEN',
  "the recipient's records were erased after this message was accepted",
);
const honoursOptOut = (w: Work): boolean =>
  w.sms.category !== 'EMERGENCY' || w.tenant.policy.emergency.honourOptOut;

/** The purpose whose consent a message needs, if any (marketing always needs marketing consent). */
function purposeFor(sms: SmsMessage, tenant: Tenant): ConsentPurpose | undefined {
  if (sms.category === 'MARKETING') return 'MARKETING';
  if (sms.category === 'TRANSACTIONAL' && tenant.policy.consentRequired.TRANSACTIONAL)
    return 'TRANSACTIONAL';
  return undefined;
}

/**
 * Runs every rule of COMPLIANCE.md on a batch: pure content rules and quiet hours, the consent
 * bloom filter (a "no" never touches the exact store), then consent, opt-out, caps and
 * duplicates in one atomic Lua call per message. Two pipelined round trips per batch (three
 * with emergencies, one more while a hash key is being retired). `dryRun` records nothing
 * (ComplianceService.Evaluate); `atMs` decides as if at that time.
 */
export function createEvaluator(deps: EvaluatorDeps) {
  function prepare(sms: SmsMessage): Work | Evaluation {
    const tenant = deps.tenants.get(sms.tenantId);
    if (!tenant)
      return final(sms, 'REJECT', [
        reason('UNKNOWN_TENANT', 'the message belongs to no configured tenant'),
      ]);
    const phone = parseE164(sms.to);
    const content = deps.content(sms, tenant, phone?.country);
    const reasons = [...content.rejections];
    if (!phone) reasons.push(reason('INVALID_NUMBER', 'recipient is not a valid E.164 number'));
    return {
      sms,
      tenant,
      h: '',
      validNumber: phone !== undefined,
      country: phone?.country,
      body: content.body,
      segments: content.segments.segments,
      encoding: content.segments.encoding,
      reasons,
      advisories: content.advisories,
      purpose: purposeFor(sms, tenant),
      bloomNegative: false,
      releaseAtMs: 0,
      deferral: undefined,
    };
  }

  async function checkBloom(work: Work[]): Promise<void> {
    const needing = work.filter((w) => w.purpose !== undefined);
    const maybe = await deps.blooms.mightContain(
      needing.map((w) => ({ tenantId: w.tenant.id, purpose: w.purpose as ConsentPurpose, h: w.h })),
    );
    needing.forEach((w, i) => {
      if (maybe[i] === false) {
        w.bloomNegative = true;
        deps.onBloom?.('negative');
        w.reasons.push(
          reason('CONSENT_MISSING', `no ${w.purpose?.toLowerCase()} consent from this recipient`),
        );
      }
    });
  }

  function checkQuiet(w: Work, nowMs: number): void {
    const { policy } = w.tenant;
    if (w.sms.category === 'EMERGENCY' || !policy.quietHoursCategories.includes(w.sms.category))
      return;
    const country = w.country ?? '';
    const windows = [sendingWindowFor(w.sms.to, country).window];
    const own = tenantWindowFor(policy.sendingWindows, country);
    if (own) windows.push(own);
    const { zones, source } = deps.timeZones(w.sms.to);
    if (source !== 'number') deps.onTimeZoneFallback?.(country, source);
    const verdict = checkQuietHours(windows, zones, nowMs, deps.holidays);
    if (!verdict.open && verdict.releaseAtMs === undefined) {
      // No hour is allowed in every zone the number may be in: never fail open.
      w.reasons.push(
        reason('QUIET_HOURS', 'no allowed hour is common to every time zone of this number'),
      );
      return;
    }
    if (verdict.open) return;
    const quiet = reason(
      'QUIET_HOURS',
      policy.quietHours === 'reject'
        ? "outside the allowed hours in the recipient's time zone"
        : 'held until the quiet hours end',
      verdict.releaseAtMs - nowMs,
    );
    if (policy.quietHours === 'reject') w.reasons.push(quiet);
    else {
      w.releaseAtMs = verdict.releaseAtMs;
      w.deferral = quiet;
    }
  }

  function admissionRequest(w: Work): AdmissionRequest {
    const { policy } = w.tenant;
    const emergency = w.sms.category === 'EMERGENCY';
    const windows = emergency
      ? [{ windowMs: 1000, max: policy.emergency.maxPerSecond }]
      : policy.caps[w.sms.category].map((c) => ({ windowMs: c.windowSeconds * 1000, max: c.max }));
    return {
      tenantId: w.tenant.id,
      h: w.h,
      category: w.sms.category,
      messageId: w.sms.messageId,
      bodyHash: createHash('sha256').update(w.body).digest('hex').slice(0, 16),
      windows,
      duplicateWindowMs: emergency ? 0 : policy.duplicateWindowSeconds * 1000,
    };
  }

  function applyAdmission(w: Work, r: AdmissionResult | undefined): void {
    if (r?.verdict === 'CAPPED') {
      const emergency = w.sms.category === 'EMERGENCY';
      w.reasons.push(
        reason(
          emergency ? 'EMERGENCY_RATE_LIMITED' : 'FREQUENCY_CAP',
          emergency
            ? 'emergency rate limit reached'
            : `frequency cap reached (window ${r.windowIndex})`,
          r.retryAfterMs,
        ),
      );
    } else if (r?.verdict === 'DUPLICATE') {
      w.reasons.push(
        reason(
          'DUPLICATE_CONTENT',
          'the same message was sent to this recipient moments ago',
          r.retryAfterMs,
        ),
      );
    }
  }

  /**
   * One Lua call per message reads opt-out and consent and, for a message that passed every
   * other rule, counts it against its caps and the duplicate window (caps only ever count
   * messages that are otherwise approved). Emergencies use the tenant-wide rate limit instead.
   */
  async function gateAll(work: Work[], nowMs: number, dryRun: boolean): Promise<void> {
    const checked = work.filter((w) => !w.bloomNegative);
    // A bloom "no" skips the gate, not the opt-out: OPTED_OUT is always reported.
    const refused = work.filter((w) => w.bloomNegative);
    const [results, optedOut] = await Promise.all([
      deps.gate(
        checked.map((w) => ({
          ...admissionRequest(w),
          purpose: w.purpose ?? '',
          candidate:
            w.reasons.length === 0 && w.releaseAtMs === 0 && w.sms.category !== 'EMERGENCY',
          honourOptOut: honoursOptOut(w),
          acceptedAtMs: w.sms.acceptedAtMs,
        })),
        nowMs,
        dryRun,
      ),
      deps.optOuts(refused.map((w) => ({ tenantId: w.tenant.id, h: w.h }))),
    ]);
    refused.forEach((w, i) => {
      if (optedOut[i] && honoursOptOut(w)) w.reasons.unshift(OPTED_OUT);
    });
    checked.forEach((w, i) => {
      const r = results[i] as GateResult;
      if (r.optedOut && honoursOptOut(w)) w.reasons.unshift(OPTED_OUT);
      if (r.forgotten) w.reasons.push(FORGOTTEN);
      if (w.purpose) {
        deps.onBloom?.(r.granted ? 'true-positive' : 'false-positive');
        if (!r.granted)
          w.reasons.push(
            reason('CONSENT_MISSING', `no ${w.purpose.toLowerCase()} consent from this recipient`),
          );
      }
      applyAdmission(w, r.admission);
    });
    const emergencies = work.filter(
      (w) => w.sms.category === 'EMERGENCY' && w.reasons.length === 0,
    );
    const admitted = await deps.admission.admit(emergencies.map(admissionRequest), nowMs, dryRun);
    emergencies.forEach((w, i) => applyAdmission(w, admitted[i]));
  }

  return async (
    messages: readonly SmsMessage[],
    options: { dryRun: boolean; atMs?: number },
  ): Promise<Evaluation[]> => {
    const nowMs = options.atMs ?? deps.clock.nowMs();
    const prepared = messages.map(prepare);
    const work = prepared.filter((p): p is Work => 'h' in p);
    const refs = await deps.recipients.resolve(
      work.map((w) => ({ tenantId: w.tenant.id, e164: w.sms.to })),
    );
    work.forEach((w, i) => (w.h = refs[i]?.h ?? ''));
    for (const w of work) if (w.validNumber) checkQuiet(w, nowMs);
    await checkBloom(work);
    await gateAll(work, nowMs, options.dryRun);
    return prepared.map((p) => ('h' in p ? conclude(p) : p));
  };
}

function conclude(w: Work): Evaluation {
  const decision = w.reasons.length > 0 ? 'REJECT' : w.releaseAtMs > 0 ? 'DEFER' : 'APPROVE';
  return {
    decision,
    sms: { ...w.sms, body: w.body },
    // Every reason that applies, the quiet hours of a deferral included (Evaluate shows it).
    reasons: w.deferral ? [...w.reasons, w.deferral] : w.reasons,
    advisories: w.advisories,
    segments: w.segments,
    encoding: w.encoding,
    releaseAtMs: w.releaseAtMs,
    priority: w.sms.category === 'EMERGENCY' ? 3 : 0,
    recipientHash: w.h,
  };
}

function final(sms: SmsMessage, decision: Evaluation['decision'], reasons: Reason[]): Evaluation {
  return {
    decision,
    sms,
    reasons,
    advisories: [],
    segments: 0,
    encoding: '',
    releaseAtMs: 0,
    priority: 0,
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;
