import type { SendingWindow } from './country-packs.js';

/** Local calendar time in a zone. */
interface LocalTime {
  date: string;
  weekday: number;
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * Local time from the zone's UTC offset, looked up once per zone and quarter hour (offsets only
 * change on quarter-hour boundaries): Intl formatting on every message cost more than the rest
 * of the quiet-hours rule.
 */
function localTime(zone: string, atMs: number): LocalTime {
  const bucket = Math.floor(atMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${zone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const local = formatLocal(zone, bucket);
    offset =
      Date.UTC(
        Number(local.date.slice(0, 4)),
        Number(local.date.slice(5, 7)) - 1,
        Number(local.date.slice(8, 10)),
        Math.floor(local.minute / 60),
        local.minute % 60,
      ) - bucket;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  const shifted = new Date(atMs + offset);
  return {
    date: shifted.toISOString().slice(0, 10),
    weekday: shifted.getUTCDay(),
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

function formatLocal(zone: string, atMs: number): LocalTime {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(atMs)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Tells whether a local date is a public holiday in a country or region (`FR`, `US-LA`). */
export type HolidayCalendar = (region: string, localDate: string) => boolean;

/** Minutes until `window` opens in `zone` at `atMs` (0 when open now). */
function minutesUntilOpen(
  window: SendingWindow,
  zone: string,
  atMs: number,
  holidays: HolidayCalendar,
): number {
  const local = localTime(zone, atMs);
  const day = window.byDay[local.weekday];
  const dayOpen = day && !(window.closedOnHolidays && holidays(window.holidayRegion, local.date));
  if (dayOpen && local.minute >= day.startMinute && local.minute < day.endMinute) return 0;
  if (dayOpen && local.minute < day.startMinute) return day.startMinute - local.minute;
  return 24 * 60 - local.minute; // next local midnight, re-checked by the caller
}

/**
 * Whether a message may go now, or when it may (every window open in every zone of the number).
 * `releaseAtMs` is undefined when no such hour exists within two weeks: the zones are too far
 * apart for any common hour, and the message must not go at all.
 */
export type QuietHoursVerdict =
  { open: true } | { open: false; releaseAtMs: number } | { open: false; releaseAtMs: undefined };

const HORIZON_MS = 14 * 86_400_000;

/**
 * Quiet hours in the recipient's local time: the message may go only when every window (the
 * country pack's, the tenant's) is open in every time zone the number may be in (the strictest
 * zone wins).
 */
export function checkQuietHours(
  windows: readonly SendingWindow[],
  zones: readonly string[],
  nowMs: number,
  holidays: HolidayCalendar,
): QuietHoursVerdict {
  const start = Math.floor(nowMs / 60_000) * 60_000;
  let t = start;
  // Each step jumps to the latest opening among closed zones and windows; days, holidays and
  // DST settle in a few steps, and zones with no common hour run out of the horizon.
  while (t - start <= HORIZON_MS) {
    let wait = 0;
    for (const w of windows)
      for (const z of zones) wait = Math.max(wait, minutesUntilOpen(w, z, t, holidays));
    if (wait === 0) return t === start ? { open: true } : { open: false, releaseAtMs: t };
    t += wait * 60_000;
  }
  return { open: false, releaseAtMs: undefined };
}
