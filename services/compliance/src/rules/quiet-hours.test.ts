import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../holidays.js';
import { loadTimeZoneLookup } from '../time-zones.js';
import { sendingWindowFor, tenantWindowFor } from './country-packs.js';
import { checkQuietHours } from './quiet-hours.js';

const noHolidays = (): boolean => false;
const at = (iso: string): number => Date.parse(iso);
const release = (v: ReturnType<typeof checkQuietHours>): string =>
  v.open ? 'open' : v.releaseAtMs === undefined ? 'never' : new Date(v.releaseAtMs).toISOString();
const packWindow = (e164: string, country: string) => [sendingWindowFor(e164, country).window];

describe('quiet hours', () => {
  const us = packWindow('+12125550100', 'US');
  it('is open inside the window in the recipient zone', () =>
    expect(
      checkQuietHours(us, ['America/New_York'], at('2026-06-10T15:00:00Z'), noHolidays),
    ).toEqual({ open: true }));
  it('releases at the next opening, across midnight', () =>
    expect(
      release(checkQuietHours(us, ['America/New_York'], at('2026-06-11T02:30:00Z'), noHolidays)),
    ).toBe('2026-06-11T12:00:00.000Z'));
  it('waits for the strictest of several zones', () => {
    // 08:00 in New York is 05:00 in Los Angeles: both must be open.
    const zones = ['America/New_York', 'America/Los_Angeles'];
    expect(release(checkQuietHours(us, zones, at('2026-06-10T12:00:00Z'), noHolidays))).toBe(
      '2026-06-10T15:00:00.000Z',
    );
  });
  it('follows daylight saving time changes', () => {
    // New York leaves DST on 1 November 2026: 08:00 local is 13:00Z, no longer 12:00Z.
    expect(
      release(checkQuietHours(us, ['America/New_York'], at('2026-11-01T10:00:00Z'), noHolidays)),
    ).toBe('2026-11-01T13:00:00.000Z');
  });
  it('handles zones with half-hour offsets (India)', () => {
    const india = packWindow('+919876543210', 'IN');
    expect(
      release(checkQuietHours(india, ['Asia/Kolkata'], at('2026-06-15T03:00:00Z'), noHolidays)),
    ).toBe('2026-06-15T03:30:00.000Z');
  });
});

describe('country packs', () => {
  it.each([
    ['+13055550100', 'US-FL'],
    ['+14055550100', 'US-OK'],
    ['+14105550100', 'US-MD'],
    ['+12065550100', 'US-WA'],
    ['+15125550100', 'US-TX'],
    ['+12035550100', 'US-CT'],
    ['+15045550100', 'US-LA'],
    ['+16015550100', 'US-MS'],
    ['+12125550100', 'US'],
  ])('%s follows %s', (e164, pack) => expect(sendingWindowFor(e164, 'US').pack).toBe(pack));

  it('opens Texas at noon on Sundays (Tex. Bus. & Com. Code 301.051)', () => {
    const texas = packWindow('+15125550100', 'US');
    // Sunday 2026-06-14 10:00 in Austin: closed until 12:00 local (17:00Z).
    expect(
      release(checkQuietHours(texas, ['America/Chicago'], at('2026-06-14T15:00:00Z'), noHolidays)),
    ).toBe('2026-06-14T17:00:00.000Z');
  });

  it('closes Louisiana on its public holidays and Sundays', () => {
    const louisiana = packWindow('+15045550100', 'US');
    const holidays = createHolidayCalendar();
    // Friday 2026-12-25 10:00 in New Orleans is Christmas; the 26th is a Saturday.
    expect(
      release(
        checkQuietHours(louisiana, ['America/Chicago'], at('2026-12-25T16:00:00Z'), holidays),
      ),
    ).toBe('2026-12-26T14:00:00.000Z');
  });

  it('closes Canada at 18:00 on weekends (CRTC Telemarketing Rules)', () => {
    const canada = packWindow('+14165550100', 'CA');
    expect(
      release(checkQuietHours(canada, ['America/Toronto'], at('2026-06-13T23:00:00Z'), noHolidays)),
    ).toBe('2026-06-14T14:00:00.000Z');
  });

  it('lets a tenant narrow the window, never widen it', () => {
    const us = packWindow('+12125550100', 'US');
    const own = tenantWindowFor({ US: { start: '10:00', end: '23:00' } }, 'US');
    const windows = [...us, ...(own ? [own] : [])];
    // 09:00 New York: the pack is open, the tenant's window is not.
    expect(
      release(
        checkQuietHours(windows, ['America/New_York'], at('2026-06-10T13:00:00Z'), noHolidays),
      ),
    ).toBe('2026-06-10T14:00:00.000Z');
    // 21:30 New York: the tenant allows it, the pack does not.
    expect(
      release(
        checkQuietHours(windows, ['America/New_York'], at('2026-06-11T01:30:00Z'), noHolidays),
      ),
    ).toBe('2026-06-11T14:00:00.000Z');
  });
});

describe('numbers whose zone is not known fail closed', () => {
  const zones = loadTimeZoneLookup();
  it('takes every zone of the country code when the number has no entry of its own', () => {
    const found = zones('+33999999999');
    expect(found.source).toBe('country');
    expect(found.zones).toContain('Europe/Paris');
  });
  it('finds nothing for a calling code without zones and allows no hour at all', () => {
    const found = zones('+99912345678');
    expect(found.source).toBe('unknown');
    expect(
      release(
        checkQuietHours(
          packWindow('+99912345678', 'XX'),
          found.zones,
          at('2026-06-10T12:00:00Z'),
          noHolidays,
        ),
      ),
    ).toBe('never');
  });
  it('never falls back to UTC', () => expect(zones('+99912345678').zones).not.toContain('UTC'));
});
