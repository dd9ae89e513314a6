import { parseTenants } from '@smsgw/config';
import { hashMsisdn, type SmsMessage } from '@smsgw/core';
import { createLogger, createMetricsRegistry, type Registry } from '@smsgw/observability';
import { createRedis, redisKeys, type Redis } from '@smsgw/redis';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ComplianceConfig } from './config.js';
import { createComplianceCore, type ComplianceCore } from './core-services.js';
import { createComplianceMetrics } from './metrics.js';

// A key rotation on the real Redis: records written under the salted hash of earlier releases
// (then under an HMAC key) must keep deciding once a new key is current.
const SALT = 'rotation-suite-salt-0123456789';
const K1 = 'k1=the-first-hmac-key-of-thirty-two-characters';
const K2 = 'k2=the-second-hmac-key-of-thirty-two-characters';
const tenantId = uniqueName('rot').toLowerCase();
const directory = parseTenants({
  defaults: { contact: 'help.example.com' },
  tenants: [
    {
      id: tenantId,
      name: 'Acme',
      senders: ['Acme'],
      tokens: [{ sha256: 'a'.repeat(64), scopes: ['messages:send'] }],
      policy: { caps: { MARKETING: [{ windowSeconds: 86_400, max: 2 }] } },
    },
  ],
});
const NOW = Date.parse('2026-06-10T15:00:00Z'); // 11:00 in New York
const clock = { nowMs: () => NOW };
const evidence = { source: 'web_form', channel: 'web', atMs: 1, proofText: 'yes', moMessageId: '' };
let redis: Redis;
let seq = 0;
let numbers = 0;
const number = (): string => `+1212${String(5_550_000 + numbers++)}`;

function marketing(to: string): SmsMessage {
  seq++;
  return {
    messageId: `01ROTATION${String(seq).padStart(16, '0')}`,
    tenantId,
    to,
    from: 'Acme',
    body: `Acme: deal number ${seq} this weekend. Reply STOP to opt out`,
    category: 'MARKETING',
    acceptedAtMs: NOW,
    idempotencyKey: '',
    emergencyReason: '',
  };
}

async function core(
  keys: Partial<ComplianceConfig>,
): Promise<{ core: ComplianceCore; registry: Registry }> {
  const registry = createMetricsRegistry('rotation');
  const config = { bloomExpectedItems: 10_000, bloomFalsePositiveRate: 0.01, ...keys };
  const built = await createComplianceCore(
    config as ComplianceConfig,
    directory.tenants(),
    redis,
    createComplianceMetrics(registry),
    createLogger({ service: 'rotation', level: 'silent' }),
    clock,
  );
  return { core: built, registry };
}
const decide = async (c: ComplianceCore, sms: SmsMessage) => {
  const [e] = await c.evaluate([sms], { dryRun: false });
  return { decision: e?.decision, codes: e?.reasons.map((r) => r.code) };
};
const rekeyed = async (registry: Registry): Promise<number> =>
  (await registry.getSingleMetric('smsgw_compliance_recipients_rekeyed_total')?.get())?.values[0]
    ?.value ?? 0;

beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'rotation' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

