import { parseTenants } from '@smsgw/config';
import { hashMsisdn, type Category, type SmsMessage } from '@smsgw/core';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { createRedis, type Redis } from '@smsgw/redis';
import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ComplianceConfig } from './config.js';
import { createComplianceCore, type ComplianceCore } from './core-services.js';
import type { Evaluation } from './evaluator.js';
import { createComplianceMetrics } from './metrics.js';

// Every clause of the code of conduct, through the real evaluator on the real Redis, with an
// injected clock. Each scenario uses its own recipient so scenarios do not share state.
const SALT = 'scenario-suite-salt-0123456789';
const run = uniqueName('t').toLowerCase();
const ids = {
  acme: `acme-${run}`,
  globex: `globex-${run}`,
  strict: `strict-${run}`,
  lenient: `lenient-${run}`,
};
const hash = (s: string): string => s; // token hashes are irrelevant here
const directory = parseTenants({
  defaults: { contact: 'help.example.com' },
  tenants: [
    {
      id: ids.acme,
      name: 'Acme',
      senders: ['Acme', '12345', '+14155550100'],
      tokens: [{ sha256: 'a'.repeat(64), scopes: ['messages:send'] }],
      policy: { blockedWords: ['connard'], keywords: [{ keyword: 'DEALS', purpose: 'MARKETING' }] },
    },
    {
      id: ids.globex,
      name: 'Globex',
      senders: ['Globex', '36111'],
      tokens: [{ sha256: 'b'.repeat(64), scopes: ['messages:send'] }],
      policy: { identification: 'prefix', optOutInstruction: 'append', transliterate: true },
    },
    {
      id: ids.strict,
      name: 'Strict',
      senders: ['Strict'],
      tokens: [{ sha256: 'c'.repeat(64), scopes: ['messages:send'] }],
      policy: {
        consentRequired: { TRANSACTIONAL: true },
        quietHours: 'reject',
        accessibilityBlocks: true,
        emergency: { maxPerSecond: 2 },
      },
    },
    {
      id: ids.lenient,
      name: 'Lenient',
      senders: ['Lenient'],
      tokens: [{ sha256: 'd'.repeat(64), scopes: ['messages:send'] }],
      policy: { emergency: { honourOptOut: false } },
    },
  ].map((t) => ({ ...t, tokens: t.tokens.map((k) => ({ ...k, sha256: hash(k.sha256) })) })),
});

const BASE = Date.parse('2026-06-10T15:00:00Z'); // a Wednesday: 11:00 New York, 17:00 Paris, 20:30 Delhi
let now = BASE;
let holdClock = false;
const clock = { nowMs: () => now };
// Every scenario starts at BASE unless its group moves time on step by step.
beforeEach(() => {
  if (!holdClock) now = BASE;
});
let redis: Redis;
let core: ComplianceCore;
let seq = 0;
let recipientSeq = 0;
/** National number lengths after each prefix, so every generated number is valid and unique. */
const DIGITS_AFTER: Record<string, number> = { '+1212': 7, '+1305': 7, '+336': 8, '+9198': 8 };
/** A recipient nobody else in the suite uses (New York by default). */
const recipient = (prefix = '+1212'): string =>
  `${prefix}${String(2_000_000 + recipientSeq++).padStart(DIGITS_AFTER[prefix] ?? 7, '1')}`;
const fresh = (): string => recipient('+1212');

function sms(overrides: Partial<SmsMessage> = {}): SmsMessage {
  return {
    messageId: `01SCENARIO${String(seq++).padStart(16, '0')}`,
    tenantId: ids.acme,
    to: fresh(),
    from: 'Acme',
    body: 'Acme: your order has shipped',
    category: 'TRANSACTIONAL',
    acceptedAtMs: now,
    idempotencyKey: '',
    emergencyReason: '',
    ...overrides,
  };
}
const marketing = (overrides: Partial<SmsMessage> = {}): SmsMessage =>
  sms({
    category: 'MARKETING',
    body: 'Acme: 20% off this weekend. Reply STOP to opt out',
    ...overrides,
  });

