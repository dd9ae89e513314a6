import { defaultPolicy, type Tenant } from '@smsgw/core';
import { describe, expect, it } from 'vitest';
import { ensureLive } from './messaging-service.js';
import { createSendAdmission } from './send-admission.js';

const tenant = (id: string, sendRatePerSecond = 0, sendBurst = 10): Tenant => ({
  id,
  name: id,
  senders: new Set([id]),
  policy: { ...defaultPolicy(id, 'help.example'), sendRatePerSecond, sendBurst },
});
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { reasons: { code: string }[] }).reasons[0]?.code;
  }
};

describe('send admission', () => {
  it('bounds the messages in flight and lets them out once', () => {
    const admission = createSendAdmission({ maxInFlight: 10 });
    const release = admission.admit(tenant('a'), 8, 0);
    expect(codeOf(() => admission.admit(tenant('b'), 3, 0))).toBe('INGRESS_BUSY');
    release();
    release(); // twice is once
    expect(admission.inFlight).toBe(0);
    expect(codeOf(() => admission.admit(tenant('b'), 10, 0))).toBeUndefined();
  });

  it('keeps a token bucket per tenant with the wait in the refusal', () => {
    const admission = createSendAdmission({ maxInFlight: 1000 });
    const slow = tenant('slow', 10, 5);
    admission.admit(slow, 5, 0)();
    let refusal: { retryAfterMs?: number } | undefined;
    try {
      admission.admit(slow, 2, 0);
    } catch (err) {
      refusal = (err as { reasons: { retryAfterMs?: number }[] }).reasons[0];
    }
    expect(refusal?.retryAfterMs).toBe(200); // 2 tokens at 10/s
    expect(codeOf(() => admission.admit(tenant('other', 10, 5), 5, 0))).toBeUndefined();
    expect(codeOf(() => admission.admit(slow, 2, 200))).toBeUndefined();
  });

  it('does not charge a tenant for a call that ingress refused as busy', () => {
    const admission = createSendAdmission({ maxInFlight: 3 });
    const t = tenant('t', 1, 3);
    expect(codeOf(() => admission.admit(t, 4, 0))).toBe('INGRESS_BUSY');
    expect(codeOf(() => admission.admit(t, 3, 0))).toBeUndefined();
  });
});

describe('calls nobody waits for', () => {
  const call = (cancelled: boolean, deadline: Date | number) => ({
    cancelled,
    getDeadline: () => deadline,
  });
  it('writes for a live call, and for one without a deadline', () => {
    expect(() => ensureLive(call(false, new Date(2000)), 1000)).not.toThrow();
    expect(() => ensureLive(call(false, Infinity), 1000)).not.toThrow();
  });
  it('refuses a cancelled call and one past its deadline', () => {
    expect(() => ensureLive(call(true, Infinity), 1000)).toThrow(/ended before/);
    expect(() => ensureLive(call(false, 999), 1000)).toThrow(/ended before/);
  });
});
