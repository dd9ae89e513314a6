/** What an inbound message asks for (COMPLIANCE.md, Keywords). */
export type InboundIntent =
  | { kind: 'OPT_OUT'; how: 'keyword' | 'intent' }
  | { kind: 'OPT_OUT_ALL' }
  | { kind: 'OPT_IN' }
  | { kind: 'CONFIRM' }
  | { kind: 'JOIN'; keyword: string }
  | { kind: 'HELP' }
  | { kind: 'OTHER' };

const OPT_OUT = new Set([
  'STOP',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
  'REMOVE',
  'ARRET',
  'ARRETE',
  'ARRETT',
  'TD',
]);
const OPT_OUT_ALL = new Set(['STOPALL', 'STOP ALL']);
const OPT_IN = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

/** Case-insensitive, trimmed, punctuation and accents ignored: `  Stop! ` and `ARRÊT` match. */
export function normalizeKeyword(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Replies a reasonable person reads as "stop texting me". Single words are not enough
// ("can I stop by tomorrow?" is not an opt-out), so each pattern needs the messaging sense.
const MESSAGING = String.raw`(?:text|txt|messag|msg|sms|contact|send|spam|bother|call)\w*`;
const INTENT_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:stop|quit|cease|end)\s+(?:\w+\s+){0,2}${MESSAGING}`, 'i'),
  new RegExp(
    String.raw`\b(?:don'?t|do not|dont|never again)\s+(?:\w+\s+){0,2}${MESSAGING}\s+(?:me|us|this number|anymore|any more|again)\b`,
    'i',
  ),
  new RegExp(String.raw`\bno more\s+(?:\w+\s+){0,1}${MESSAGING}`, 'i'),
  /\b(?:unsubscribe|opt\s*(?:me\s*)?out|remove me|take me off|leave me alone|wrong number|lose my number|delete my (?:number|details)|not interested,? stop)\b/i,
  /\b(?:arr[eê]t(?:ez|er)?|cessez)\s+(?:\S+\s+){0,3}\S*?(?:sms|messages?|envo\w*|[ée]cri\w*)/i,
  /\b(?:d[ée]sinscri\w*|d[ée]sabonn\w*)\b/i,
];

/** True when a free-text reply means "stop texting me". */
export function isOptOutIntent(body: string): boolean {
  return INTENT_PATTERNS.some((p) => p.test(body));
}

/** Classifies an inbound message: exact keywords first, then JOIN, then plain-language opt-out. */
export function classifyInbound(body: string): InboundIntent {
  const normalized = normalizeKeyword(body);
  if (OPT_OUT_ALL.has(normalized)) return { kind: 'OPT_OUT_ALL' };
  if (OPT_OUT.has(normalized)) return { kind: 'OPT_OUT', how: 'keyword' };
  if (OPT_IN.has(normalized)) return { kind: 'OPT_IN' };
  if (normalized === 'YES') return { kind: 'CONFIRM' };
  if (HELP.has(normalized)) return { kind: 'HELP' };
  const join = /^JOIN ([A-Z0-9]{2,20})$/.exec(normalized);
  if (join?.[1]) return { kind: 'JOIN', keyword: join[1] };
  if (isOptOutIntent(body)) return { kind: 'OPT_OUT', how: 'intent' };
  return { kind: 'OTHER' };
}
