import { coverageReport, type CoverageReport } from './coverage.ts';
import { fairnessReport, type FairnessFigure } from './fairness.ts';
import { hourKey, type HourNeed, type PublishedRoster } from './published-roster.ts';
import { rosterToIds, type Roster } from './roster-problem.ts';
import { solveRoster, type SolveResult } from './roster-solver.ts';
import { buildSocPlan, publishRoster, type SocPlan } from './soc-model.ts';
import type { TeamSpec } from './soc-spec.ts';
import { staffingPlan, type HourDemand, type StaffingConfig } from './staffing.ts';

/**
 * The whole planning pipeline for one team: staffing figures (optional) → SOC roster model → solver →
 * published roster with its coverage gaps and fairness figures. What `vigil roster plan` prints and what the
 * API will return before a roster is published.
 */
export interface PlanTeamOptions {
  readonly timeLimit: number;
  readonly seed?: number;
  readonly relGap?: number;
  /** Forecast alerts per UTC hour and the staffing configuration: turned into needs per hour and tier. */
  readonly staffing?: { readonly hours: readonly HourDemand[]; readonly config: StaffingConfig };
  /** Needs per hour given directly (combined with the spec's minimum rules). */
  readonly needs?: readonly HourNeed[];
  readonly initial?: Roster;
  readonly onProgress?: (objective: number, seconds: number) => void;
  readonly onLog?: (message: string) => void;
  /** Solver workers searching side by side (roster-solver.ts; default two where there are the cores). */
  readonly workers?: number;
}

export interface TeamPlan {
  readonly plan: SocPlan;
  readonly solve: SolveResult;
  readonly roster: Record<string, (string | null)[]>;
  readonly published: PublishedRoster;
  readonly coverage: CoverageReport;
  readonly fairness: readonly FairnessFigure[];
}

/** Needs per hour and tier, and expected alerts per rostered analyst, from a staffing plan. */
export function needsFromStaffing(hours: readonly HourDemand[], config: StaffingConfig): { needs: HourNeed[]; alertLoad: Map<string, Record<string, number>> } {
  const plan = staffingPlan(hours, config);
  const needs: HourNeed[] = [];
  const alertLoad = new Map<string, Record<string, number>>();
  for (const h of plan) {
    const hour = hourKey(Date.parse(h.start));
    const need: Record<string, number> = {};
    const load: Record<string, number> = {};
    for (const t of h.tiers) {
      need[t.tier] = t.rostered;
      load[t.tier] = t.rostered > 0 ? t.arrivals / t.rostered : 0;
    }
    needs.push({ hour, needs: need });
    alertLoad.set(hour, load);
  }
  return { needs, alertLoad };
}

export async function planTeam(spec: TeamSpec, options: PlanTeamOptions): Promise<TeamPlan> {
  const fromStaffing = options.staffing === undefined ? null : needsFromStaffing(options.staffing.hours, options.staffing.config);
  const needs = [...(fromStaffing?.needs ?? []), ...(options.needs ?? [])];
  const plan = buildSocPlan(spec, fromStaffing === null ? { needs } : { needs, alertLoad: fromStaffing.alertLoad });
  const solve = await solveRoster(plan.problem, {
    timeLimit: options.timeLimit,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.relGap === undefined ? {} : { relGap: options.relGap }),
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  const published = publishRoster(plan, solve.roster);
  return {
    plan,
    solve,
    roster: rosterToIds(plan.problem, solve.roster),
    published,
    coverage: coverageReport(published, plan.needs, { zone: spec.zone, holidays: spec.holidays }),
    fairness: fairnessReport(plan.problem, solve.roster),
  };
}
