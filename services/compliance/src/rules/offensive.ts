import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { LANGUAGE_MARKERS, OFFENSIVE_WORDS } from './offensive-lists/index.js';

// The maintained English dataset with its transformers (l33t, repeated letters, confusables).
const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** Joins letters spaced out to dodge filters: `f u c k`, `f.u.c.k`, `f-u-c-k` become `fuck`. */
export function collapseSpacedLetters(text: string): string {
  return text.replace(/\b(?:[\p{L}\d@$!][\s.\-_*]+){2,}[\p{L}\d@$!]\b/gu, (run) =>
    run.replace(/[\s.\-_*]+/g, ''),
  );
}

/** Lower-case, l33t undone, accents removed, letters runs collapsed: for tenant word lists. */
export function normalizeForMatching(text: string): string {
  return collapseSpacedLetters(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[0134578@$!]/g, (c) => LEET[c] ?? c)
    .replace(/(\p{L})\1{2,}/gu, '$1$1');
}

/**
 * Removes tokens made only of digits (codes, prices, order numbers): l33t matching would read
 * `455` as a word. Digits mixed with letters (`sh1t`, `a55`) are kept and still caught.
 */
export function withoutNumbers(text: string): string {
  return text.replace(/(?<![\p{L}\d])[\d][\d.,:/-]*(?![\p{L}\d])/gu, ' ');
}

const escapeRegExp = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole words (with an optional plural or feminine ending) after normalisation. */
function wordsPattern(words: readonly string[]): RegExp | undefined {
  const normalized = [...new Set(words.map((w) => normalizeForMatching(w)).filter(Boolean))];
  if (normalized.length === 0) return undefined;
  const alternatives = normalized.map(escapeRegExp).join('|');
  return new RegExp(`(?<![\\p{L}])(?:${alternatives})(?:s|e|es|x|n|en)?(?![\\p{L}])`, 'u');
}

const LANGUAGE_PATTERNS = new Map(
  Object.entries(OFFENSIVE_WORDS).map(([language, words]) => [language, wordsPattern(words)]),
);

const MARKER_LANGUAGES = new Map<string, string[]>();
for (const [language, markers] of Object.entries(LANGUAGE_MARKERS))
  for (const m of markers) MARKER_LANGUAGES.set(m, [...(MARKER_LANGUAGES.get(m) ?? []), language]);

/** The language whose function words the text uses most (two at least), if any. */
export function detectLanguage(text: string): string | undefined {
  return detectNormalized(normalizeForMatching(text));
}

function detectNormalized(normalized: string): string | undefined {
  const scores = new Map<string, number>();
  for (const word of normalized.match(/\p{L}+/gu) ?? [])
    for (const language of MARKER_LANGUAGES.get(word) ?? [])
      scores.set(language, (scores.get(language) ?? 0) + 1);
  let best: string | undefined;
  let bestScore = 1;
  for (const [language, score] of scores)
    if (score > bestScore) [best, bestScore] = [language, score];
  return best;
}

/** True when `text` is offensive in English, in one of `languages` or in its detected language. */
export type OffensiveMatcher = (text: string, languages?: readonly string[]) => boolean;

/**
 * A matcher for one tenant: the English dataset, the lists of the message's languages (declared
 * by the caller, and detected from the text), and the tenant's own words (any language); words
 * the tenant allows are removed from the text first.
 */
export function createOffensiveMatcher(
  blockedWords: readonly string[],
  allowedWords: readonly string[] = [],
): OffensiveMatcher {
  const tenant = wordsPattern(blockedWords);
  const allowed = wordsPattern(allowedWords);
  const allowedGlobal = allowed ? new RegExp(allowed.source, 'gu') : undefined;
  return (original, languages = []) => {
    let text = withoutNumbers(original);
    if (allowedGlobal) text = normalizeForMatching(text).replace(allowedGlobal, ' ');
    const collapsed = collapseSpacedLetters(text);
    if (english.hasMatch(text) || (collapsed !== text && english.hasMatch(collapsed))) return true;
    const normalized = normalizeForMatching(text);
    const detected = detectNormalized(normalized);
    const chosen = new Set(detected ? [...languages, detected] : languages);
    for (const language of chosen)
      if (LANGUAGE_PATTERNS.get(language)?.test(normalized)) return true;
    return tenant ? tenant.test(normalized) : false;
  };
}
