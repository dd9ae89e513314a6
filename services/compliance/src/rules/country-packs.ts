/** Allowed sending window in the recipient's local time, in minutes after midnight [start, end). */
export interface SendingWindow {
  startMinute: number;
  endMinute: number;
  /** Allowed days, 0 = Sunday … 6 = Saturday. */
  days: readonly number[];
  /** Public holidays of this country are closed. */
  closedOnHolidays: boolean;
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;
const window = (
  start: number,
  end: number,
  days: readonly number[] = EVERY_DAY,
  closedOnHolidays = false,
): SendingWindow => ({
  startMinute: start * 60,
  endMinute: end * 60,
  days,
  closedOnHolidays,
});

/** Florida's telemarketing law ends at 20:00 (Fla. Stat. 501.616); its area codes. */
const FLORIDA = [
  '239',
  '305',
  '321',
  '324',
  '352',
  '386',
  '407',
  '448',
  '561',
  '645',
  '656',
  '689',
  '727',
  '728',
  '754',
  '772',
  '786',
  '813',
  '850',
  '863',
  '904',
  '941',
  '954',
];

interface CountryPack {
  window: SendingWindow;
  regions?: { name: string; prefixes: readonly string[]; window: SendingWindow }[];
}

/** Country packs of COMPLIANCE.md: marketing windows by country, with stricter regions. */
const PACKS: Record<string, CountryPack> = {
  US: {
    window: window(8, 21),
    regions: [{ name: 'US-FL', prefixes: FLORIDA.map((a) => `+1${a}`), window: window(8, 20) }],
  },
  FR: { window: window(8, 20, [1, 2, 3, 4, 5, 6], true) },
  GB: { window: window(8, 21) },
  IN: { window: window(9, 21) },
};
const DEFAULT_PACK: CountryPack = { window: window(8, 21) };

/** The window that applies to a number: its region's when stricter, else its country's. */
export function sendingWindowFor(
  e164: string,
  country: string | undefined,
): { window: SendingWindow; pack: string } {
  const pack = (country && PACKS[country]) || DEFAULT_PACK;
  const region = pack.regions?.find((r) => r.prefixes.some((p) => e164.startsWith(p)));
  if (region) return { window: region.window, pack: region.name };
  return { window: pack.window, pack: country && PACKS[country] ? country : 'default' };
}
