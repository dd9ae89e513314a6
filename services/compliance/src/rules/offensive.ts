import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

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

/** A matcher for one tenant: the English dataset plus the tenant's own words (any language). */
export function createOffensiveMatcher(blockedWords: readonly string[]): (text: string) => boolean {
  const words = blockedWords.map((w) => normalizeForMatching(w)).filter(Boolean);
  const tenant = words.length
    ? new RegExp(
        `(?<![\\p{L}])(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}])`,
        'u',
      )
    : undefined;
  return (original) => {
    const text = withoutNumbers(original);
    const collapsed = collapseSpacedLetters(text);
    if (english.hasMatch(text) || (collapsed !== text && english.hasMatch(collapsed))) return true;
    return tenant ? tenant.test(normalizeForMatching(text)) : false;
  };
}
