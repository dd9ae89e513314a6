import type { CountryPackData } from './pack.js';

/**
 * France. Sources: COMPLIANCE.md (the product's rule: Mon–Sat 08:00–20:00 Europe/Paris, no
 * Sundays or public holidays), following the Fédération Française des Télécoms code of
 * practice for SMS marketing; Code des postes et des communications électroniques L34-5
 * (prior consent, free opt-out).
 */
export const FR: CountryPackData = {
  country: 'FR',
  version: '2026-12-01',
  review: 'pending',
  window: { 'mon-sat': '08:00-20:00' },
  closedOnHolidays: true,
};
