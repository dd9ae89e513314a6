/**
 * Throughput limit of one bind (ARCHITECTURE.md: a token bucket per bind). `ratePerSecond` 0
 * means unlimited. `slowDown` halves the rate after a throttling answer (once per second at
 * most); the rate recovers to the
 * configured one step by step (×1.25 per `recoveryMs` without throttling).
 */
export interface TokenBucket {
  /** Milliseconds to wait before one submit may go (0: go now); takes the token. */
  take(nowMs: number): number;
  slowDown(nowMs: number): void;
  readonly currentRate: number;
}

const MIN_RATE = 1;

export function createTokenBucket(
  ratePerSecond: number,
  options: { burst?: number; recoveryMs?: number } = {},
): TokenBucket {
  const recoveryMs = options.recoveryMs ?? 2000;
  let rate = ratePerSecond;
  // Burst: a bucket of a tenth of a second of traffic keeps submits smooth without bunching.
  const capacity = (): number => options.burst ?? Math.max(1, rate / 10);
  let tokens = capacity();
  let lastMs: number | undefined;
  let lastThrottleMs = -Infinity;
  let lastRecoveryMs = -Infinity;

  function refill(nowMs: number, recover: boolean): void {
    if (
      recover &&
      rate < ratePerSecond &&
      nowMs - lastThrottleMs >= recoveryMs &&
      nowMs - lastRecoveryMs >= recoveryMs
    ) {
      rate = Math.min(ratePerSecond, rate * 1.25);
      lastRecoveryMs = nowMs;
    }
    if (lastMs !== undefined)
      tokens = Math.min(capacity(), tokens + ((nowMs - lastMs) / 1000) * rate);
    lastMs = nowMs;
  }

  return {
    take(nowMs) {
      if (ratePerSecond <= 0) return 0;
      refill(nowMs, true);
      tokens -= 1;
      // A negative balance is the queue ahead of this submit: wait until it is paid back.
      return tokens >= 0 ? 0 : Math.ceil((-tokens / rate) * 1000);
    },
    slowDown(nowMs) {
      refill(nowMs, false);
      // Every submit of a burst may come back throttled at once: halve once per second at most.
      if (ratePerSecond > 0 && nowMs - lastThrottleMs >= 1000) rate = Math.max(MIN_RATE, rate / 2);
      lastThrottleMs = nowMs;
    },
    get currentRate() {
      return ratePerSecond <= 0 ? Infinity : rate;
    },
  };
}
