import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import type { DeferredQueue } from '@smsgw/redis';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
export function createSealer(secret: string) {
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

/** A deferred queue whose members are sealed at rest; callers see the plain payloads. */
export function sealedDeferredQueue(queue: DeferredQueue, secret: string): DeferredQueue {
  const sealer = createSealer(secret);
  return {
    hold: (items) => queue.hold(items.map((i) => ({ ...i, payload: sealer.seal(i.payload) }))),
    claimDue: async (nowMs, leaseMs, limit) =>
      (await queue.claimDue(nowMs, leaseMs, limit)).map((p) => sealer.open(p)),
    stats: () => queue.stats(),
    // A payload claimed before sealing was plain in Redis: remove both forms.
    acknowledge: (payloads) => queue.acknowledge(payloads.flatMap((p) => [sealer.seal(p), p])),
  };
}
