import type { PublishedRoster, ShiftAssignment } from './published-roster.ts';

/**
 * Who is on duty at time T, and when their shift ends: the port the workflow engine calls to assign alerts
 * and hand over. Pure lookup over a published roster (overrides and swaps already applied).
 */
export interface OnDuty {
  readonly analyst: string;
  readonly tier: string;
  readonly site: string;
  readonly shift: string;
  readonly start: string;
  readonly end: string;
}

export interface OnDutyOptions {
  /** Only analysts of these tiers. */
  readonly tiers?: readonly string[];
}

/** Assignments whose [start, end) contains `at`, sorted by tier then analyst. */
export function onDutyAt(roster: PublishedRoster, at: Date | string, options: OnDutyOptions = {}): OnDuty[] {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a valid time: ${String(at)}`);
  const tiers = options.tiers === undefined ? null : new Set(options.tiers);
  return roster.assignments
    .filter((a) => Date.parse(a.start) <= t && t < Date.parse(a.end) && (tiers === null || tiers.has(a.tier)))
    .map(toOnDuty)
    .sort((a, b) => a.tier.localeCompare(b.tier) || a.analyst.localeCompare(b.analyst));
}

/** The next instant after `at` at which someone comes on or goes off duty (null when the roster has ended). */
export function nextChangeAfter(roster: PublishedRoster, at: Date | string): string | null {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  let next = Number.POSITIVE_INFINITY;
  for (const a of roster.assignments) {
    for (const edge of [Date.parse(a.start), Date.parse(a.end)]) if (edge > t && edge < next) next = edge;
  }
  return Number.isFinite(next) ? new Date(next).toISOString() : null;
}

function toOnDuty(a: ShiftAssignment): OnDuty {
  return { analyst: a.analyst, tier: a.tier, site: a.site, shift: a.shift, start: a.start, end: a.end };
}
