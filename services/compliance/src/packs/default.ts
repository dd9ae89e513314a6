import type { CountryPackData } from './pack.js';

/** Every other country. Source: COMPLIANCE.md (default window 08:00–21:00). */
export const DEFAULT: CountryPackData = {
  country: '*',
  version: '2026-12-01',
  review: 'pending',
  window: { 'every-day': '08:00-21:00' },
};
