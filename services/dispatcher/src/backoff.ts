/** Exponential backoff with full jitter, so many binds reconnecting do not stampede the SMSC. */
export function jitteredBackoffMs(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt));
  return Math.max(minMs, Math.floor(random() * ceiling));
}
