import { describe, expect, it } from 'vitest';
import { createOffensiveMatcher } from './offensive.js';

const matches = createOffensiveMatcher(['connard']);

describe('offensive content matcher', () => {
  it.each([
    'Acme: offer 455 just for you',
    'Acme: your code is 171717',
    'Acme: total 45.50, order 7175-455',
    'Acme: class assessment on 5/5',
  ])('does not read numbers as words: %j', (text) => expect(matches(text)).toBe(false));
  it.each(['Acme: you a55hole', 'Acme: sh1t', 'Acme: f.u.c.k off', 'Acme: c0nn4rd'])(
    'still catches obfuscation mixing digits and letters: %j',
    (text) => expect(matches(text)).toBe(true),
  );
});
