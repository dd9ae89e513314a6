import { describe, expect, it } from 'vitest';
import { recordBytes, splitByBudget } from './request-budget.js';

describe('splitByBudget', () => {
  const budget = { maxBytes: 100, maxRecords: 3 };
  const size = (n: number): number => n;

  it('keeps order and starts a new run before the bytes or the count would exceed the budget', () => {
    expect(splitByBudget([40, 40, 40, 10, 10, 10, 10], budget, size)).toEqual([
      [40, 40],
      [40, 10, 10],
      [10, 10],
    ]);
  });

  it('gives an item larger than the budget a run of its own', () => {
    expect(splitByBudget([10, 500, 10], budget, size)).toEqual([[10], [500], [10]]);
  });

  it('counts items by their weight when asked (callers carrying several records)', () => {
    expect(
      splitByBudget(
        ['a', 'b', 'c'],
        budget,
        () => 1,
        (s) => (s === 'a' ? 2 : 1),
      ),
    ).toEqual([['a', 'b'], ['c']]);
  });

  it('returns no run for no items', () => {
    expect(splitByBudget([], budget, size)).toEqual([]);
  });

  it('counts a record by its key, value and framing', () => {
    expect(recordBytes({ key: 'abc', value: Buffer.alloc(10) })).toBe(3 + 10 + 24);
    expect(recordBytes({ key: null, value: null })).toBe(24);
  });
});
