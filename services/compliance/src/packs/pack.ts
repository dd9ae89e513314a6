/**
 * The shape of a country pack: the marketing sending window in the recipient's local time,
 * with stricter regions (US states by area code). Packs are data, one file per country, each
 * with its version, its review state and the sources it follows; the law wins over them, and a
 * tenant can only make a window stricter (`policy.sendingWindows`).
 */
export interface CountryPackData {
  country: string;
  /** Date of the last change (YYYY-MM-DD); bump it with every edit. */
  version: string;
  /** `legal-reviewed` once counsel has signed the file off; `pending` until then. */
  review: 'pending' | 'legal-reviewed';
  window: DayRules;
  /** Public holidays of the country (date-holidays) close the whole day. */
  closedOnHolidays?: boolean;
  regions?: RegionPackData[];
}

export interface RegionPackData {
  /** ISO 3166-2 code, also the date-holidays region when `closedOnHolidays` is set. */
  name: string;
  /** E.164 prefixes of the region (area codes). */
  prefixes: readonly string[];
  window: DayRules;
  closedOnHolidays?: boolean;
}

/** `HH:MM-HH:MM` per day group; a day missing from every group is closed. */
export type DayRules = Partial<Record<DayGroup, string>>;
export type DayGroup = 'every-day' | 'mon-fri' | 'mon-sat' | 'sat' | 'sun' | 'sat-sun';
