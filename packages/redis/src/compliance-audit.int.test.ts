import { uniqueName } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedis, type Redis } from './client.js';
import { createComplianceAudit } from './compliance-audit.js';

let redis: Redis;
beforeAll(async () => {
  redis = createRedis({ url: inject('redisUrl'), connectionName: 'audit-test' });
  await redis.connect();
});
afterAll(() => redis.disconnect());

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-10T12:00:00Z');
const optOut = (inboundId: string, receivedAtMs: number) => ({
  inboundId,
  receivedAtMs,
  effectiveAtMs: receivedAtMs + 15,
  how: 'keyword',
  repeat: false,
  confirmationTenantId: 't',
  confirmationMessageId: `reply-${inboundId}`,
});

describe('compliance audit on Redis', () => {
  it('records an opt-out once under replay and reads it back by period', async () => {
    const audit = createComplianceAudit(redis, 30 * DAY);
    const tenant = uniqueName('audit');
    await audit.recordOptOut(tenant, optOut('mo-1', T0), T0);
    await audit.recordOptOut(tenant, optOut('mo-1', T0), T0 + 5); // a replay
    await audit.recordOptOut(tenant, optOut('mo-2', T0 + DAY), T0 + DAY);
    expect(await audit.optOuts(tenant, T0, T0 + DAY, 10)).toEqual([optOut('mo-1', T0)]);
    expect(await audit.optOuts(tenant, T0, T0 + 2 * DAY, 10)).toHaveLength(2);
    expect(await audit.optOuts(tenant, T0, T0 + 2 * DAY, 1)).toHaveLength(1);
  });

  it('drops entries older than the retention on the next write', async () => {
    const audit = createComplianceAudit(redis, 10 * DAY);
    const tenant = uniqueName('audit');
    await audit.recordOptOut(tenant, optOut('old', T0), T0);
    await audit.recordOptOut(tenant, optOut('new', T0 + 11 * DAY), T0 + 11 * DAY);
    const all = await audit.optOuts(tenant, 0, T0 + 12 * DAY, 10);
    expect(all.map((o) => o.inboundId)).toEqual(['new']);
  });

  it('lists emergency sends with their reason and time, once each', async () => {
    const audit = createComplianceAudit(redis, 30 * DAY);
    const tenant = uniqueName('audit');
    const entry = { messageId: 'm1', reason: 'gas leak', atMs: T0 };
    await audit.recordEmergency(tenant, entry, T0);
    await audit.recordEmergency(tenant, { ...entry, atMs: T0 + 9 }, T0 + 9);
    expect(await audit.emergencies(tenant, T0 - 1, T0 + 10, 10)).toEqual([entry]);
  });

  it('counts refusals because of an opt-out per UTC day of the period', async () => {
    const audit = createComplianceAudit(redis, 30 * DAY);
    const tenant = uniqueName('audit');
    await audit.countOptedOutRefusals([
      { tenantId: tenant, atMs: T0 },
      { tenantId: tenant, atMs: T0 + 1 },
      { tenantId: tenant, atMs: T0 + DAY },
    ]);
    expect(await audit.optedOutRefusals(tenant, T0, T0 + 1)).toBe(2);
    expect(await audit.optedOutRefusals(tenant, T0, T0 + DAY + 1)).toBe(3);
    expect(await audit.optedOutRefusals(tenant, T0 + 3 * DAY, T0 + 4 * DAY)).toBe(0);
  });
});
