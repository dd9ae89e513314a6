import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLinks, isShortener } from './links.js';

// The regular expression findLinks replaced (it backtracked quadratically): the oracle for
// short texts, where its cost does not matter.
const OLD = /\b(?:https?:\/\/[^\s]+|www\.[^\s]+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s]*)/gi;
const oracle = (text: string): string[] => text.match(OLD) ?? [];

describe('link finder', () => {
  it('finds what the old expression found, on 20,000 generated texts', () => {
    const piece = fc.constantFrom(
      ...['a', 'b', 'Z', '9', '-', '.', '/', ':', ' ', '\n', '_', 'é', '@', '(', ')', '?'],
      ...['http://', 'https://', 'www.', 'co', '.com', 'bit.ly', 'x.io/', 'e.g.'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(findLinks(text)).toEqual(oracle(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads 10,000-character adversarial bodies (quadratic for the old expression)', () => {
    expect(findLinks('a.'.repeat(5000))).toEqual([]);
    expect(findLinks(`${'a.'.repeat(5000)}/`)).toEqual([]);
    expect(findLinks(`${'a-'.repeat(5000)}.com/x`)).toHaveLength(1);
  });

  it('knows the public shorteners', () => {
    expect(findLinks('Acme: https://bit.ly/x and acme.example/y').map(isShortener)).toEqual([
      true,
      false,
    ]);
  });
});
