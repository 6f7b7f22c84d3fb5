import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import type { HourBand } from './incident.ts';

interface Window {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A tenant's calendar: which hour band an instant falls in (holiday beats business hours beats
 * off-hours), in the tenant's time zone, with public holidays from date-holidays. Metrics classify
 * thousands of instants, so the zone offset is read directly and each year's holidays are listed once.
 */
export class TenantCalendar {
  readonly timeZone: string;
  private readonly zone: IANAZone;
  private readonly businessHours: Window;
  private readonly holidays: Holidays | undefined;
  private readonly holidayYears = new Map<number, ReadonlySet<string>>();
  private offsetSpan: { from: number; to: number; offset: number } | undefined;

  constructor(options: { timeZone: string; businessHours: Window; country?: string | undefined; region?: string | undefined }) {
    this.timeZone = options.timeZone;
    this.zone = IANAZone.create(options.timeZone);
    this.businessHours = options.businessHours;
    if (options.country !== undefined) {
      this.holidays = options.region === undefined ? new Holidays(options.country) : new Holidays(options.country, options.region);
    }
  }

  local(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: this.timeZone });
  }

  /** Local weekday (1 = Monday), minute of the day and date (YYYY-MM-DD) of an instant. */
  private parts(ms: number): { weekday: number; minute: number; date: string; year: number } {
    const shifted = new Date(ms + this.offsetMinutes(ms) * 60_000);
    return {
      weekday: shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay(),
      minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
      date: shifted.toISOString().slice(0, 10),
      year: shifted.getUTCFullYear(),
    };
  }

  /**
   * The zone's UTC offset, remembered over 12-hour stretches where it does not change (daylight-saving
   * switches are months apart): one Intl lookup serves many instants.
   */
  private offsetMinutes(ms: number): number {
    const known = this.offsetSpan;
    if (known !== undefined && ms >= known.from && ms <= known.to) return known.offset;
    const offset = this.zone.offset(ms);
    const later = ms + 12 * 3_600_000;
    this.offsetSpan = this.zone.offset(later) === offset ? { from: ms, to: later, offset } : { from: ms, to: ms, offset };
    return offset;
  }

  isHoliday(ms: number): boolean {
    if (this.holidays === undefined) return false;
    const { date, year } = this.parts(ms);
    return this.holidaysOf(year).has(date);
  }

  private holidaysOf(year: number): ReadonlySet<string> {
    let dates = this.holidayYears.get(year);
    if (dates === undefined) {
      const list = this.holidays?.getHolidays(year) ?? [];
      dates = new Set(list.filter((h) => h.type === 'public' || h.type === 'bank').map((h) => h.date.slice(0, 10)));
      this.holidayYears.set(year, dates);
    }
    return dates;
  }

  inWindow(ms: number, window: Window): boolean {
    const { weekday, minute } = this.parts(ms);
    if (!window.days.includes(weekday)) return false;
    const start = minutesOf(window.start);
    const end = minutesOf(window.end);
    return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
  }

  band(ms: number): HourBand {
    if (this.isHoliday(ms)) return 'holiday';
    return this.inWindow(ms, this.businessHours) ? 'business' : 'off_hours';
  }
}
