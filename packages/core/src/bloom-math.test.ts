import { describe, expect, it } from 'vitest';
import { bloomParameters, bloomPositions, expectedFalsePositiveRate } from './bloom-math.js';

describe('bloom filter sizing', () => {
  it('matches the textbook figures: 1M items at 1% need ~9.59 Mbit and 7 hashes', () => {
    const p = bloomParameters(1_000_000, 0.01);
    expect(p.bits).toBe(9_585_059);
    expect(p.hashes).toBe(7);
  });

  it('gets the configured false-positive rate at the expected load', () => {
    for (const rate of [0.1, 0.01, 0.001]) {
      const p = bloomParameters(50_000, rate);
      // k is rounded to a whole number, so the rate lands within a few percent of the target.
      expect(Math.abs(expectedFalsePositiveRate(p, 50_000) - rate) / rate).toBeLessThan(0.05);
    }
  });

  it('rejects impossible parameters', () => {
    expect(() => bloomParameters(0, 0.01)).toThrow(RangeError);
    expect(() => bloomParameters(10, 1)).toThrow(RangeError);
  });

  it('derives k distinct in-range positions from one digest', () => {
    const p = bloomParameters(1000, 0.01);
    const positions = bloomPositions('0123456789abcdef', p);
    expect(bloomPositions('ffffffffffffffff', p).every((x) => x >= 0 && x < p.bits)).toBe(true);
    expect(positions).toHaveLength(p.hashes);
    expect(new Set(positions).size).toBe(p.hashes);
    expect(positions.every((x) => x >= 0 && x < p.bits)).toBe(true);
  });
});
