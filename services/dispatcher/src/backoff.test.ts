import { describe, expect, it } from 'vitest';
import { jitteredBackoffMs } from './backoff.js';

describe('jittered backoff', () => {
  it('grows exponentially up to the cap, never below the floor', () => {
    expect(jitteredBackoffMs(0, 100, 10_000, () => 1)).toBe(100);
    expect(jitteredBackoffMs(3, 100, 10_000, () => 1)).toBe(800);
    expect(jitteredBackoffMs(20, 100, 10_000, () => 1)).toBe(10_000);
    expect(jitteredBackoffMs(5, 100, 10_000, () => 0)).toBe(100);
  });

  it('spreads retries over the whole interval (full jitter)', () => {
    expect(jitteredBackoffMs(4, 100, 10_000, () => 0.5)).toBe(800);
  });
});
