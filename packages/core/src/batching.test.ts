import { describe, expect, it } from 'vitest';
import { coalescePerTurn } from './coalesce.js';
import { Fifo } from './fifo.js';
import { createSemaphore } from './semaphore.js';

describe('coalescePerTurn', () => {
  it('sends the calls of one turn as one batch, in call order, and answers each', async () => {
    const batches: number[][] = [];
    const double = coalescePerTurn((items: number[]) => {
      batches.push(items);
      return Promise.resolve(items.map((i) => i * 2));
    });
    const first = await Promise.all([double(1), double(2), double(3)]);
    const later = await double(4);
    expect(first).toEqual([2, 4, 6]);
    expect(later).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every call of a failed batch, and the next batch starts clean', async () => {
    let fail = true;
    const call = coalescePerTurn((items: string[]) =>
      fail ? Promise.reject(new Error('redis down')) : Promise.resolve(items),
    );
    const results = await Promise.allSettled([call('a'), call('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await call('c')).toBe('c');
  });

  it('rejects the calls when the flush throws instead of rejecting', async () => {
    const call = coalescePerTurn((): Promise<number[]> => {
      throw new Error('bad batch');
    });
    await expect(call(1)).rejects.toThrow('bad batch');
  });
});

describe('Fifo', () => {
  it('keeps first-in first-out order across compactions', () => {
    const queue = new Fifo<number>();
    const out: number[] = [];
    for (let i = 0; i < 1000; i++) {
      queue.push(i);
      if (i % 3 === 0) out.push(queue.shift() as number);
    }
    expect(queue.length).toBe(1000 - out.length);
    out.push(...queue.drain());
    expect(out).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });
});

describe('createSemaphore', () => {
  it('lets at most `permits` hold it and serves waiters in arrival order', async () => {
    const semaphore = createSemaphore(2);
    const order: number[] = [];
    await semaphore.acquire();
    await semaphore.acquire();
    expect(semaphore.available).toBe(0);
    const third = semaphore.acquire().then(() => order.push(3));
    const fourth = semaphore.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    semaphore.release();
    await third;
    semaphore.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    semaphore.release();
    semaphore.release();
    expect(semaphore.available).toBe(2);
  });

  it('tryAcquire takes a free permit at once, and never one handed to a waiter', async () => {
    const semaphore = createSemaphore(1);
    expect(semaphore.tryAcquire()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(false);
    let waiterHolds = false;
    const waiter = semaphore.acquire().then(() => (waiterHolds = true));
    semaphore.release(); // goes to the waiter, not to a later tryAcquire
    expect(semaphore.tryAcquire()).toBe(false);
    await waiter;
    expect(waiterHolds).toBe(true);
    semaphore.release();
    expect(semaphore.available).toBe(1);
  });
});
