import { DateTime } from 'luxon';
import type { Store } from '../store/index.ts';
import type { TenantCalendar } from '../workflow/hour-bands.ts';
import { HOUR_BANDS, type HourBand } from '../workflow/incident.ts';
import { figures, type FigureSet } from './core-figures.ts';

export const SERIES_BUCKETS = ['day', 'week'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

export interface FigureSeries {
  readonly bucket: SeriesBucket;
  readonly buckets: readonly { readonly start: string; readonly bands: Readonly<Record<HourBand, FigureSet>> }[];
}

/** The core figures per day or week (in the tenant's time zone) and band, for charts over time. */
export async function computeFigureSeries(store: Store, tenantId: string, calendar: TenantCalendar, from: number, to: number, bucket: SeriesBucket): Promise<FigureSeries> {
  const rows = await store.incidents.forMetrics(tenantId, from, to);
  const startOf = (ms: number) => calendar.local(ms).startOf(bucket === 'day' ? 'day' : 'week').toMillis();
  const grouped = new Map<number, Map<HourBand, typeof rows>>();
  for (let t = startOf(from); t < to; t = DateTime.fromMillis(t, { zone: calendar.timeZone }).plus(bucket === 'day' ? { days: 1 } : { weeks: 1 }).toMillis()) {
    grouped.set(t, new Map(HOUR_BANDS.map((b) => [b, []])));
  }
  for (const row of rows) grouped.get(startOf(row.created_at))?.get(row.created_band as HourBand)?.push(row);
  return {
    bucket,
    buckets: [...grouped.entries()].map(([start, bands]) => ({
      start: new Date(start).toISOString(),
      bands: Object.fromEntries(HOUR_BANDS.map((b) => [b, figures(bands.get(b) ?? [])])) as Record<HourBand, FigureSet>,
    })),
  };
}
