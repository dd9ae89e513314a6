import { createHmac } from 'node:crypto';
import { hashMsisdn } from './redact.js';

/**
 * A key for hashing recipients. `hmac-sha256` keys give `<id>.<32 hex>`, so every stored hash
 * says which key made it. `legacy-sha256` is the salted SHA-256 of earlier releases (16 hex, no
 * id): kept readable so a deployment can rotate away from it.
 */
export interface RecipientHashKey {
  id: string;
  secret: string;
  scheme: 'hmac-sha256' | 'legacy-sha256';
}

/** Key ids appear inside Redis keys: short, lower-case, no separator characters. */
export const HASH_KEY_ID = /^[a-z0-9][a-z0-9-]{0,15}$/;

/**
 * Hashes phone numbers with a key ring: the first key is current (every write uses it); the
 * others are being retired (read, and their records moved to the current key on contact). A
 * number's clear form is never stored, so records can only move when the number is seen again.
 */
export interface RecipientHasher {
  /** The hash every new record is stored under. */
  current(e164: string): string;
  /** Hashes of the same number under the retiring keys, newest first (empty when none). */
  previous(e164: string): string[];
  /** Ids of the ring, current first. */
  readonly keyIds: readonly string[];
}

function hashWith(key: RecipientHashKey, e164: string): string {
  if (key.scheme === 'legacy-sha256') return hashMsisdn(e164, key.secret);
  const mac = createHmac('sha256', key.secret).update(e164, 'utf8').digest('hex');
  return `${key.id}.${mac.slice(0, 32)}`;
}

/** A hasher over a ring (current key first); throws on an empty ring or a repeated id. */
export function createRecipientHasher(ring: readonly RecipientHashKey[]): RecipientHasher {
  const [current, ...retiring] = ring;
  if (!current) throw new Error('the recipient hash key ring is empty');
  const ids = ring.map((k) => k.id);
  if (new Set(ids).size !== ids.length) throw new Error('a hash key id is used twice');
  return {
    current: (e164) => hashWith(current, e164),
    previous: (e164) => retiring.map((k) => hashWith(k, e164)),
    keyIds: ids,
  };
}
