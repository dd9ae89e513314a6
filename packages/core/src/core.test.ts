import { describe, expect, it } from 'vitest';
import { GatewayError, toGatewayError } from './errors.js';
import { currentState } from './message.js';
import { createMessageIdGenerator, isMessageId } from './message-id.js';
import { hashMsisdn, maskMsisdn } from './redact.js';
import { classifySender } from './sender.js';
import { createStateMachine } from './state-machine.js';

describe('message ids', () => {
  it('are 26 Crockford base32 characters that sort by time', () => {
    let now = 1_700_000_000_000;
    const next = createMessageIdGenerator({ clock: { nowMs: () => now } });
    const first = next();
    now += 1;
    const second = next();
    expect(isMessageId(first)).toBe(true);
    expect(second > first).toBe(true);
  });

  it('differ within the same millisecond', () => {
    const next = createMessageIdGenerator({ clock: { nowMs: () => 1 } });
    expect(new Set(Array.from({ length: 1000 }, next)).size).toBe(1000);
  });
});

describe('currentState', () => {
  it('picks the furthest state even when events arrive out of order', () => {
    expect(
      currentState([
        { state: 'SUBMITTED', atMs: 3 },
        { state: 'ACCEPTED', atMs: 1 },
        { state: 'APPROVED', atMs: 2 },
      ]),
    ).toBe('SUBMITTED');
  });

  it('lets a receipt for an in-doubt message win over UNKNOWN', () => {
    expect(
      currentState([
        { state: 'UNKNOWN', atMs: 5 },
        { state: 'DELIVERED', atMs: 4 },
      ]),
    ).toBe('DELIVERED');
  });
});

describe('state machine', () => {
  const make = () =>
    createStateMachine<'A' | 'B' | 'C'>('test', 'A', { A: ['B'], B: ['C'], C: [] });
  it('follows allowed transitions', () => {
    const m = make();
    m.to('B');
    m.to('C');
    expect(m.state).toBe('C');
  });
  it('throws on an illegal transition and stays where it was', () => {
    const m = make();
    expect(() => m.to('C')).toThrow(/illegal transition A -> C/);
    expect(m.state).toBe('A');
  });
});

describe('errors', () => {
  it('turns unknown errors into INTERNAL without keeping their message', () => {
    const err = toGatewayError(new Error('db password is hunter2'));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe('internal error');
  });
  it('keeps gateway errors as they are', () => {
    const original = new GatewayError('UNAVAILABLE', 'down', { retryable: true });
    expect(toGatewayError(original)).toBe(original);
  });
});

describe('privacy helpers', () => {
  it('hash numbers stably without revealing them', () => {
    expect(hashMsisdn('+14155550123')).toBe(hashMsisdn('+14155550123'));
    expect(hashMsisdn('+14155550123')).not.toContain('4155550123');
    expect(maskMsisdn('+14155550123')).toBe('+141******23');
  });
});

describe('senders', () => {
  it.each([
    ['Acme', 'alphanumeric'],
    ['12345', 'shortcode'],
    ['+14155550100', 'international'],
    ['', undefined],
    ['123456789012', undefined],
  ])('classifies %s as %s', (sender, kind) => {
    expect(classifySender(sender)).toBe(kind);
  });
});
