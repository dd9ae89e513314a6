import type { CountryPackData } from './pack.js';

/**
 * Canada. Source: CRTC Unsolicited Telecommunications Rules, Part III (Telemarketing Rules),
 * 4(a): weekdays 09:00–21:30, weekends 10:00–18:00, recipient's local time.
 */
export const CA: CountryPackData = {
  country: 'CA',
  version: '2026-12-01',
  review: 'pending',
  window: { 'mon-fri': '09:00-21:30', 'sat-sun': '10:00-18:00' },
};
