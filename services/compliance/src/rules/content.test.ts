import { defaultPolicy, type SmsMessage, type Tenant } from '@smsgw/core';
import { describe, expect, it } from 'vitest';
import { createContentRules } from './content.js';

const tenant: Tenant = {
  id: 'acme',
  name: 'Acme',
  senders: new Set(['Acme']),
  policy: defaultPolicy('Acme', 'help.example'),
};
const sms = (body: string): SmsMessage => ({
  messageId: 'm',
  tenantId: 'acme',
  to: '+14155550100',
  from: 'Acme',
  body,
  category: 'TRANSACTIONAL',
  acceptedAtMs: 0,
  idempotencyKey: '',
  emergencyReason: '',
});

describe('content rules cache', () => {
  it('serves a campaign body from the cache', () => {
    const rules = createContentRules();
    const body = `Acme: ${'x'.repeat(200)}`;
    expect(rules(sms(body), tenant, 'US')).toBe(rules(sms(body), tenant, 'US'));
  });

  it('keeps within its character budget: long bodies are evicted or not cached at all', () => {
    const rules = createContentRules({ cacheChars: 1000 });
    const long = `Acme: ${'y'.repeat(2000)}`;
    expect(rules(sms(long), tenant, 'US')).not.toBe(rules(sms(long), tenant, 'US'));
    const a = `Acme: ${'a'.repeat(300)}`;
    const first = rules(sms(a), tenant, 'US');
    for (const c of 'bcd') rules(sms(`Acme: ${c.repeat(300)}`), tenant, 'US');
    expect(rules(sms(a), tenant, 'US')).not.toBe(first); // pushed out by the later ones
  });
});
