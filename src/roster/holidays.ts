import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { userError } from '../core/errors.ts';

/**
 * Public holidays of a tenant's country/region (date-holidays), looked up by local calendar date. Only the
 * `public` (and `bank`) types count by default: observances such as Valentine's Day do not change a SOC's load.
 */
export interface HolidayRegion {
  /** ISO 3166-1 alpha-2, e.g. `GB`, `DE`, `US`. */
  readonly country: string;
  /** Subdivision, e.g. `ENG`, `BY`, `CA`. */
  readonly state?: string | undefined;
  readonly region?: string | undefined;
  readonly types?: readonly string[] | undefined;
}

export interface HolidayCalendar {
  /** Holiday name for a local date `YYYY-MM-DD`, or null. */
  holidayOn(localDate: string): string | null;
  /** Holidays between two local dates inclusive, `[date, name]`. */
  between(fromDate: string, toDate: string): [string, string][];
}

const NO_HOLIDAYS: HolidayCalendar = { holidayOn: () => null, between: () => [] };

export function holidayCalendar(region: HolidayRegion | null | undefined): HolidayCalendar {
  if (region === null || region === undefined) return NO_HOLIDAYS;
  const hd =
    region.state === undefined
      ? new Holidays(region.country)
      : region.region === undefined
        ? new Holidays(region.country, region.state)
        : new Holidays(region.country, region.state, region.region);
  if (hd.getCountries()[region.country.toUpperCase()] === undefined) {
    throw userError('roster_unknown_country', `no holiday data for country "${region.country}"`);
  }
  const types = new Set(region.types ?? ['public', 'bank']);
  const byYear = new Map<number, Map<string, string>>();
  const year = (y: number): Map<string, string> => {
    let days = byYear.get(y);
    if (days === undefined) {
      days = new Map();
      for (const h of hd.getHolidays(y)) {
        if (!types.has(h.type)) continue;
        const date = h.date.slice(0, 10);
        if (!days.has(date)) days.set(date, h.name);
      }
      byYear.set(y, days);
    }
    return days;
  };
  const holidayOn = (localDate: string): string | null => year(Number(localDate.slice(0, 4))).get(localDate) ?? null;
  return {
    holidayOn,
    between(fromDate, toDate) {
      const out: [string, string][] = [];
      let d = DateTime.fromISO(fromDate, { zone: 'utc' });
      const end = DateTime.fromISO(toDate, { zone: 'utc' });
      while (d <= end) {
        const date = d.toISODate() ?? '';
        const name = holidayOn(date);
        if (name !== null) out.push([date, name]);
        d = d.plus({ days: 1 });
      }
      return out;
    },
  };
}