async function evaluate(message: SmsMessage, dryRun = false): Promise<Evaluation> {
  const [e] = await core.evaluate([message], { dryRun });
  return e as Evaluation;
}
const codes = (e: Evaluation): string[] => e.reasons.map((r) => r.code).sort();
const evidence = {
  source: 'web_form',
  channel: 'web',
  atMs: 0,
  proofText: 'I agree to receive offers',
  moMessageId: '',
};
async function grant(
  to: string,
  purpose: 'MARKETING' | 'TRANSACTIONAL' = 'MARKETING',
  tenantId = ids.acme,
): Promise<void> {
  const h = hashMsisdn(to, SALT);
  await core.consent.setConsent({ tenantId, h }, purpose, true, evidence);
  await core.blooms.add(tenantId, purpose, [h]);
}
const optOut = (to: string, tenantId = ids.acme): Promise<boolean> =>
  core.consent.setOptOut({ tenantId, h: hashMsisdn(to, SALT) }, true, evidence);

beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'scenarios' });
  await redis.connect();
  const config = {
    bloomExpectedItems: 10_000,
    bloomFalsePositiveRate: 0.01,
    hashSalt: SALT,
  } as ComplianceConfig;
  const logger = createLogger({ service: 'scenarios', level: 'silent' });
  core = await createComplianceCore(
    config,
    directory.tenants(),
    redis,
    createComplianceMetrics(createMetricsRegistry('t')),
    logger,
    clock,
  );
});
afterAll(() => redis.disconnect());

describe('respect and cultural sensitivity: offensive content', () => {
  it('approves a courteous message', async () =>
    expect((await evaluate(sms())).decision).toBe('APPROVE'));
  it.each([
    ['plain profanity', 'Acme: what the fuck is this'],
    ['l33t speak', 'Acme: this is sh1t'],
    ['spaced letters', 'Acme: f u c k you'],
    ['the tenant list (any language)', 'Acme: espèce de connard'],
    ['the tenant list, obfuscated', 'Acme: c0nn4rd'],
  ])('refuses %s', async (_name, body) =>
    expect(codes(await evaluate(sms({ body })))).toEqual(['OFFENSIVE_CONTENT']),
  );
  it('refuses French insults to a French number with no tenant list (the recipient language)', async () =>
    expect(
      codes(await evaluate(sms({ to: recipient('+336'), body: 'Acme: bande d’enfoirés' }))),
    ).toEqual(['OFFENSIVE_CONTENT']));
  it('refuses Italian insults by the detected language of the text', async () =>
    expect(
      codes(await evaluate(sms({ body: 'Acme: sei uno stronzo, grazie per il tuo ordine' }))),
    ).toEqual(['OFFENSIVE_CONTENT']));
  it('does not flag innocent words that contain a bad one (Scunthorpe)', async () =>
    expect((await evaluate(sms({ body: 'Acme: your Scunthorpe store opens at 9' }))).decision).toBe(
      'APPROVE',
    ));
});

describe('privacy: consent before sending', () => {
  it('refuses marketing without consent (a bloom negative, no exact lookup)', async () =>
    expect(codes(await evaluate(marketing()))).toEqual(['CONSENT_MISSING']));
  it('approves marketing with consent', async () => {
    const to = fresh();
    await grant(to);
    expect((await evaluate(marketing({ to }))).decision).toBe('APPROVE');
  });
  it('refuses marketing after consent was revoked (the bloom still says maybe; the exact store says no)', async () => {
    const to = fresh();
    await grant(to);
    await core.consent.setConsent(
      { tenantId: ids.acme, h: hashMsisdn(to, SALT) },
      'MARKETING',
      false,
      evidence,
    );
    expect(codes(await evaluate(marketing({ to })))).toEqual(['CONSENT_MISSING']);
  });
  it('sends transactional messages without consent by default', async () =>
    expect((await evaluate(sms())).decision).toBe('APPROVE'));
  it('requires transactional consent when the tenant says so', async () =>
    expect(
      codes(
        await evaluate(sms({ tenantId: ids.strict, from: 'Strict', body: 'Strict: code 1234' })),
      ),
    ).toEqual(['CONSENT_MISSING']));
  it("does not carry one tenant's consent over to another", async () => {
    const to = fresh();
    await grant(to, 'MARKETING', ids.acme);
    expect(
      codes(
        await evaluate(
          marketing({
            to,
            tenantId: ids.globex,
            from: 'Globex',
            body: 'Globex: sale. Reply STOP to opt out',
          }),
        ),
      ),
    ).toEqual(['CONSENT_MISSING']);
  });
});

