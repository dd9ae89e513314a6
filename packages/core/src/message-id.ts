import { createHash, randomFillSync } from 'node:crypto';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Options for {@link createMessageIdGenerator}. */
export interface MessageIdOptions {
  clock?: Clock;
  randomBytes?: (size: number) => Uint8Array;
}

/**
 * Time-sortable 26-character ids (48-bit millisecond time + 80 random bits, Crockford base32),
 * so ids sort by acceptance time in logs and Redis.
 */
export function createMessageIdGenerator(options: MessageIdOptions = {}): () => string {
  const clock = options.clock ?? systemClock;
  const random = options.randomBytes ?? pooledRandomBytes();
  return () => encodeTime(clock.nowMs()) + encodeRandom(random(10));
}

// One getrandom syscall per 4 KiB instead of one per id (ids are made on the accept hot path).
function pooledRandomBytes(): (size: number) => Uint8Array {
  const pool = Buffer.allocUnsafe(4096);
  let offset = pool.length;
  return (size) => {
    if (offset + size > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const out = pool.subarray(offset, offset + size);
    offset += size;
    return out;
  };
}

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD.charAt(t % 32) + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD.charAt((value >> bits) & 31);
    }
  }
  return out;
}

/** True for a string shaped like an id from {@link createMessageIdGenerator}. */
export function isMessageId(id: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id);
}

/**
 * A message id derived from a seed (e.g. the inbound message an automatic reply answers), so a
 * replayed computation yields the same id and the reply is recognisably the same message.
 */
export function deriveMessageId(seed: string, atMs: number): string {
  return (
    encodeTime(atMs) + encodeRandom(createHash('sha256').update(seed).digest().subarray(0, 10))
  );
}
