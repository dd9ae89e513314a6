import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import type { DeferredQueue } from '@smsgw/redis';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens deferred payloads with one secret. */
export interface Sealer {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/** The sealing keys derived from a secret (HKDF-SHA256, one purpose each). */
function keys(secret: string): { enc: Buffer; iv: Buffer } {
  const derive = (info: string): Buffer =>
    Buffer.from(hkdfSync('sha256', secret, 'smsgw-deferred', info, 32));
  return { enc: derive('aes-256-gcm key v1'), iv: derive('synthetic iv key v1') };
}

/**
 * Deferred messages hold the number and the body until their release: at rest in Redis they
 * are sealed (AES-256-GCM). The IV is an HMAC of the plaintext, so the same message sealed
 * twice gives the same bytes: holding it again on a replay still stores it once, and a released
 * message is acknowledged by sealing it again. (Equal sealed bytes reveal only that two held
 * messages are equal.)
 */
export function createSealer(secret: string): Sealer {
  const k = keys(secret);
  return {
    seal(plain: Buffer): Buffer {
      const iv = createHmac('sha256', k.iv).update(plain).digest().subarray(0, IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k.enc, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    /** Opens a sealed payload; one held before sealing existed (a protobuf) passes as it is. */
    open(sealed: Buffer): Buffer {
      if (sealed[0] !== VERSION) return sealed;
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', k.enc, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
    },
  };
}

/** Tries each sealer in turn (GCM's tag tells a wrong key): the first is the current one. */
function openWithAny(sealers: readonly Sealer[], sealed: Buffer): Buffer {
  let failure: unknown;
  for (const sealer of sealers) {
    try {
      return sealer.open(sealed);
    } catch (err) {
      failure = err;
    }
  }
  throw failure;
}

/**
 * A deferred queue whose members are sealed at rest; callers see the plain payloads. Sealed
 * with the first secret, opened with any (a message held before a key rotation is still
 * released after it).
 */
export function sealedDeferredQueue(
  queue: DeferredQueue,
  secrets: readonly string[],
): DeferredQueue {
  const sealers = secrets.map(createSealer);
  const current = sealers[0];
  if (!current) throw new Error('no secret to seal deferred messages with');
  return {
    hold: (items) => queue.hold(items.map((i) => ({ ...i, payload: current.seal(i.payload) }))),
    claimDue: async (nowMs, leaseMs, limit) =>
      (await queue.claimDue(nowMs, leaseMs, limit)).map((p) => openWithAny(sealers, p)),
    stats: () => queue.stats(),
    // Sealing is deterministic per key: remove the form each key gives, and the plain form of a
    // payload held before sealing existed.
    acknowledge: (payloads) =>
      queue.acknowledge(payloads.flatMap((p) => [...sealers.map((s) => s.seal(p)), p])),
  };
}
