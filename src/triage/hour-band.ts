import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { z } from 'zod';

/** Same vocabulary as the workflow's hour bands, so figures line up side by side. */
export const HOUR_BANDS = ['business', 'off_hours', 'holiday'] as const;
export type HourBand = (typeof HOUR_BANDS)[number];

export const hourBandSettingsSchema = z.object({
  timeZone: z.string().default('UTC'),
  /** ISO weekdays (1 = Monday … 7 = Sunday). */
  days: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  start: z.string().regex(/^\d\d:\d\d$/).default('08:00'),
  end: z.string().regex(/^\d\d:\d\d$/).default('18:00'),
  /** Extra holiday dates (YYYY-MM-DD, local), e.g. company days off. */
  holidays: z.array(z.string().regex(/^\d{4}-\d\d-\d\d$/)).default([]),
  /** Public holidays of this country (date-holidays code, e.g. "AT", "US"), optional region. */
  country: z.string().optional(),
  region: z.string().optional(),
});
export type HourBandSettings = z.infer<typeof hourBandSettingsSchema>;

/** Maps an instant (epoch ms) to its hour band. The service may pass its own tenant calendar instead. */
export type HourBandOf = (ms: number) => HourBand;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const BUCKET_MS = 15 * 60_000;

/**
 * Business hours (default Mon–Fri 08:00–18:00 in the tenant's zone), holidays, off-hours for the rest.
 * Bands only change on quarter hours in every real time zone, so the answer is cached per 15-minute
 * bucket: scoring stays fast without calling luxon for each alert.
 */
export function createHourBandOf(input: Partial<HourBandSettings> = {}): HourBandOf {
  const s = hourBandSettingsSchema.parse(input);
  const start = minutesOf(s.start);
  const end = minutesOf(s.end);
  const extra = new Set(s.holidays);
  const calendar = s.country === undefined ? undefined : s.region === undefined ? new Holidays(s.country) : new Holidays(s.country, s.region);
  const cache = new Map<number, HourBand>();
  const compute = (ms: number): HourBand => {
    const local = DateTime.fromMillis(ms, { zone: s.timeZone });
    const date = local.toISODate() ?? '';
    if (extra.has(date)) return 'holiday';
    if (calendar !== undefined) {
      const found = calendar.isHoliday(new Date(Date.UTC(local.year, local.month - 1, local.day, 12)));
      if (Array.isArray(found) && found.some((h) => h.type === 'public' || h.type === 'bank')) return 'holiday';
    }
    if (!s.days.includes(local.weekday)) return 'off_hours';
    const minute = local.hour * 60 + local.minute;
    const inside = start <= end ? minute >= start && minute < end : minute >= start || minute < end;
    return inside ? 'business' : 'off_hours';
  };
  return (ms: number): HourBand => {
    const bucket = Math.floor(ms / BUCKET_MS);
    let band = cache.get(bucket);
    if (band === undefined) {
      band = compute(bucket * BUCKET_MS);
      if (cache.size > 50_000) cache.clear();
      cache.set(bucket, band);
    }
    return band;
  };
}
