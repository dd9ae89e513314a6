import Holidays from 'date-holidays';
import type { HolidayCalendar } from './rules/quiet-hours.js';

/** Public holidays per country or region (`FR`, `US-LA`; date-holidays), cached per day. */
export function createHolidayCalendar(): HolidayCalendar {
  const calendars = new Map<string, Holidays>();
  const cache = new Map<string, boolean>();
  return (region, localDate) => {
    const key = `${region}:${localDate}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let calendar = calendars.get(region);
    const [country = '', state] = region.split('-');
    if (!calendar) {
      calendar = state ? new Holidays(country, state) : new Holidays(country);
      calendars.set(region, calendar);
    }
    // Noon local time: the holiday covers the whole local day.
    const found = calendar.isHoliday(new Date(`${localDate}T12:00:00`));
    const holiday = Array.isArray(found) && found.some((h) => h.type === 'public');
    cache.set(key, holiday);
    return holiday;
  };
}
