import { erlangAAgents } from './erlang-a.ts';
import { erlangCAgents, type ServiceTarget } from './erlang-c.ts';

/**
 * From forecast alerts per hour to analysts needed per hour and tier. Each tier sees a share of the alerts
 * (all of them reach tier 1; a fraction is escalated to tier 2, fewer to tier 3) with its own handling time and
 * target; Erlang C gives the analysts on the queue, or Erlang A when waiting alerts expire or are auto-closed
 * (a patience is set). Interval shrinkage (breaks, meetings, admin within a shift) turns analysts on the queue
 * into analysts to roster; a tier may also insist on a minimum (someone qualified is always on).
 */
export interface TierStaffing {
  readonly tier: string;
  /** Share of forecast alerts this tier handles (1 for tier 1, e.g. 0.2 for tier 2). */
  readonly share: number;
  readonly handlingSeconds: number;
  /** e.g. `{ serviceLevel: 0.9, withinSeconds: 900, maxOccupancy: 0.85 }`. */
  readonly target: ServiceTarget;
  /** Mean time before a waiting alert is abandoned or expires, seconds: switches to Erlang A. */
  readonly patienceSeconds?: number;
  readonly maxAbandon?: number;
  /** Fewest analysts of this tier rostered in any hour. */
  readonly minimum?: number;
}

export interface StaffingConfig {
  readonly tiers: readonly TierStaffing[];
  /** Share of rostered time not spent on the queue within a shift, e.g. 0.15. */
  readonly intervalShrinkage: number;
}

export interface HourDemand {
  readonly start: string;
  readonly alerts: number;
}

export interface TierHour {
  readonly tier: string;
  readonly arrivals: number;
  /** Analysts on the queue to meet the target. */
  readonly onQueue: number;
  /** Analysts to roster (after interval shrinkage and minimums). */
  readonly rostered: number;
  readonly serviceLevel: number;
  readonly occupancy: number;
  readonly pAbandon: number;
}

export interface StaffingHour {
  readonly start: string;
  readonly tiers: readonly TierHour[];
}

/** Analysts needed for one tier at a given arrival rate. */
export function tierRequirement(tier: TierStaffing, arrivalsPerHour: number, intervalShrinkage: number): TierHour {
  const load = { arrivalsPerHour, handlingSeconds: tier.handlingSeconds };
  const withAbandon =
    tier.patienceSeconds !== undefined
      ? erlangAAgents(load, tier.patienceSeconds, tier.maxAbandon === undefined ? tier.target : { ...tier.target, maxAbandon: tier.maxAbandon })
      : null;
  const r = withAbandon ?? erlangCAgents(load, tier.target);
  const pAbandon = withAbandon?.pAbandon ?? 0;
  const scheduled = r.agents === 0 ? 0 : Math.ceil(r.agents / (1 - intervalShrinkage) - 1e-9);
  return {
    tier: tier.tier,
    arrivals: arrivalsPerHour,
    onQueue: r.agents,
    rostered: Math.max(tier.minimum ?? 0, scheduled),
    serviceLevel: r.serviceLevel,
    occupancy: r.occupancy,
    pAbandon,
  };
}

export function staffingPlan(hours: readonly HourDemand[], config: StaffingConfig): StaffingHour[] {
  // Arrival rates repeat a lot (forecasts are smooth, staffing is integer): memoise per tier and rate.
  const memo = new Map<string, TierHour>();
  return hours.map((h) => ({
    start: h.start,
    tiers: config.tiers.map((tier) => {
      const arrivals = h.alerts * tier.share;
      const key = `${tier.tier}:${arrivals.toFixed(3)}`;
      let r = memo.get(key);
      if (r === undefined) {
        r = tierRequirement(tier, Number(arrivals.toFixed(3)), config.intervalShrinkage);
        memo.set(key, r);
      }
      return r;
    }),
  }));
}
