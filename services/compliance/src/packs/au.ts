import type { CountryPackData } from './pack.js';

/**
 * Australia. Source: Telecommunications (Telemarketing and Research Calls) Industry Standard
 * 2017, s. 8 (weekdays 09:00–20:00, Saturday 09:00–17:00, no Sundays or national public
 * holidays), applied to marketing texts as the strictest reading.
 */
export const AU: CountryPackData = {
  country: 'AU',
  version: '2026-12-01',
  review: 'pending',
  window: { 'mon-fri': '09:00-20:00', sat: '09:00-17:00' },
  closedOnHolidays: true,
};
