/** Size of a Bloom filter: `bits` (m) and `hashes` (k). */
export interface BloomParameters {
  bits: number;
  hashes: number;
}

/**
 * Optimal size for `expectedItems` (n) at false-positive rate `falsePositiveRate` (p):
 * m = -n·ln p / (ln 2)², k = (m/n)·ln 2, both rounded up (and k at least 1).
 */
export function bloomParameters(expectedItems: number, falsePositiveRate: number): BloomParameters {
  if (!(expectedItems > 0)) throw new RangeError('expectedItems must be positive');
  if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
    throw new RangeError('falsePositiveRate must be in (0, 1)');
  const bits = Math.ceil((-expectedItems * Math.log(falsePositiveRate)) / Math.LN2 ** 2);
  const hashes = Math.max(1, Math.round((bits / expectedItems) * Math.LN2));
  return { bits, hashes };
}

/** The false-positive rate a filter of this size is expected to have after `items` insertions. */
export function expectedFalsePositiveRate(params: BloomParameters, items: number): number {
  return (1 - Math.exp((-params.hashes * items) / params.bits)) ** params.hashes;
}

/**
 * Bit positions of an element given as a hex digest of 64 bits or more (after a key id and a
 * dot, if any: `k1.3f…`), by double hashing (Kirsch–Mitzenmacher: g_i = h1 + i·h2 mod m), so
 * one digest serves all k hashes.
 */
export function bloomPositions(element: string, params: BloomParameters): number[] {
  const digestHex = element.slice(element.indexOf('.') + 1);
  const h1 = parseInt(digestHex.slice(0, 8), 16);
  const raw = parseInt(digestHex.slice(8, 16), 16);
  const h2 = raw - (raw % 2) + 1; // odd (arithmetic, not `| 1`, which would wrap to a negative int32)
  const positions: number[] = [];
  for (let i = 0; i < params.hashes; i++) positions.push((h1 + i * h2) % params.bits);
  return positions;
}
