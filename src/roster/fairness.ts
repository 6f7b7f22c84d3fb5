import { compileProblem, fairnessLoad } from './compiled-problem.ts';
import type { Roster, RosterProblem } from './roster-problem.ts';

/**
 * Fairness figures (metrics.md): the Gini coefficient of a load across comparable analysts (0 = equal) and
 * max − min. Never a pairwise min/max ratio: it is not monotone in the imbalance and blows up at zero.
 */

/** Gini = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean), for non-negative loads; 0 for an empty or all-zero list. */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  if (values.some((v) => v < 0)) throw new RangeError('the Gini coefficient needs non-negative loads');
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  // Sorted form of the double sum: Σᵢ (2i − n − 1) xᵢ / (n Σ x), i = 1..n.
  let weighted = 0;
  sorted.forEach((x, i) => (weighted += (2 * (i + 1) - n - 1) * x));
  return weighted / (n * total);
}

export function maxMinusMin(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.max(...values) - Math.min(...values);
}

export interface FairnessFigure {
  readonly metric: string;
  readonly group: string;
  /** Load per analyst in this roster. */
  readonly roster: Readonly<Record<string, number>>;
  /** Load per analyst including past rosters. */
  readonly cumulative: Readonly<Record<string, number>>;
  readonly gini: number;
  readonly maxMinusMin: number;
  readonly cumulativeGini: number;
  readonly cumulativeMaxMinusMin: number;
}

/** The figures of every fairness term of the problem for a roster (over the roster and cumulatively). */
export function fairnessReport(problem: RosterProblem, roster: Roster): FairnessFigure[] {
  const cp = compileProblem(problem);
  return cp.fairness.map((group) => {
    const current: Record<string, number> = {};
    const cumulative: Record<string, number> = {};
    group.staff.forEach((e, k) => {
      const id = cp.staff[e]?.id ?? String(e);
      const total = fairnessLoad(group, roster.grid, e);
      cumulative[id] = total;
      current[id] = total - (group.past[k] ?? 0);
    });
    const now = Object.values(current);
    const all = Object.values(cumulative);
    return {
      metric: group.metric,
      group: group.label,
      roster: current,
      cumulative,
      gini: gini(now),
      maxMinusMin: maxMinusMin(now),
      cumulativeGini: gini(all),
      cumulativeMaxMinusMin: maxMinusMin(all),
    };
  });
}
