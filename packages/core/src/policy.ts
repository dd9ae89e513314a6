import type { Category } from './message.js';

/** One sliding window of a frequency cap: at most `max` messages per `windowSeconds`. */
export interface CapWindow {
  windowSeconds: number;
  max: number;
}

/** A tenant's keyword for opt-in on a shared short code or long number (`JOIN <keyword>`). */
export interface TenantKeyword {
  keyword: string;
  purpose: 'MARKETING' | 'TRANSACTIONAL';
}

/** How a tenant wants each code-of-conduct rule applied (COMPLIANCE.md). Safe defaults apply. */
export interface TenantPolicy {
  brandName: string;
  /** Language used when the recipient's country does not decide it (ISO 639-1). */
  defaultLanguage: string;
  /** `require`: reject a message that does not name the brand; `prefix`: prefix `Brand: `. */
  identification: 'require' | 'prefix';
  /** `require`: reject marketing without an opt-out instruction; `append`: append one. */
  optOutInstruction: 'require' | 'append';
  /** Also append the opt-out instruction to transactional messages. */
  optOutOnTransactional: boolean;
  /** Consent needed per category (marketing always needs marketing consent). */
  consentRequired: Record<Category, boolean>;
  caps: Record<Category, CapWindow[]>;
  /** `defer`: hold marketing until the window opens; `reject`: refuse it. */
  quietHours: 'defer' | 'reject';
  /** Categories held by quiet hours (emergency never is). */
  quietHoursCategories: Category[];
  segmentLimit: Record<Category, number>;
  maxLinks: number;
  /** Rewrite smart quotes, dashes and similar so a message stays in GSM-7. */
  transliterate: boolean;
  /** Extra words refused as offensive (any language), matched with obfuscation. */
  blockedWords: string[];
  /** Same recipient and body within this window is an accidental duplicate; 0 disables. */
  duplicateWindowSeconds: number;
  /** Accessibility findings reject instead of advising. */
  accessibilityBlocks: boolean;
  helpText: string;
  keywords: TenantKeyword[];
  emergency: { honourOptOut: boolean; maxPerSecond: number };
}

/** The defaults of COMPLIANCE.md for a tenant named `name`. */
export function defaultPolicy(name: string): TenantPolicy {
  return {
    brandName: name,
    defaultLanguage: 'en',
    identification: 'require',
    optOutInstruction: 'require',
    optOutOnTransactional: false,
    consentRequired: { TRANSACTIONAL: false, MARKETING: true, EMERGENCY: false },
    caps: {
      MARKETING: [
        { windowSeconds: 3600, max: 1 },
        { windowSeconds: 86_400, max: 3 },
        { windowSeconds: 604_800, max: 10 },
      ],
      TRANSACTIONAL: [],
      EMERGENCY: [],
    },
    quietHours: 'defer',
    quietHoursCategories: ['MARKETING'],
    segmentLimit: { TRANSACTIONAL: 3, MARKETING: 3, EMERGENCY: 3 },
    maxLinks: 1,
    transliterate: false,
    blockedWords: [],
    duplicateWindowSeconds: 300,
    accessibilityBlocks: false,
    helpText: `${name}: for help reply HELP or visit our website. Reply STOP to opt out.`,
    keywords: [],
    emergency: { honourOptOut: true, maxPerSecond: 50 },
  };
}