describe('transparency and honesty', () => {
  it('refuses a sender not registered to the tenant', async () =>
    expect(codes(await evaluate(sms({ from: 'Globex' })))).toEqual(['SENDER_NOT_REGISTERED']));
  it('accepts a registered short code', async () =>
    expect((await evaluate(sms({ from: '12345' }))).decision).toBe('APPROVE'));
  it('refuses public URL shorteners', async () =>
    expect(
      codes(await evaluate(sms({ body: 'Acme: track your parcel at https://bit.ly/3xYz' }))),
    ).toEqual(['URL_SHORTENER']));
  it("accepts a link to the tenant's own domain", async () =>
    expect(
      (await evaluate(sms({ body: 'Acme: track your parcel at https://acme.example/track/123' })))
        .decision,
    ).toBe('APPROVE'));
});

describe('opt-in and opt-out', () => {
  it('refuses transactional messages to a recipient who opted out', async () => {
    const to = fresh();
    await optOut(to);
    expect(codes(await evaluate(sms({ to })))).toEqual(['OPTED_OUT']);
  });
  it('refuses marketing to a recipient who opted out even with consent on file', async () => {
    const to = fresh();
    await grant(to);
    await optOut(to);
    expect(codes(await evaluate(marketing({ to })))).toEqual(['OPTED_OUT']);
  });
  it('sends again after the recipient opts back in', async () => {
    const to = fresh();
    await optOut(to);
    await core.consent.setOptOut({ tenantId: ids.acme, h: hashMsisdn(to, SALT) }, false, evidence);
    expect((await evaluate(sms({ to }))).decision).toBe('APPROVE');
  });
  it('keeps honouring an opt-out after the recipient is forgotten', async () => {
    const to = fresh();
    await grant(to);
    await optOut(to);
    expect(await core.consent.forget({ tenantId: ids.acme, h: hashMsisdn(to, SALT) }, now)).toEqual(
      { suppressionKept: true, deferredDropped: 0 },
    );
    expect(codes(await evaluate(sms({ to, acceptedAtMs: now + 1 })))).toEqual(['OPTED_OUT']);
    expect(await core.consent.history({ tenantId: ids.acme, h: hashMsisdn(to, SALT) })).toEqual([]);
  });
  it('forgets consent: marketing to a forgotten recipient needs consent again', async () => {
    const to = fresh();
    await grant(to);
    expect(await core.consent.forget({ tenantId: ids.acme, h: hashMsisdn(to, SALT) }, now)).toEqual(
      { suppressionKept: false, deferredDropped: 0 },
    );
    expect(codes(await evaluate(marketing({ to, acceptedAtMs: now + 1 })))).toEqual([
      'CONSENT_MISSING',
    ]);
  });
  it('refuses a message accepted before the erasure and decided after it (in flight, or a release claimed at that instant)', async () => {
    const to = fresh();
    const inFlight = sms({ to, acceptedAtMs: now - 5_000 });
    await core.consent.forget({ tenantId: ids.acme, h: hashMsisdn(to, SALT) }, now);
    expect(codes(await evaluate(inFlight))).toEqual(['RECIPIENT_FORGOTTEN']);
    expect((await evaluate(sms({ to, acceptedAtMs: now + 1 }))).decision).toBe('APPROVE');
  });
});

