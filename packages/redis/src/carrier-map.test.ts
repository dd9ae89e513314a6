import { describe, expect, it } from 'vitest';
import { partsVerdict } from './carrier-map.js';

describe("a long message's state from its parts' receipts", () => {
  it('waits until every part is delivered, then is delivered', () => {
    expect(partsVerdict({ '1': 'DELIVERED' }, 3)).toEqual({ kind: 'waiting', settled: 1 });
    expect(partsVerdict({ '1': 'DELIVERED', '3': 'DELIVERED' }, 3)).toEqual({
      kind: 'waiting',
      settled: 2,
    });
    expect(partsVerdict({ '1': 'DELIVERED', '2': 'DELIVERED', '3': 'DELIVERED' }, 3)).toEqual({
      kind: 'delivered',
    });
  });

  it('fails as soon as a part fails, and every receipt names the same (lowest) failed part', () => {
    expect(partsVerdict({ '2': 'UNDELIVERABLE' }, 3)).toEqual({
      kind: 'failed',
      part: 2,
      state: 'UNDELIVERABLE',
    });
    expect(partsVerdict({ '1': 'DELIVERED', '3': 'EXPIRED', '2': 'UNDELIVERABLE' }, 3)).toEqual({
      kind: 'failed',
      part: 2,
      state: 'UNDELIVERABLE',
    });
  });

  it('does not count the field naming the deciding part as a part', () => {
    expect(partsVerdict({ '1': 'DELIVERED', '2': 'DELIVERED', by: '2' }, 3)).toEqual({
      kind: 'waiting',
      settled: 2,
    });
  });
});