describe('recipient hash key rotation', () => {
  const optedOut = number();
  const consented = number();
  const capped = number();
  const unseen = number();

  it('keeps opt-outs, consents and caps written under the old salt once an HMAC key is current', async () => {
    const { core: before } = await core({ hashSalt: SALT });
    const [a, b, d] = await before.recipients.resolve(
      [optedOut, consented, unseen].map((e164) => ({ tenantId, e164 })),
    );
    await before.consent.setOptOut(a!, true, evidence);
    for (const ref of [b!, d!]) {
      await before.consent.setConsent(ref, 'MARKETING', true, evidence);
      await before.blooms.add(tenantId, 'MARKETING', [ref.h]);
    }
    const [c] = await before.recipients.resolve([{ tenantId, e164: capped }]);
    await before.consent.setConsent(c!, 'MARKETING', true, evidence);
    await before.blooms.add(tenantId, 'MARKETING', [c!.h]);
    expect((await decide(before, marketing(capped))).decision).toBe('APPROVE');
    expect((await decide(before, marketing(capped))).decision).toBe('APPROVE');

    const { core: after, registry } = await core({ hashKeys: K1, hashSalt: SALT });
    expect(await decide(after, marketing(optedOut))).toMatchObject({
      codes: ['OPTED_OUT', 'CONSENT_MISSING'],
    });
    expect((await decide(after, marketing(consented))).decision).toBe('APPROVE');
    expect(await decide(after, marketing(capped))).toMatchObject({ codes: ['FREQUENCY_CAP'] });
    expect(await rekeyed(registry)).toBe(3);

    // The records now live under the HMAC hash only; the history moved with them.
    const legacy = hashMsisdn(optedOut, SALT);
    const [current] = await after.recipients.resolve([{ tenantId, e164: optedOut }]);
    expect(current?.h).toMatch(/^k1\.[0-9a-f]{32}$/);
    expect(await redis.exists(redisKeys.consent(tenantId, legacy))).toBe(0);
    expect((await after.consent.history(current!)).map((e) => e.action)).toEqual(['OPT_OUT']);
    // A number not seen since the rotation still sits under the old salt.
    expect(await redis.exists(redisKeys.consent(tenantId, hashMsisdn(unseen, SALT)))).toBe(1);
  });

  it('carries them through a second rotation, and the salt can go once its records moved', async () => {
    const { core: next } = await core({ hashKeys: `${K2},${K1}` });
    expect(await decide(next, marketing(optedOut))).toMatchObject({
      codes: ['OPTED_OUT', 'CONSENT_MISSING'],
    });
    expect((await decide(next, marketing(consented))).decision).toBe('APPROVE');
    const [ref] = await next.recipients.resolve([{ tenantId, e164: consented }]);
    expect(ref?.h).toMatch(/^k2\./);
    const kinds = (await next.consent.history(ref!)).map((e) => e.action);
    expect(kinds).toEqual(['GRANT']);
  });

  it('erases what a number left under a retiring key (ForgetRecipient after a rotation)', async () => {
    const { core: rotated } = await core({ hashKeys: K1, hashSalt: SALT });
    const [ref] = await rotated.recipients.resolve([{ tenantId, e164: unseen }]);
    expect(await rotated.consent.forget(ref!, NOW)).toMatchObject({ suppressionKept: false });
    expect(await redis.exists(redisKeys.consent(tenantId, hashMsisdn(unseen, SALT)))).toBe(0);
    expect(await redis.exists(redisKeys.consent(tenantId, ref!.h))).toBe(0);
    expect(await redis.sismember(redisKeys.consentIndex(tenantId), ref!.h)).toBe(0);
  });

  it('merges instead of overwriting when both hashes hold records (the opt-out wins)', async () => {
    const to = number();
    const { core: old } = await core({ hashSalt: SALT });
    const [legacy] = await old.recipients.resolve([{ tenantId, e164: to }]);
    await old.consent.setOptOut(legacy!, true, evidence);
    // A write under the new hash that did not adopt first (another instance, older code).
    const { core: rotated } = await core({ hashKeys: K1 });
    const [fresh] = await rotated.recipients.resolve([{ tenantId, e164: to }]);
    await rotated.consent.setConsent(fresh!, 'MARKETING', true, { ...evidence, atMs: 2 });
    const { core: both } = await core({ hashKeys: K1, hashSalt: SALT });
    expect(await decide(both, marketing(to))).toMatchObject({ codes: ['OPTED_OUT'] });
    const history = (await both.consent.history(fresh!)).map((e) => e.action);
    expect(history).toEqual(['OPT_OUT', 'GRANT']);
  });
});
