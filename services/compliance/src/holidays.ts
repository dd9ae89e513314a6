import Holidays from 'date-holidays';
import type { HolidayCalendar } from './rules/quiet-hours.js';

/** Public holidays per country (date-holidays), cached per day. */
export function createHolidayCalendar(): HolidayCalendar {
  const calendars = new Map<string, Holidays>();
  const cache = new Map<string, boolean>();
  return (country, localDate) => {
    const key = `${country}:${localDate}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let calendar = calendars.get(country);
    if (!calendar) calendars.set(country, (calendar = new Holidays(country)));
    // Noon local time: the holiday covers the whole local day.
    const found = calendar.isHoliday(new Date(`${localDate}T12:00:00`));
    const holiday = Array.isArray(found) && found.some((h) => h.type === 'public');
    cache.set(key, holiday);
    return holiday;
  };
}
