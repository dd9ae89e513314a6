import {
  CONFIRM_KEYWORDS,
  FILLERS,
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_ALL_KEYWORDS,
  OPT_OUT_KEYWORDS,
} from './lexicon.js';
import { meansOptOut, tokenizeClauses } from './opt-out-intent.js';

/** What an inbound message asks for (COMPLIANCE.md, Keywords). */
export type InboundIntent =
  | { kind: 'OPT_OUT'; how: 'keyword' | 'intent' }
  | { kind: 'OPT_OUT_ALL' }
  | { kind: 'OPT_IN' }
  | { kind: 'CONFIRM' }
  | { kind: 'JOIN'; keyword: string }
  | { kind: 'HELP' }
  | { kind: 'OTHER' };

/** A tenant's own keywords, added to the built-in ones for the numbers it owns. */
export interface ExtraKeywords {
  optOut: readonly string[];
  help: readonly string[];
}

type Phrase = readonly string[];
type KeywordClass = 'OPT_OUT_ALL' | 'OPT_OUT' | 'OPT_IN' | 'CONFIRM' | 'HELP';

/** Case-insensitive, trimmed, punctuation and accents ignored: `  Stop! ` and `ARRÊT` match. */
export function normalizeKeyword(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Keyword phrases as tokens, longest first (so "stop all" wins over "stop"). */
const phrases = (words: readonly string[]): Phrase[] =>
  words
    .map((w) => tokenizeClauses(w).flat())
    .filter((p) => p.length > 0)
    .sort((x, y) => y.length - x.length);

const BUILT_IN: readonly [KeywordClass, Phrase[]][] = [
  ['OPT_OUT_ALL', phrases(OPT_OUT_ALL_KEYWORDS)],
  ['OPT_OUT', phrases(OPT_OUT_KEYWORDS)],
  ['OPT_IN', phrases(OPT_IN_KEYWORDS)],
  ['CONFIRM', phrases(CONFIRM_KEYWORDS)],
  ['HELP', phrases(HELP_KEYWORDS)],
];

/** Repeated letters and one swapped pair are typos of a keyword: "stoppp", "sotp". */
function typoOf(token: string, keyword: string): boolean {
  if (token === keyword) return true;
  const squeezed = token.replace(/(\p{L})\1+/gu, '$1');
  if (squeezed === keyword.replace(/(\p{L})\1+/gu, '$1')) return keyword.length >= 4;
  if (token.length !== keyword.length || keyword.length < 4) return false;
  const diff = [...token].flatMap((c, i) => (c === keyword[i] ? [] : [i]));
  const [a = -1, b = -1] = diff;
  return diff.length === 2 && b === a + 1 && token[a] === keyword[b] && token[b] === keyword[a];
}

function phraseAt(clause: readonly string[], at: number, phrase: Phrase): boolean {
  return phrase.every((w, k) => {
    const t = clause[at + k];
    return t !== undefined && typoOf(t, w);
  });
}

/**
 * Whether a clause is only keywords of one class, wrapped in fillers and repeated: "stop
 * please", "STOP STOP", "unsubscribe asap", "opt out pls". A keyword typed with a typo counts.
 */
function keywordOnly(clause: readonly string[], keywords: readonly Phrase[]): boolean {
  let found = false;
  for (let i = 0; i < clause.length;) {
    const phrase = keywords.find((p) => phraseAt(clause, i, p));
    if (phrase) {
      found = true;
      i += phrase.length;
    } else if (FILLERS.has(clause[i] as string)) i++;
    else return false;
  }
  return found;
}

type KeywordClasses = readonly (readonly [KeywordClass, Phrase[]])[];
// Built once per set of extra keywords (the inbound handler keeps one per number).
const withExtras = new WeakMap<ExtraKeywords, KeywordClasses>();

function keywordClasses(extra: ExtraKeywords | undefined): KeywordClasses {
  if (!extra) return BUILT_IN;
  let classes = withExtras.get(extra);
  if (!classes) {
    classes = BUILT_IN.map(([kind, list]) => {
      if (kind === 'OPT_OUT') return [kind, phrases([...OPT_OUT_KEYWORDS, ...extra.optOut])];
      if (kind === 'HELP') return [kind, phrases([...HELP_KEYWORDS, ...extra.help])];
      return [kind, list];
    });
    withExtras.set(extra, classes);
  }
  return classes;
}

/** The keyword class of a reply made only of keywords of one class (and fillers), if any. */
function wholeReplyKeyword(
  clauses: readonly (readonly string[])[],
  classes: KeywordClasses,
): KeywordClass | undefined {
  const all = clauses.flat();
  return classes.find(([, list]) => keywordOnly(all, list))?.[0];
}

/**
 * Classifies an inbound message: a reply made of keywords of one class (with politeness,
 * repetition, typos), then JOIN, then an opt-out keyword as a clause of its own ("This is spam,
 * stop"), then plain-language opt-out by the roles of its words (`opt-out-intent.ts`).
 */
export function classifyInbound(body: string, extra?: ExtraKeywords): InboundIntent {
  const clauses = tokenizeClauses(body);
  const classes = keywordClasses(extra);
  const whole = wholeReplyKeyword(clauses, classes);
  if (whole === 'OPT_OUT') return { kind: 'OPT_OUT', how: 'keyword' };
  if (whole) return { kind: whole };
  const join = /^JOIN ([A-Z0-9]{2,20})$/.exec(normalizeKeyword(body));
  if (join?.[1]) return { kind: 'JOIN', keyword: join[1] };
  const optOut = classes.filter(([kind]) => kind === 'OPT_OUT' || kind === 'OPT_OUT_ALL');
  for (const clause of clauses) {
    const kind = optOut.find(([, list]) => keywordOnly(clause, list))?.[0];
    if (kind === 'OPT_OUT_ALL') return { kind };
    if (kind) return { kind: 'OPT_OUT', how: 'keyword' };
  }
  return meansOptOut(clauses) ? { kind: 'OPT_OUT', how: 'intent' } : { kind: 'OTHER' };
}
