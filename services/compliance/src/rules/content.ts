import {
  classifySender,
  countSegments,
  encodingFor,
  type LongMessageMethod,
  type PreferredAlphabet,
  type Reason,
  type SegmentInfo,
  type SmsMessage,
  type Tenant,
} from '@smsgw/core';
import { accessibilityFindings } from './accessibility.js';
import { findLinks, isShortener } from './links.js';
import { createOffensiveMatcher, type OffensiveMatcher } from './offensive.js';
import { hasOptOutInstruction, optOutFooter, recipientLanguage } from './opt-out-instruction.js';
import { transliterateToGsm } from './transliterate.js';

/** What the content rules decide for one message. */
export interface ContentResult {
  /** The body as it will be sent (prefixed, footer appended, transliterated). */
  body: string;
  segments: SegmentInfo;
  rejections: Reason[];
  advisories: Reason[];
}

const reason = (code: string, message: string): Reason => ({ code, message });
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The number a recipient can reply STOP to: the sender when it is a number, else the tenant's first. */
function replyNumber(sms: SmsMessage, tenant: Tenant): string {
  if (classifySender(sms.from) !== 'alphanumeric') return sms.from;
  return [...tenant.senders].find((s) => classifySender(s) !== 'alphanumeric') ?? sms.from;
}

function rewrite(sms: SmsMessage, tenant: Tenant, language: string, rejections: Reason[]): string {
  const { policy } = tenant;
  let body = policy.transliterate ? transliterateToGsm(sms.body) : sms.body;
  if (!new RegExp(`(?<![\\p{L}\\d])${escape(policy.brandName)}(?![\\p{L}\\d])`, 'iu').test(body)) {
    if (policy.identification === 'prefix') body = `${policy.brandName}: ${body}`;
    else
      rejections.push(
        reason('MISSING_IDENTIFICATION', `the message must name the sender (${policy.brandName})`),
      );
  }
  const needsOptOut =
    sms.category === 'MARKETING' ||
    (sms.category === 'TRANSACTIONAL' && policy.optOutOnTransactional);
  if (needsOptOut && !hasOptOutInstruction(body, language)) {
    if (policy.optOutInstruction === 'append') {
      body = `${body.trimEnd()}${/[.!?]$/.test(body.trimEnd()) ? '' : '.'} ${optOutFooter(language, replyNumber(sms, tenant))}`;
    } else
      rejections.push(
        reason(
          'MISSING_OPT_OUT_INSTRUCTION',
          'marketing messages must say how to opt out (e.g. "Reply STOP to opt out")',
        ),
      );
  }
  return body;
}

/** How content rules count segments (the connectors' alphabet and long-message method). */
export interface ContentRulesOptions {
  cacheSize?: number;
  /** Characters of keys and rewritten bodies the cache may hold (long bodies fill it sooner). */
  cacheChars?: number;
  alphabet?: PreferredAlphabet;
  longMessage?: LongMessageMethod;
}

/**
 * The content rules of COMPLIANCE.md, evaluated after every rewrite: identification, opt-out
 * instruction, length in segments, links and shorteners, offensive content, sender
 * registration, emergency justification and accessibility. Pure; results are cached per
 * identical input because campaigns send the same body to many recipients.
 */
export function createContentRules(options: ContentRulesOptions = {}) {
  const { cacheSize = 10_000, cacheChars = 8_000_000 } = options;
  const { alphabet = 'gsm7', longMessage = 'udh8' } = options;
  let cachedChars = 0;
  const weight = (key: string, result: ContentResult): number => key.length + result.body.length;
  const matchers = new Map<string, OffensiveMatcher>();
  const cache = new Map<string, ContentResult>();

  function evaluate(sms: SmsMessage, tenant: Tenant, country: string | undefined): ContentResult {
    const { policy } = tenant;
    const language = recipientLanguage(country, policy.defaultLanguage);
    const rejections: Reason[] = [];
    const body = rewrite(sms, tenant, language, rejections);
    const segments = countSegments(body, encodingFor(body, alphabet), longMessage);
    const limit = policy.segmentLimit[sms.category];
    if (segments.segments > limit)
      rejections.push(
        reason(
          'TOO_LONG',
          `${segments.segments} segments (${segments.encoding}); at most ${limit}`,
        ),
      );
    const links = findLinks(body);
    if (links.length > policy.maxLinks)
      rejections.push(
        reason('TOO_MANY_LINKS', `${links.length} links; at most ${policy.maxLinks}`),
      );
    if (links.some(isShortener))
      rejections.push(
        reason(
          'URL_SHORTENER',
          'public URL shorteners hide the destination and are filtered by carriers',
        ),
      );
    let matcher = matchers.get(tenant.id);
    if (!matcher) {
      matcher = createOffensiveMatcher(policy.blockedWords, policy.allowedWords);
      matchers.set(tenant.id, matcher);
    }
    if (matcher(body, [language]))
      rejections.push(
        reason('OFFENSIVE_CONTENT', 'offensive, discriminatory or harassing language'),
      );
    if (!tenant.senders.has(sms.from))
      rejections.push(reason('SENDER_NOT_REGISTERED', 'sender is not registered to this tenant'));
    if (sms.category === 'EMERGENCY' && sms.emergencyReason.trim() === '') {
      rejections.push(
        reason('EMERGENCY_NOT_AUTHORIZED', 'emergency messages need a stated reason'),
      );
    }
    const findings = accessibilityFindings(body, policy.brandName);
    if (policy.accessibilityBlocks) rejections.push(...findings);
    return { body, segments, rejections, advisories: policy.accessibilityBlocks ? [] : findings };
  }

  return (sms: SmsMessage, tenant: Tenant, country: string | undefined): ContentResult => {
    const key = `${tenant.id}\u0000${sms.category}\u0000${sms.from}\u0000${country ?? ''}\u0000${sms.emergencyReason ? 1 : 0}\u0000${sms.body}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const result = evaluate(sms, tenant, country);
    // Oldest first, until both the entry count and the character budget have room.
    const size = weight(key, result);
    for (const [oldest, old] of cache) {
      if (cache.size < cacheSize && cachedChars + size <= cacheChars) break;
      cache.delete(oldest);
      cachedChars -= weight(oldest, old);
    }
    if (size <= cacheChars) {
      cache.set(key, result);
      cachedChars += size;
    }
    return result;
  };
}

export type ContentRules = ReturnType<typeof createContentRules>;
