import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.js';

describe('token bucket per bind', () => {
  it('lets a burst through, then spaces submits at the configured rate', () => {
    const bucket = createTokenBucket(100, { burst: 2 });
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(10); // third submit waits one token at 100/s
    expect(bucket.take(0)).toBe(20); // the queue grows
    expect(bucket.take(1000)).toBe(0); // a second later the bucket is full again
  });

  it('is unlimited at rate 0', () => {
    const bucket = createTokenBucket(0);
    for (let i = 0; i < 1000; i++) expect(bucket.take(0)).toBe(0);
    expect(bucket.currentRate).toBe(Infinity);
  });

  it('halves the rate on throttling and recovers step by step without it', () => {
    const bucket = createTokenBucket(100, { recoveryMs: 1000 });
    bucket.slowDown(0);
    expect(bucket.currentRate).toBe(50);
    bucket.slowDown(10); // the same burst answered throttled: halved once only
    expect(bucket.currentRate).toBe(50);
    bucket.slowDown(1010);
    expect(bucket.currentRate).toBe(25);
    bucket.take(1500); // too soon after throttling: no recovery
    expect(bucket.currentRate).toBe(25);
    bucket.take(2010);
    expect(bucket.currentRate).toBeCloseTo(31.25);
    bucket.take(2500); // one step per recovery period
    expect(bucket.currentRate).toBeCloseTo(31.25);
    for (let t = 3010; t < 20_000; t += 1000) bucket.take(t);
    expect(bucket.currentRate).toBe(100); // never above the configured rate
  });
});
