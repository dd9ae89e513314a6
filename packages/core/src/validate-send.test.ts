import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy.js';
import type { Principal } from './tenant.js';
import { validateSend, type SendInput } from './validate-send.js';

const acme: Principal = {
  tenant: {
    id: 'acme',
    name: 'Acme',
    senders: new Set(['Acme', '+14155550100']),
    policy: defaultPolicy('Acme'),
  },
  scopes: new Set(['messages:send']),
};
const limits = { maxBodyChars: 100, maxIdempotencyKeyChars: 16 };
const good: SendInput = {
  to: '+14155550123',
  from: 'Acme',
  body: 'Acme: hi',
  category: 'TRANSACTIONAL',
  idempotencyKey: '',
  emergencyReason: '',
};
const codes = (input: Partial<SendInput>, principal = acme): string[] => {
  const r = validateSend({ ...good, ...input }, principal, limits);
  return r.ok ? [] : r.reasons.map((x) => x.code);
};

describe('validateSend', () => {
  it('accepts a valid message', () => {
    expect(validateSend(good, acme, limits)).toEqual({
      ok: true,
      value: { ...good, category: 'TRANSACTIONAL' },
    });
  });

  it.each([
    [{ to: '14155550123' }, 'INVALID_NUMBER'],
    [{ to: '+1415555' }, 'INVALID_NUMBER'],
    [{ to: '+999123456789' }, 'INVALID_NUMBER'],
    [{ from: 'Globex' }, 'SENDER_NOT_REGISTERED'],
    [{ from: 'far too long sender' }, 'INVALID_SENDER'],
    [{ body: '   ' }, 'EMPTY_BODY'],
    [{ body: 'x'.repeat(101) }, 'BODY_TOO_LONG'],
    [{ body: 'bad \u0007 bell' }, 'INVALID_BODY_ENCODING'],
    [{ body: 'lone \uD800 surrogate' }, 'INVALID_BODY_ENCODING'],
    [{ category: 'SPAM' }, 'INVALID_CATEGORY'],
    [{ category: '' }, 'INVALID_CATEGORY'],
    [{ idempotencyKey: 'k'.repeat(17) }, 'INVALID_IDEMPOTENCY_KEY'],
  ])('refuses %o with %s', (input, code) => {
    expect(codes(input)).toEqual([code]);
  });

  it('reports every problem at once, not just the first', () => {
    expect(codes({ to: 'x', from: 'Globex', body: '' })).toEqual([
      'INVALID_NUMBER',
      'SENDER_NOT_REGISTERED',
      'EMPTY_BODY',
    ]);
  });

  it('requires the emergency scope and a stated reason for EMERGENCY', () => {
    expect(codes({ category: 'EMERGENCY' })).toEqual([
      'EMERGENCY_NOT_AUTHORIZED',
      'EMERGENCY_REASON_REQUIRED',
    ]);
    const emergency: Principal = {
      ...acme,
      scopes: new Set(['messages:send', 'messages:send-emergency']),
    };
    expect(codes({ category: 'EMERGENCY', emergencyReason: 'flood warning' }, emergency)).toEqual(
      [],
    );
    // The audit keeps the reason for years: a sentence, not a document.
    expect(codes({ category: 'EMERGENCY', emergencyReason: 'x'.repeat(501) }, emergency)).toEqual([
      'FIELD_TOO_LONG',
    ]);
  });

  it('accepts an E.164 long number registered as sender', () => {
    expect(codes({ from: '+14155550100' })).toEqual([]);
  });
});
