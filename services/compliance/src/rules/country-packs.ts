import type { TenantSendingWindow } from '@smsgw/core';
import {
  DEFAULT_PACK,
  PACKS,
  type CountryPackData,
  type DayGroup,
  type DayRules,
} from '../packs/index.js';

/** Open interval of one day, in minutes after local midnight [start, end). */
export interface DayWindow {
  startMinute: number;
  endMinute: number;
}

/** Allowed sending window in the recipient's local time. */
export interface SendingWindow {
  /** Per weekday, 0 = Sunday … 6 = Saturday; undefined when the day is closed. */
  byDay: readonly (DayWindow | undefined)[];
  /** Public holidays of `holidayRegion` are closed. */
  closedOnHolidays: boolean;
  /** `FR`, or a country and region such as `US-LA` (date-holidays codes). */
  holidayRegion: string;
}

const DAYS: Record<DayGroup, readonly number[]> = {
  'every-day': [0, 1, 2, 3, 4, 5, 6],
  'mon-fri': [1, 2, 3, 4, 5],
  'mon-sat': [1, 2, 3, 4, 5, 6],
  sat: [6],
  sun: [0],
  'sat-sun': [0, 6],
};

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function compile(rules: DayRules, closedOnHolidays: boolean, holidayRegion: string): SendingWindow {
  const byDay: (DayWindow | undefined)[] = Array.from({ length: 7 }, () => undefined);
  for (const [group, range] of Object.entries(rules) as [DayGroup, string][]) {
    const [start = '00:00', end = '00:00'] = range.split('-');
    for (const d of DAYS[group])
      byDay[d] = { startMinute: minutes(start), endMinute: minutes(end) };
  }
  return { byDay, closedOnHolidays, holidayRegion };
}

interface CompiledPack {
  window: SendingWindow;
  regions: { name: string; prefixes: readonly string[]; window: SendingWindow }[];
}

function compilePack(p: CountryPackData): CompiledPack {
  return {
    window: compile(p.window, p.closedOnHolidays ?? false, p.country),
    regions: (p.regions ?? []).map((r) => ({
      name: r.name,
      prefixes: r.prefixes,
      window: compile(r.window, r.closedOnHolidays ?? false, r.name),
    })),
  };
}

const COMPILED = new Map([...PACKS].map(([c, p]) => [c, compilePack(p)]));
const DEFAULT = compilePack(DEFAULT_PACK);

/** The window that applies to a number: its region's when it has one, else its country's. */
export function sendingWindowFor(
  e164: string,
  country: string | undefined,
): { window: SendingWindow; pack: string } {
  const pack = (country && COMPILED.get(country)) || DEFAULT;
  const region = pack.regions.find((r) => r.prefixes.some((p) => e164.startsWith(p)));
  if (region) return { window: region.window, pack: region.name };
  return { window: pack.window, pack: country && COMPILED.has(country) ? country : 'default' };
}

// Compiled once per tenant policy and country: the quiet-hours check runs for every message.
const tenantWindows = new WeakMap<object, Map<string, SendingWindow | undefined>>();

/** A tenant's own window for a country (or `*`), compiled like a pack's. */
export function tenantWindowFor(
  windows: Readonly<Record<string, TenantSendingWindow>>,
  country: string,
): SendingWindow | undefined {
  let perCountry = tenantWindows.get(windows);
  if (!perCountry)
    tenantWindows.set(windows, (perCountry = new Map<string, SendingWindow | undefined>()));
  if (perCountry.has(country)) return perCountry.get(country);
  const compiled = compileTenantWindow(windows[country] ?? windows['*'], country);
  perCountry.set(country, compiled);
  return compiled;
}

function compileTenantWindow(
  w: TenantSendingWindow | undefined,
  country: string,
): SendingWindow | undefined {
  if (!w) return undefined;
  const byDay: (DayWindow | undefined)[] = Array.from({ length: 7 }, () => undefined);
  for (const d of w.days ?? [0, 1, 2, 3, 4, 5, 6])
    byDay[d] = { startMinute: minutes(w.start), endMinute: minutes(w.end) };
  return { byDay, closedOnHolidays: false, holidayRegion: country };
}
