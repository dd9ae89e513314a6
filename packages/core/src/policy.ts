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

/** A tenant's own window, local time `HH:MM`, days 0 = Sunday … 6 = Saturday. */
export interface TenantSendingWindow {
  start: string;
  end: string;
  days?: number[];
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
  /** Built-in offensive words this tenant allows (a pharmacy's medical terms, say). */
  allowedWords: string[];
  /** Stricter sending windows than the country packs, per ISO country (`*` for every country). */
  sendingWindows: Record<string, TenantSendingWindow>;
  /** How a recipient reaches a person: a phone number, web address or e-mail (HELP replies). */
  contact: string;
  /** The reply to HELP; it must carry a contact (checked when the tenants file is loaded). */
  helpText: string;
  /** Extra opt-out and help keywords on this tenant's numbers (any language). */
  optOutKeywords: string[];
  helpKeywords: string[];
  keywords: TenantKeyword[];
  /** Messages per second this tenant may submit at ingress (token bucket); 0: no quota. */
  sendRatePerSecond: number;
  /** Largest burst above the rate (at least the largest batch, or that batch is never taken). */
  sendBurst: number;
  emergency: { honourOptOut: boolean; maxPerSecond: number };
}

/** The defaults of COMPLIANCE.md for a tenant named `name`. */
export function defaultPolicy(name: string, contact = ''): TenantPolicy {
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
    allowedWords: [],
    sendingWindows: {},
    contact,
    helpText: defaultHelpText(name, contact),
    optOutKeywords: [],
    helpKeywords: [],
    keywords: [],
    sendRatePerSecond: 0,
    sendBurst: 10_000,
    emergency: { honourOptOut: true, maxPerSecond: 50 },
  };
}

/** The HELP reply of a tenant without its own text: the brand, the contact and how to opt out. */
export function defaultHelpText(brand: string, contact: string): string {
  return contact === ''
    ? `${brand}: reply STOP to opt out.`
    : `${brand}: for help contact ${contact}. Reply STOP to opt out.`;
}

/** A phone number (7+ digits), a web address or an e-mail address inside a text, if any. */
export function findContact(text: string): string | undefined {
  const patterns = [
    /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/,
    /\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?/i,
    /\+?\d[\d\s().-]{5,}\d/,
  ];
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && (p !== patterns[2] || m[0].replace(/\D/g, '').length >= 7)) return m[0];
  }
  return undefined;
}
