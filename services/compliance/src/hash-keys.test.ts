import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComplianceConfig } from './config.js';
import { hashKeyRing } from './hash-keys.js';

const base = {
  SMSGW_KAFKA_BROKERS: '127.0.0.1:9092',
  SMSGW_REDIS_URL: 'redis://127.0.0.1:6379',
  SMSGW_TENANTS_FILE: 'tenants.json',
};
const SECRET = 'f'.repeat(64);
const problems = (env: Record<string, string>): string => {
  try {
    loadComplianceConfig({ ...base, ...env });
  } catch (err) {
    return (err as Error).message;
  }
  return '';
};

describe('recipient hash keys at boot', () => {
  it('builds the ring current first, the salt of earlier releases last', () => {
    const config = loadComplianceConfig({
      ...base,
      SMSGW_HASH_KEYS: `k2=${SECRET}, k1=${'e'.repeat(40)}`,
      SMSGW_HASH_SALT: 'an old salt of some length',
    });
    expect(hashKeyRing(config).map((k) => [k.id, k.scheme])).toEqual([
      ['k2', 'hmac-sha256'],
      ['k1', 'hmac-sha256'],
      ['salt', 'legacy-sha256'],
    ]);
  });

  it('reads the ring from a mounted secret file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hash-keys-')), 'keys');
    writeFileSync(file, `2026-12=${SECRET}\n`);
    const config = loadComplianceConfig({ ...base, SMSGW_HASH_KEYS_FILE: file });
    expect(hashKeyRing(config).map((k) => k.id)).toEqual(['2026-12']);
  });

  it('refuses to boot without a key, naming the setting', () =>
    expect(problems({})).toMatch(/SMSGW_HASH_KEYS: is required/));

  it('refuses short secrets, bad ids and repeated ids without echoing the secret', () => {
    const message = problems({
      SMSGW_HASH_KEYS: `k1=short-secret,Bad_Id=${SECRET},k1=${SECRET},k1=${SECRET}`,
    });
    expect(message).toMatch(/key k1: the secret must be at least 32 characters/);
    expect(message).toMatch(/key 2: needs an id/);
    expect(message).toMatch(/key k1: listed twice/);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain(SECRET);
  });

  it('refuses the ring given twice', () =>
    expect(problems({ SMSGW_HASH_KEYS: `k1=${SECRET}`, SMSGW_HASH_KEYS_FILE: '/x' })).toMatch(
      /SMSGW_HASH_KEYS_FILE: set it or SMSGW_HASH_KEYS, not both/,
    ));
});
