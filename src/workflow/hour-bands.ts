import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { HourBand } from './incident.ts';

interface Window {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A tenant's calendar: which hour band an instant falls in (holiday beats business hours beats
 * off-hours), in the tenant's time zone, with public holidays from date-holidays.
 */
export class TenantCalendar {
  readonly timeZone: string;
  private readonly businessHours: Window;
  private readonly holidays: Holidays | undefined;
  private readonly holidayCache = new Map<string, boolean>();

  constructor(options: { timeZone: string; businessHours: Window; country?: string | undefined; region?: string | undefined }) {
    this.timeZone = options.timeZone;
    this.businessHours = options.businessHours;
    if (options.country !== undefined) {
      this.holidays = options.region === undefined ? new Holidays(options.country) : new Holidays(options.country, options.region);
    }
  }

  local(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: this.timeZone });
  }

  isHoliday(ms: number): boolean {
    if (this.holidays === undefined) return false;
    const local = this.local(ms);
    const key = local.toISODate() ?? '';
    let cached = this.holidayCache.get(key);
    if (cached === undefined) {
      // Ask about local noon of that date: date-holidays works in the country's own zone.
      const noon = new Date(Date.UTC(local.year, local.month - 1, local.day, 12));
      const found = this.holidays.isHoliday(noon);
      cached = Array.isArray(found) && found.some((h) => h.type === 'public' || h.type === 'bank');
      this.holidayCache.set(key, cached);
    }
    return cached;
  }

  inWindow(ms: number, window: Window): boolean {
    const local = this.local(ms);
    if (!window.days.includes(local.weekday)) return false;
    const minute = local.hour * 60 + local.minute;
    const start = minutesOf(window.start);
    const end = minutesOf(window.end);
    return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
  }

  band(ms: number): HourBand {
    if (this.isHoliday(ms)) return 'holiday';
    return this.inWindow(ms, this.businessHours) ? 'business' : 'off_hours';
  }
}
