import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from './client.js';
import { CONSENT_HISTORY_CAP, createConsentStore } from './consent-store.js';

let redis: Redis;
beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'consent-store-test' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const evidence = (atMs: number) => ({
  source: 'web_form',
  channel: 'web',
  atMs,
  proofText: `form ${atMs}`,
  moMessageId: '',
});

describe('consent store on Redis', () => {
  it('keeps the newest entries of a history recorded in a loop, and the evidence in force', async () => {
    const consent = createConsentStore(redis);
    const ref = { tenantId: uniqueName('cap'), h: 'k1.0123456789abcdef0123456789abcdef' };
    const total = CONSENT_HISTORY_CAP + 25;
    for (let i = 0; i < total; i += 100) {
      const n = Math.min(100, total - i);
      await consent.grantMany(
        Array.from({ length: n }, (_, k) => ({
          ref,
          purpose: 'MARKETING' as const,
          evidence: evidence(i + k),
        })),
      );
    }
    await consent.setOptOut(ref, true, evidence(total));
    const history = await consent.history(ref);
    expect(history).toHaveLength(CONSENT_HISTORY_CAP);
    expect(history.at(-1)?.action).toBe('OPT_OUT');
    expect(history[0]?.evidence.atMs).toBe(total - CONSENT_HISTORY_CAP + 1);
    const [state] = await consent.getMany([ref]);
    expect(state?.consents.MARKETING?.evidence.atMs).toBe(total - 1);
    expect(state?.optedOut).toBe(true);
  });

  it('takes an import row sent again (a resumed import) as a replay: one history entry', async () => {
    const consent = createConsentStore(redis);
    const ref = { tenantId: uniqueName('replay'), h: 'k1.fedcba9876543210fedcba9876543210' };
    const row = { ref, purpose: 'MARKETING' as const, evidence: evidence(42) };
    await consent.grantMany([row]);
    await consent.grantMany([row, row]);
    expect(await consent.history(ref)).toHaveLength(1);
    // New evidence is a new grant.
    await consent.grantMany([{ ...row, evidence: evidence(43) }]);
    expect((await consent.history(ref)).map((e) => e.evidence.atMs)).toEqual([42, 43]);
  });
});
