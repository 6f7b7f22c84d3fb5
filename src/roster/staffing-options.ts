import { DateTime } from 'luxon';
import { staffingPlan, type HourDemand, type StaffingConfig, type StaffingHour, type TierStaffing } from './staffing.ts';

/**
 * What a staffing plan costs, and how the usual SOC operating models compare: fully in-house with every
 * tier, two tiers (tiers 2 and up merged), and hybrid with an MSSP covering nights and weekends. All prices
 * are plain configuration; nothing here knows a currency or a vendor.
 */
export interface CostConfig {
  readonly currency: string;
  /** Fully loaded annual cost of one full-time analyst, per tier. */
  readonly annualCost: Readonly<Record<string, number>>;
  readonly contractHoursPerWeek: number;
  /** Share of paid time that cannot be rostered at all: leave, sickness, training (e.g. 0.2). */
  readonly absenceShrinkage: number;
  /** Extra pay for hours outside business hours (nights, weekends, holidays), as a share, e.g. 0.25. */
  readonly offHoursPremium?: number;
  /** Business hours, local time; default Monday–Friday 08:00–18:00. */
  readonly businessHours?: { readonly startHour: number; readonly endHour: number; readonly weekdays: readonly number[] };
  readonly mssp?: {
    readonly perAlert?: number;
    readonly perCoveredHour?: number;
    readonly annualBase?: number;
  };
}

export interface StaffingOption {
  readonly name: 'in-house' | 'two-tier' | 'hybrid-mssp';
  readonly description: string;
  /** Full-time equivalents per tier (fractional), and the whole people to hire. */
  readonly fte: Readonly<Record<string, number>>;
  readonly headcount: Readonly<Record<string, number>>;
  readonly analystHoursPerWeek: Readonly<Record<string, number>>;
  readonly inHouseCost: number;
  readonly msspCost: number;
  readonly totalCost: number;
  readonly currency: string;
}

const WEEKS_PER_YEAR = 52;

/** Productive hours one FTE gives the roster per week. */
function productiveHours(cost: CostConfig): number {
  return cost.contractHoursPerWeek * (1 - cost.absenceShrinkage);
}

/** FTE needed to keep one seat filled around the clock (24/7: 168 hours a week). */
export function seatFte(cost: CostConfig, hoursPerWeek = 168): number {
  return hoursPerWeek / productiveHours(cost);
}

function isBusinessHour(start: string, zone: string, cost: CostConfig): boolean {
  const bh = cost.businessHours ?? { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] };
  const local = DateTime.fromISO(start, { setZone: true }).setZone(zone);
  return bh.weekdays.includes(local.weekday) && local.hour >= bh.startHour && local.hour < bh.endHour;
}

function costPlan(
  name: StaffingOption['name'],
  description: string,
  plan: readonly StaffingHour[],
  hours: readonly HourDemand[],
  zone: string,
  cost: CostConfig,
  inHouse: (start: string) => boolean,
  msspAlertsShare: number,
): StaffingOption {
  const weeks = Math.max(1, plan.length / 168);
  const hoursPerWeek: Record<string, number> = {};
  const offHoursPerWeek: Record<string, number> = {};
  let msspHours = 0;
  let msspAlerts = 0;
  plan.forEach((h, i) => {
    if (!inHouse(h.start)) {
      msspHours++;
      msspAlerts += (hours[i]?.alerts ?? 0) * msspAlertsShare;
      return;
    }
    const off = !isBusinessHour(h.start, zone, cost);
    for (const t of h.tiers) {
      hoursPerWeek[t.tier] = (hoursPerWeek[t.tier] ?? 0) + t.rostered / weeks;
      if (off) offHoursPerWeek[t.tier] = (offHoursPerWeek[t.tier] ?? 0) + t.rostered / weeks;
    }
  });
  const fte: Record<string, number> = {};
  const headcount: Record<string, number> = {};
  let inHouseCost = 0;
  for (const [tier, perWeek] of Object.entries(hoursPerWeek)) {
    fte[tier] = perWeek / productiveHours(cost);
    headcount[tier] = Math.ceil((fte[tier] ?? 0) - 1e-9);
    const offShare = perWeek > 0 ? (offHoursPerWeek[tier] ?? 0) / perWeek : 0;
    inHouseCost += (fte[tier] ?? 0) * (cost.annualCost[tier] ?? 0) * (1 + (cost.offHoursPremium ?? 0) * offShare);
  }
  const m = cost.mssp;
  const msspCost =
    msspHours === 0 || m === undefined
      ? 0
      : (m.annualBase ?? 0) + ((m.perCoveredHour ?? 0) * msspHours + (m.perAlert ?? 0) * msspAlerts) * (WEEKS_PER_YEAR / weeks);
  return {
    name,
    description,
    fte,
    headcount,
    analystHoursPerWeek: hoursPerWeek,
    inHouseCost,
    msspCost,
    totalCost: inHouseCost + msspCost,
    currency: cost.currency,
  };
}

/** Tiers 2 and up merged into one: their shares add up, handling time is the share-weighted mean. */
export function twoTierConfig(config: StaffingConfig): StaffingConfig {
  const [first, ...rest] = config.tiers;
  if (first === undefined || rest.length <= 1) return config;
  const share = rest.reduce((a, t) => a + t.share, 0);
  const handling = rest.reduce((a, t) => a + t.share * t.handlingSeconds, 0) / Math.max(1e-12, share);
  const second = rest[0];
  const merged: TierStaffing = {
    ...second,
    tier: second?.tier ?? 't2',
    share,
    handlingSeconds: handling,
    target: second?.target ?? {},
    minimum: Math.max(...rest.map((t) => t.minimum ?? 0)),
  };
  return { ...config, tiers: [first, merged] };
}

export function compareStaffingOptions(hours: readonly HourDemand[], config: StaffingConfig, cost: CostConfig, zone: string): StaffingOption[] {
  const full = staffingPlan(hours, config);
  const options: StaffingOption[] = [
    costPlan('in-house', 'every tier in-house, around the clock', full, hours, zone, cost, () => true, 0),
    costPlan('two-tier', 'tier 1 plus one merged escalation tier, in-house around the clock', staffingPlan(hours, twoTierConfig(config)), hours, zone, cost, () => true, 0),
  ];
  if (cost.mssp !== undefined) {
    options.push(
      costPlan(
        'hybrid-mssp',
        'in-house in business hours; an MSSP handles nights, weekends and holidays',
        full,
        hours,
        zone,
        cost,
        (start) => isBusinessHour(start, zone, cost),
        1,
      ),
    );
  }
  return options;
}
