import { Fifo } from './fifo.js';

/** At most `permits` holders at once; the others wait in arrival order. */
export interface Semaphore {
  acquire(): Promise<void>;
  /** Takes a permit if one is free now (true), without a promise; false: call acquire(). */
  tryAcquire(): boolean;
  release(): void;
  /** Permits not held right now. */
  readonly available: number;
}

export function createSemaphore(permits: number): Semaphore {
  let available = permits;
  const waiting = new Fifo<() => void>();
  return {
    tryAcquire() {
      if (available === 0) return false;
      available--;
      return true;
    },
    acquire() {
      if (available > 0) {
        available--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      // Hand the permit straight to the next waiter, if any, so no newcomer can overtake it.
      const next = waiting.shift();
      if (next) next();
      else available++;
    },
    get available() {
      return available;
    },
  };
}