describe('frequency: sliding-window caps (marketing: 1/h, 3/24h, 10/7d)', () => {
  const to = fresh();
  beforeAll(() => {
    now = BASE;
    holdClock = true;
  });
  afterAll(() => void (holdClock = false));
  it('approves the first marketing message', async () => {
    await grant(to);
    expect(
      (await evaluate(marketing({ to, body: 'Acme: offer one. Reply STOP to opt out' }))).decision,
    ).toBe('APPROVE');
  });
  it('refuses a second within the hour, saying when to retry', async () => {
    const e = await evaluate(marketing({ to, body: 'Acme: offer two. Reply STOP to opt out' }));
    expect(codes(e)).toEqual(['FREQUENCY_CAP']);
    expect(e.reasons[0]?.retryAfterMs).toBeGreaterThan(0);
    expect(e.reasons[0]?.retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });
  it('approves again after the hour, up to three a day', async () => {
    now += 3_601_000;
    expect(
      (await evaluate(marketing({ to, body: 'Acme: offer three. Reply STOP to opt out' })))
        .decision,
    ).toBe('APPROVE');
    now += 3_601_000;
    expect(
      (await evaluate(marketing({ to, body: 'Acme: offer four. Reply STOP to opt out' }))).decision,
    ).toBe('APPROVE');
  });
  it('refuses a fourth within 24 hours (the second window)', async () => {
    now += 3_601_000;
    const e = await evaluate(marketing({ to, body: 'Acme: offer five. Reply STOP to opt out' }));
    expect(e.reasons.map((r) => [r.code, r.message])).toEqual([
      ['FREQUENCY_CAP', 'frequency cap reached (window 2)'],
    ]);
  });
  it('does not count a replayed message twice (idempotent by message id)', async () => {
    const other = fresh();
    await grant(other);
    const message = marketing({ to: other });
    expect((await evaluate(message)).decision).toBe('APPROVE');
    expect((await evaluate(message)).decision).toBe('APPROVE');
  });
  it('does not cap transactional messages by default', async () => {
    const other = fresh();
    for (let i = 0; i < 5; i++)
      expect((await evaluate(sms({ to: other, body: `Acme: code ${1000 + i}` }))).decision).toBe(
        'APPROVE',
      );
  });
  it('keeps categories apart: a capped marketing budget does not block transactional', async () =>
    expect((await evaluate(sms({ to, body: 'Acme: receipt 42' }))).decision).toBe('APPROVE'));
  it('lets emergencies bypass caps', async () =>
    expect(
      (
        await evaluate(
          sms({
            to,
            category: 'EMERGENCY',
            emergencyReason: 'flood warning',
            body: 'Acme: flood warning, stay indoors',
          }),
        )
      ).decision,
    ).toBe('APPROVE'));
});

describe("timing: quiet hours in the recipient's local time", () => {
  const at = (iso: string): void => void (now = Date.parse(iso));
  const consenting = async (prefix: string): Promise<string> => {
    const to = recipient(prefix);
    await grant(to);
    return to;
  };
  it('defers marketing to New York at 22:00 until 08:00 local', async () => {
    at('2026-06-11T02:00:00Z');
    const e = await evaluate(marketing({ to: await consenting('+1212') }));
    expect(e.decision).toBe('DEFER');
    expect(new Date(e.releaseAtMs).toISOString()).toBe('2026-06-11T12:00:00.000Z');
  });
  it('sends transactional messages at night', async () =>
    expect((await evaluate(sms({ to: recipient('+1212') }))).decision).toBe('APPROVE'));
  it('sends emergencies at 03:00', async () => {
    at('2026-06-11T07:00:00Z');
    expect(
      (
        await evaluate(
          sms({ category: 'EMERGENCY', emergencyReason: 'evacuation', body: 'Acme: evacuate now' }),
        )
      ).decision,
    ).toBe('APPROVE');
  });
  it("applies Florida's 20:00 end while New York is still open", async () => {
    at('2026-06-11T00:30:00Z'); // 20:30 EDT
    expect((await evaluate(marketing({ to: await consenting('+1305') }))).decision).toBe('DEFER');
    expect((await evaluate(marketing({ to: await consenting('+1212') }))).decision).toBe('APPROVE');
  });
  it('holds French marketing on Sunday until Monday 08:00 Paris', async () => {
    at('2026-06-14T10:00:00Z');
    const e = await evaluate(
      marketing({ to: await consenting('+336'), body: 'Acme: soldes. STOP au 12345' }),
    );
    expect(e.decision).toBe('DEFER');
    expect(new Date(e.releaseAtMs).toISOString()).toBe('2026-06-15T06:00:00.000Z');
  });
  it('holds French marketing on a public holiday (14 July) until the next day', async () => {
    at('2026-07-14T10:00:00Z');
    const e = await evaluate(
      marketing({ to: await consenting('+336'), body: 'Acme: soldes. STOP au 12345' }),
    );
    expect(new Date(e.releaseAtMs).toISOString()).toBe('2026-07-15T06:00:00.000Z');
  });
  it('closes French marketing at 20:00 on weekdays', async () => {
    at('2026-06-15T17:30:00Z'); // 19:30 Paris
    expect(
      (
        await evaluate(
          marketing({ to: await consenting('+336'), body: 'Acme: soldes. STOP au 12345' }),
        )
      ).decision,
    ).toBe('APPROVE');
    at('2026-06-15T18:30:00Z'); // 20:30 Paris
    expect(
      (
        await evaluate(
          marketing({ to: await consenting('+336'), body: 'Acme: soldes. STOP au 12345' }),
        )
      ).decision,
    ).toBe('DEFER');
  });
  it('opens Indian promotional messages at 09:00 IST', async () => {
    at('2026-06-15T03:00:00Z'); // 08:30 IST
    const e = await evaluate(
      marketing({ to: await consenting('+9198'), body: 'Acme: offer. Reply STOP to opt out' }),
    );
    expect(new Date(e.releaseAtMs).toISOString()).toBe('2026-06-15T03:30:00.000Z');
  });
  it('rejects instead of deferring when the tenant asks, with when to retry', async () => {
    at('2026-06-11T02:00:00Z');
    const to = recipient('+1212');
    await grant(to, 'MARKETING', ids.strict);
    const e = await evaluate(
      marketing({
        to,
        tenantId: ids.strict,
        from: 'Strict',
        body: 'Strict: sale. Reply STOP to opt out',
      }),
    );
    expect(e.reasons).toEqual([
      expect.objectContaining({ code: 'QUIET_HOURS', retryAfterMs: 10 * 3_600_000 }),
    ]);
  });
});

describe('clear identification', () => {
  it('refuses a message that does not name the sender', async () =>
    expect(codes(await evaluate(sms({ body: 'Your order has shipped' })))).toEqual([
      'MISSING_IDENTIFICATION',
    ]));
  it('prefixes the brand when the tenant opts in', async () => {
    const e = await evaluate(
      sms({ tenantId: ids.globex, from: 'Globex', body: 'Your order has shipped' }),
    );
    expect(e.decision).toBe('APPROVE');
    expect(e.sms.body).toBe('Globex: Your order has shipped');
  });
  it('recognises the brand in any case', async () =>
    expect((await evaluate(sms({ body: 'ACME: your order has shipped' }))).decision).toBe(
      'APPROVE',
    ));
});

describe('emergency alerts only when necessary', () => {
  const emergency = (o: Partial<SmsMessage> = {}): SmsMessage =>
    sms({
      category: 'EMERGENCY',
      emergencyReason: 'gas leak',
      body: 'Acme: gas leak reported, leave the building',
      ...o,
    });
  it('refuses an emergency without a stated reason', async () =>
    expect(codes(await evaluate(emergency({ emergencyReason: '' })))).toEqual([
      'EMERGENCY_NOT_AUTHORIZED',
    ]));
  it('sends a justified emergency with the highest priority', async () =>
    expect(await evaluate(emergency())).toMatchObject({ decision: 'APPROVE', priority: 3 }));
  it('still honours an opt-out by default', async () => {
    const to = fresh();
    await optOut(to);
    expect(codes(await evaluate(emergency({ to })))).toEqual(['OPTED_OUT']);
  });
  it("overrides an opt-out when the tenant's emergency policy says so", async () => {
    const to = fresh();
    await optOut(to, ids.lenient);
    expect(
      (
        await evaluate(
          emergency({
            to,
            tenantId: ids.lenient,
            from: 'Lenient',
            body: 'Lenient: gas leak, leave now',
          }),
        )
      ).decision,
    ).toBe('APPROVE');
  });
  it('rate-limits emergencies per tenant', async () => {
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(
        await evaluate(
          emergency({ tenantId: ids.strict, from: 'Strict', body: `Strict: alert number ${i}` }),
        ),
      );
    expect(results.map((r) => r.decision)).toEqual(['APPROVE', 'APPROVE', 'REJECT']);
    expect(codes(results[2] as Evaluation)).toEqual(['EMERGENCY_RATE_LIMITED']);
  });
});

describe('an opt-out instruction in every marketing message', () => {
  it('refuses marketing without one', async () => {
    const to = fresh();
    await grant(to);
    expect(codes(await evaluate(marketing({ to, body: 'Acme: 20% off this weekend' })))).toEqual([
      'MISSING_OPT_OUT_INSTRUCTION',
    ]);
  });
  it('appends one when the tenant opts in', async () => {
    const to = fresh();
    await grant(to, 'MARKETING', ids.globex);
    const e = await evaluate(
      marketing({ to, tenantId: ids.globex, from: 'Globex', body: 'Globex: 20% off this weekend' }),
    );
    expect(e.sms.body).toBe('Globex: 20% off this weekend. Reply STOP to opt out');
  });
  it('accepts the French form for a French recipient', async () => {
    const to = recipient('+336');
    await grant(to);
    expect(
      (await evaluate(marketing({ to, body: 'Acme : soldes ce week-end. STOP au 12345' })))
        .decision,
    ).toBe('APPROVE');
  });
  it('appends the French form, with the number to reply to, for a French recipient', async () => {
    const to = recipient('+336');
    await grant(to, 'MARKETING', ids.globex);
    now = Date.parse('2026-06-10T09:00:00Z');
    const e = await evaluate(
      marketing({ to, tenantId: ids.globex, from: 'Globex', body: 'Globex : soldes ce week-end' }),
    );
    expect(e.sms.body).toBe('Globex : soldes ce week-end. STOP au 36111');
  });
  it('does not require one on transactional messages', async () =>
    expect((await evaluate(sms({ body: 'Acme: your code is 4711' }))).decision).toBe('APPROVE'));
});

describe('message length, counted after every rewrite', () => {
  const body = (n: number, ch = 'a'): string => `Acme: ${ch.repeat(n - 6)}`;
  it('accepts three GSM-7 segments (459 characters)', async () =>
    expect(await evaluate(sms({ body: body(459) }))).toMatchObject({
      decision: 'APPROVE',
      segments: 3,
      encoding: 'GSM7',
    }));
  it('refuses four segments', async () =>
    expect(codes(await evaluate(sms({ body: body(460) })))).toEqual(['TOO_LONG']));
  it('counts one emoji as forcing UCS-2 and as two units (202 units become 4 segments)', async () => {
    const e = await evaluate(sms({ body: `${body(200)}😀` }));
    expect(codes(e)).toEqual(['TOO_LONG']);
    expect(e.encoding).toBe('UCS2');
  });
  it('counts extension characters as two septets', async () =>
    expect(codes(await evaluate(sms({ body: `Acme: ${'€'.repeat(227)}` })))).toEqual(['TOO_LONG']));
  it('keeps a message in GSM-7 by transliterating smart quotes when the tenant asks', async () => {
    const e = await evaluate(
      sms({
        tenantId: ids.globex,
        from: 'Globex',
        body: 'Globex: “Your order” – it’s on its way…',
      }),
    );
    expect(e).toMatchObject({ decision: 'APPROVE', encoding: 'GSM7', segments: 1 });
    expect(e.sms.body).toBe('Globex: "Your order" - it\'s on its way...');
  });
  it('counts an extension character pushed across a part boundary as the dispatcher sends it', async () => {
    // 459 septets, 3 × 153 by arithmetic; the € would straddle septets 153-154, so it opens part 2.
    const body = `Acme: ${'a'.repeat(146)}€${'b'.repeat(459 - 6 - 146 - 2)}`;
    const e = await evaluate(sms({ body }), true);
    expect(e.segments).toBe(4);
    expect(codes(e)).toEqual(['TOO_LONG']);
    expect(e.reasons[0]?.message).toContain('4 segments');
  });
  it('refuses more links than allowed (one by default)', async () =>
    expect(
      codes(
        await evaluate(
          sms({ body: 'Acme: see https://acme.example/a and https://acme.example/b' }),
        ),
      ),
    ).toEqual(['TOO_MANY_LINKS']));
});

describe('no duplicates: the same body to the same recipient within the window', () => {
  const to = fresh();
  it('approves the first', async () =>
    expect((await evaluate(sms({ to, body: 'Acme: your code is 555' }))).decision).toBe('APPROVE'));
  it('refuses an accidental duplicate', async () =>
    expect(codes(await evaluate(sms({ to, body: 'Acme: your code is 555' })))).toEqual([
      'DUPLICATE_CONTENT',
    ]));
  it('approves the same body to someone else', async () =>
    expect((await evaluate(sms({ body: 'Acme: your code is 555' }))).decision).toBe('APPROVE'));
  it('approves the same body again after the window', async () => {
    now = BASE + 301_000;
    expect((await evaluate(sms({ to, body: 'Acme: your code is 555' }))).decision).toBe('APPROVE');
  });
});

describe('accessibility advisories', () => {
  it.each([
    ['ALL_CAPS', 'Acme: YOUR ORDER HAS SHIPPED TODAY'],
    ['EMOJI_HEAVY', 'Acme: 🎉🎉🎉🎉🎉 party'],
    ['LINK_WITHOUT_CONTEXT', 'Acme: https://acme.example/x'],
  ])('advises %s without refusing', async (code, body) => {
    const e = await evaluate(sms({ body }));
    expect(e.decision).toBe('APPROVE');
    expect(e.advisories.map((a) => a.code)).toEqual([code]);
  });
  it('refuses when the tenant makes accessibility binding', async () => {
    const to = fresh();
    await grant(to, 'TRANSACTIONAL', ids.strict);
    expect(
      codes(
        await evaluate(
          sms({
            to,
            tenantId: ids.strict,
            from: 'Strict',
            body: 'Strict: YOUR ORDER HAS SHIPPED TODAY',
          }),
        ),
      ),
    ).toEqual(['ALL_CAPS']);
  });
});

describe('every reason at once, and dry runs', () => {
  it('lists all reasons, not just the first', async () => {
    expect(
      codes(await evaluate(sms({ from: 'Nobody', body: 'what the fuck, see https://bit.ly/x' }))),
    ).toEqual([
      'MISSING_IDENTIFICATION',
      'OFFENSIVE_CONTENT',
      'SENDER_NOT_REGISTERED',
      'URL_SHORTENER',
    ]);
  });
  it('reports OPTED_OUT for a number that opted out and never consented (the bloom answers first)', async () => {
    const to = fresh();
    await optOut(to);
    expect(codes(await evaluate(marketing({ to })))).toEqual(['CONSENT_MISSING', 'OPTED_OUT']);
    expect((await evaluate(marketing({ to }))).reasons[0]?.code).toBe('OPTED_OUT');
  });
  it('gives a deferred message its QUIET_HOURS reason with the release time (Evaluate)', async () => {
    const to = fresh();
    await grant(to);
    now = Date.parse('2026-06-11T02:00:00Z'); // 22:00 in New York
    const e = await evaluate(marketing({ to }), true);
    expect(e.decision).toBe('DEFER');
    expect(e.reasons).toEqual([
      expect.objectContaining({ code: 'QUIET_HOURS', retryAfterMs: 10 * 3_600_000 }),
    ]);
  });
  it('adds QUIET_HOURS to the other reasons of a refusal at night', async () => {
    now = Date.parse('2026-06-11T02:00:00Z');
    // No opt-out instruction: refused for its content, and it is also night in New York.
    const e = await evaluate(
      marketing({ tenantId: ids.strict, from: 'Strict', body: 'Strict: sale today' }),
    );
    expect(codes(e)).toEqual(['CONSENT_MISSING', 'MISSING_OPT_OUT_INSTRUCTION', 'QUIET_HOURS']);
  });
  it('refuses marketing to a number whose time zone cannot be derived, instead of using UTC', async () => {
    now = Date.parse('2026-06-10T12:00:00Z'); // noon UTC: open if the gateway fell back to UTC
    const to = '+80012345678'; // UIFN: valid, in no time zone
    await grant(to);
    const e = await evaluate(marketing({ to }), true);
    expect(e.decision).toBe('REJECT');
    expect(codes(e)).toEqual(['QUIET_HOURS']);
  });
  it('records nothing in a dry run: the budget is intact afterwards', async () => {
    const to = fresh();
    await grant(to);
    const message = (n: number): SmsMessage =>
      marketing({ to, body: `Acme: offer ${n}. Reply STOP to opt out` });
    expect((await evaluate(message(1), true)).decision).toBe('APPROVE');
    expect((await evaluate(message(2), true)).decision).toBe('APPROVE');
    expect((await evaluate(message(3))).decision).toBe('APPROVE');
    expect(codes(await evaluate(message(4)))).toEqual(['FREQUENCY_CAP']);
  });
});

describe('purposeful messages: categories', () => {
  it.each<[Category, string]>([
    ['TRANSACTIONAL', 'APPROVE'],
    ['MARKETING', 'REJECT'],
  ])('a %s message without consent is %s', async (category, decision) =>
    expect(
      (await evaluate(sms({ category, body: 'Acme: hello. Reply STOP to opt out' }))).decision,
    ).toBe(decision),
  );
});
