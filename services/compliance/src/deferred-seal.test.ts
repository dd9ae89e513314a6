import { describe, expect, it } from 'vitest';
import { createSealer } from './deferred-seal.js';

describe('sealed deferred messages', () => {
  const sealer = createSealer('a secret of sixteen chars or more');
  const plain = Buffer.from('\n\x1a+14155550123 Acme: 20% off tonight');
  it('opens what it sealed, and hides the number and the body', () => {
    const sealed = sealer.seal(plain);
    expect(sealed.includes(Buffer.from('14155550123'))).toBe(false);
    expect(sealed.includes(Buffer.from('20% off'))).toBe(false);
    expect(sealer.open(sealed)).toEqual(plain);
  });
  it('seals the same message to the same bytes (held twice, stored once)', () =>
    expect(sealer.seal(plain)).toEqual(sealer.seal(plain)));
  it('refuses a tampered payload or another key', () => {
    const sealed = sealer.seal(plain);
    const last = sealed.length - 1;
    sealed.writeUInt8(sealed.readUInt8(last) ^ 1, last);
    expect(() => sealer.open(sealed)).toThrow();
    expect(() => createSealer('another secret, sixteen+').open(sealer.seal(plain))).toThrow();
  });
  it('passes a payload held before sealing existed (a protobuf) as it is', () =>
    expect(sealer.open(plain)).toEqual(plain));
});
