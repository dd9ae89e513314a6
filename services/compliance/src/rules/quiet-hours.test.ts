import { describe, expect, it } from 'vitest';
import { sendingWindowFor } from './country-packs.js';
import { checkQuietHours } from './quiet-hours.js';

const noHolidays = (): boolean => false;
const at = (iso: string): number => Date.parse(iso);
const release = (v: ReturnType<typeof checkQuietHours>): string =>
  v.open ? 'open' : new Date(v.releaseAtMs).toISOString();

describe('quiet hours', () => {
  const us = sendingWindowFor('+12125550100', 'US').window;
  it('is open inside the window in the recipient zone', () =>
    expect(
      checkQuietHours(us, ['America/New_York'], 'US', at('2026-06-10T15:00:00Z'), noHolidays),
    ).toEqual({ open: true }));
  it('releases at the next opening, across midnight', () =>
    expect(
      release(
        checkQuietHours(us, ['America/New_York'], 'US', at('2026-06-11T02:30:00Z'), noHolidays),
      ),
    ).toBe('2026-06-11T12:00:00.000Z'));
  it('waits for the strictest of several zones', () => {
    // 08:00 in New York is 05:00 in Los Angeles: both must be open.
    expect(
      release(
        checkQuietHours(
          us,
          ['America/New_York', 'America/Los_Angeles'],
          'US',
          at('2026-06-10T12:00:00Z'),
          noHolidays,
        ),
      ),
    ).toBe('2026-06-10T15:00:00.000Z');
  });
  it('follows daylight saving time changes', () => {
    // New York leaves DST on 1 November 2026: 08:00 local is 13:00Z, no longer 12:00Z.
    expect(
      release(
        checkQuietHours(us, ['America/New_York'], 'US', at('2026-11-01T10:00:00Z'), noHolidays),
      ),
    ).toBe('2026-11-01T13:00:00.000Z');
  });
  it('uses the Florida window for Florida area codes', () =>
    expect(sendingWindowFor('+13055550100', 'US').pack).toBe('US-FL'));
  it('handles zones with half-hour offsets (India)', () => {
    const india = sendingWindowFor('+919876543210', 'IN').window;
    expect(
      release(
        checkQuietHours(india, ['Asia/Kolkata'], 'IN', at('2026-06-15T03:00:00Z'), noHolidays),
      ),
    ).toBe('2026-06-15T03:30:00.000Z');
  });
});
