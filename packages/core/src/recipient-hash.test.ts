import { describe, expect, it } from 'vitest';
import { createRecipientHasher } from './recipient-hash.js';
import { hashMsisdn } from './redact.js';

const key = (id: string, secret = `${id}-secret-of-thirty-two-characters`) =>
  ({ id, secret, scheme: 'hmac-sha256' }) as const;

describe('recipient hasher', () => {
  it('is an HMAC-SHA256 prefixed by its key id (RFC 4231 test case 2)', () => {
    const hasher = createRecipientHasher([{ id: 'rfc', secret: 'Jefe', scheme: 'hmac-sha256' }]);
    expect(hasher.current('what do ya want for nothing?')).toBe(
      'rfc.5bdcc146bf60754e6a042426089575c7',
    );
  });

  it('hashes with the first key and lists the retiring ones newest first', () => {
    const hasher = createRecipientHasher([
      key('k3'),
      key('k2'),
      { id: 'salt', secret: 'an-old-salt-value', scheme: 'legacy-sha256' },
    ]);
    expect(hasher.current('+14155550123')).toMatch(/^k3\.[0-9a-f]{32}$/);
    const [k2, legacy] = hasher.previous('+14155550123');
    expect(k2).toMatch(/^k2\.[0-9a-f]{32}$/);
    expect(legacy).toBe(hashMsisdn('+14155550123', 'an-old-salt-value'));
    expect(hasher.keyIds).toEqual(['k3', 'k2', 'salt']);
  });

  it('gives different hashes under different keys and none that holds the number', () => {
    const a = createRecipientHasher([key('a')]).current('+14155550123');
    const b = createRecipientHasher([key('a', 'another-secret-of-thirty-two-chars')]);
    expect(a).not.toBe(b.current('+14155550123'));
    expect(a).not.toContain('4155550123');
    expect(createRecipientHasher([key('a')]).previous('+14155550123')).toEqual([]);
  });

  it('refuses an empty ring and a repeated id', () => {
    expect(() => createRecipientHasher([])).toThrow(/empty/);
    expect(() => createRecipientHasher([key('a'), key('a')])).toThrow(/twice/);
  });
});
