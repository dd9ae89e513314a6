import type { CountryPackData } from './pack.js';

/**
 * India. Source: TRAI Telecom Commercial Communications Customer Preference Regulations 2018
 * (promotional messages only between 09:00 and 21:00 IST).
 */
export const IN: CountryPackData = {
  country: 'IN',
  version: '2026-12-01',
  review: 'pending',
  window: { 'every-day': '09:00-21:00' },
};
