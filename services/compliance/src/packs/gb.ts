import type { CountryPackData } from './pack.js';

/**
 * United Kingdom. Sources: PECR 2003 reg. 22 (consent or soft opt-in; no statutory hours);
 * COMPLIANCE.md default window 08:00–21:00, as the ICO direct-marketing guidance asks senders
 * to avoid unsocial hours.
 */
export const GB: CountryPackData = {
  country: 'GB',
  version: '2026-12-01',
  review: 'pending',
  window: { 'every-day': '08:00-21:00' },
};
