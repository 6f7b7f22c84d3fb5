import { compileProblem, fairnessLoad, type CompiledProblem } from './compiled-problem.ts';
import type { Roster, RosterProblem } from './roster-problem.ts';

/** The objective of a roster, split the way the Curtois benchmark reports it, plus fairness. */
export interface RosterScore {
  readonly total: number;
  readonly cover: number;
  readonly coverUnder: number;
  readonly coverOver: number;
  readonly requests: number;
  readonly onRequests: number;
  readonly offRequests: number;
  readonly fairness: number;
}

const worked = (grid: Roster['grid'], e: number, d: number, shift: number): boolean => {
  const s = grid[e]?.[d] ?? -1;
  return shift < 0 ? s >= 0 : s === shift;
};

/** Staff counted towards one cover demand. */
export function coverCount(cp: CompiledProblem, grid: Roster['grid'], c: number): number {
  const demand = cp.cover[c];
  if (demand === undefined) return 0;
  let count = 0;
  for (let e = 0; e < cp.staffCount; e++) {
    if (!demand.qualified[e]) continue;
    for (const [d, s] of demand.slots) if (grid[e]?.[d] === s) count++;
  }
  return count;
}

/** Exact objective: unmet on-requests + violated off-requests + weighted under/over cover + fairness ranges. */
export function scoreCompiled(cp: CompiledProblem, roster: Roster): RosterScore {
  const grid = roster.grid;
  let onRequests = 0;
  let offRequests = 0;
  cp.staff.forEach((member, e) => {
    for (const r of member.onRequests) if (!worked(grid, e, r.day, r.shift)) onRequests += r.weight;
    for (const r of member.offRequests) if (worked(grid, e, r.day, r.shift)) offRequests += r.weight;
  });
  let coverUnder = 0;
  let coverOver = 0;
  cp.cover.forEach((demand, c) => {
    const count = coverCount(cp, grid, c);
    if (count < demand.requirement) coverUnder += (demand.requirement - count) * demand.underWeight;
    if (count > demand.requirement) coverOver += (count - demand.requirement) * demand.overWeight;
  });
  let fairness = 0;
  for (const group of cp.fairness) {
    if (group.staff.length < 2) continue;
    const loads = group.staff.map((e) => fairnessLoad(group, grid, e));
    fairness += group.weight * (Math.max(...loads) - Math.min(...loads));
  }
  const cover = coverUnder + coverOver;
  const requests = onRequests + offRequests;
  return { total: cover + requests + fairness, cover, coverUnder, coverOver, requests, onRequests, offRequests, fairness };
}

export function scoreRoster(problem: RosterProblem, roster: Roster): RosterScore {
  return scoreCompiled(compileProblem(problem), roster);
}
