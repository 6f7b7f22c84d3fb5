import { DateTime } from 'luxon';
import { holidayCalendar, type HolidayRegion } from './holidays.ts';
import { hourKey, type HourNeed, type PublishedRoster } from './published-roster.ts';

/**
 * Coverage gaps of a roster against the staffing need, hour by hour and tier: understaffed hours, deficit
 * analyst-hours, hours with nobody of a needed tier on duty, and how much of the gap falls outside business
 * hours or on public holidays. This is the evidence for "personnel available 24/7 to respond" (PCI DSS
 * 12.10.3), and it is shown before a roster is published. An analyst counts for an hour when on duty for at
 * least half of it.
 */
export interface CoverageOptions {
  readonly zone: string;
  readonly holidays?: HolidayRegion | null;
  /** Business hours, local; default Monday–Friday 08:00–18:00 (metrics.md). */
  readonly businessHours?: { readonly startHour: number; readonly endHour: number; readonly weekdays: readonly number[] };
}

export const HOUR_BANDS = ['business', 'off-hours', 'holiday'] as const;
export type HourBand = (typeof HOUR_BANDS)[number];

export interface CoverageHour {
  readonly hour: string;
  readonly band: HourBand;
  readonly needed: Readonly<Record<string, number>>;
  readonly rostered: Readonly<Record<string, number>>;
  /** Analysts short per tier (0 when covered). */
  readonly deficit: Readonly<Record<string, number>>;
}

export interface BandFigures {
  readonly hours: number;
  readonly understaffedHours: number;
  readonly deficitAnalystHours: number;
  readonly noneQualifiedHours: number;
}

export interface CoverageReport {
  readonly hours: readonly CoverageHour[];
  readonly totalHours: number;
  /** Hours where at least one tier is short. */
  readonly understaffedHours: number;
  readonly deficitAnalystHours: number;
  /** Hours where a tier that is needed has nobody on duty. */
  readonly noneQualifiedHours: number;
  /** Hours with nobody at all on duty. */
  readonly uncoveredHours: number;
  readonly byTier: Readonly<Record<string, { readonly understaffedHours: number; readonly deficitAnalystHours: number; readonly noneQualifiedHours: number }>>;
  readonly byBand: Readonly<Record<HourBand, BandFigures>>;
}

const HOUR = 3_600_000;

export function coverageReport(roster: PublishedRoster, needs: readonly HourNeed[], options: CoverageOptions): CoverageReport {
  const calendar = holidayCalendar(options.holidays);
  const bh = options.businessHours ?? { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] };
  const onDuty = new Map<string, Record<string, number>>();
  for (const a of roster.assignments) {
    const start = Date.parse(a.start);
    const end = Date.parse(a.end);
    for (let t = Math.floor(start / HOUR) * HOUR; t < end; t += HOUR) {
      if (Math.min(end, t + HOUR) - Math.max(start, t) < HOUR / 2) continue;
      const key = hourKey(t);
      const tiers = onDuty.get(key) ?? {};
      tiers[a.tier] = (tiers[a.tier] ?? 0) + 1;
      onDuty.set(key, tiers);
    }
  }
  const tiers = new Set<string>();
  for (const n of needs) for (const t of Object.keys(n.needs)) tiers.add(t);
  for (const a of roster.assignments) tiers.add(a.tier);
  const byTier: Record<string, { understaffedHours: number; deficitAnalystHours: number; noneQualifiedHours: number }> = {};
  for (const t of tiers) byTier[t] = { understaffedHours: 0, deficitAnalystHours: 0, noneQualifiedHours: 0 };
  const byBand: Record<HourBand, { hours: number; understaffedHours: number; deficitAnalystHours: number; noneQualifiedHours: number }> = {
    business: { hours: 0, understaffedHours: 0, deficitAnalystHours: 0, noneQualifiedHours: 0 },
    'off-hours': { hours: 0, understaffedHours: 0, deficitAnalystHours: 0, noneQualifiedHours: 0 },
    holiday: { hours: 0, understaffedHours: 0, deficitAnalystHours: 0, noneQualifiedHours: 0 },
  };
  let understaffed = 0;
  let deficitTotal = 0;
  let noneQualified = 0;
  let uncovered = 0;
  const hours: CoverageHour[] = needs.map((n) => {
    const local = DateTime.fromISO(n.hour, { zone: 'utc' }).setZone(options.zone);
    const band: HourBand =
      calendar.holidayOn(local.toISODate() ?? '') !== null
        ? 'holiday'
        : bh.weekdays.includes(local.weekday) && local.hour >= bh.startHour && local.hour < bh.endHour
          ? 'business'
          : 'off-hours';
    const rostered = onDuty.get(n.hour) ?? {};
    const deficit: Record<string, number> = {};
    let short = false;
    let nobody = false;
    let sum = 0;
    for (const t of tiers) {
      const need = n.needs[t] ?? 0;
      const have = rostered[t] ?? 0;
      const gap = Math.max(0, need - have);
      deficit[t] = gap;
      sum += gap;
      const stats = byTier[t];
      if (stats === undefined) continue;
      if (gap > 0) {
        short = true;
        stats.understaffedHours++;
        stats.deficitAnalystHours += gap;
      }
      if (need > 0 && have === 0) {
        nobody = true;
        stats.noneQualifiedHours++;
      }
    }
    const b = byBand[band];
    b.hours++;
    if (short) {
      understaffed++;
      b.understaffedHours++;
    }
    if (nobody) {
      noneQualified++;
      b.noneQualifiedHours++;
    }
    b.deficitAnalystHours += sum;
    deficitTotal += sum;
    if (Object.values(rostered).every((v) => v === 0)) uncovered++;
    return { hour: n.hour, band, needed: n.needs, rostered, deficit };
  });
  return {
    hours,
    totalHours: needs.length,
    understaffedHours: understaffed,
    deficitAnalystHours: deficitTotal,
    noneQualifiedHours: noneQualified,
    uncoveredHours: uncovered,
    byTier,
    byBand,
  };
}
