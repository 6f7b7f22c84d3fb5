import type { CompiledProblem } from './compiled-problem.ts';

const INF = Number.POSITIVE_INFINITY;

/** Request cost of one member's row: unmet on-requests plus granted off-requests. */
export function requestCost(cp: CompiledProblem, e: number, row: readonly number[]): number {
  const m = cp.staff[e];
  if (m === undefined) return 0;
  let cost = 0;
  for (const r of m.onRequests) {
    const s = row[r.day] ?? -1;
    if (r.shift < 0 ? s < 0 : s !== r.shift) cost += r.weight;
  }
  for (const r of m.offRequests) {
    const s = row[r.day] ?? -1;
    if (r.shift < 0 ? s >= 0 : s === r.shift) cost += r.weight;
  }
  return cost;
}

/** A slack or fairness max/min column of the master, present before any roster column. */
export interface BaseColumn {
  readonly cost: number;
  readonly lower: number;
  readonly upper: number;
  readonly rows: readonly number[];
  readonly values: readonly number[];
}

export interface MasterLayout {
  readonly rowLower: readonly number[];
  readonly rowUpper: readonly number[];
  readonly coverRow0: number;
  /** Cover demands containing each cell, `[d·S + s]`. */
  readonly demandsOfCell: readonly (readonly number[])[];
  /** For each staff member: [hiRow, loRow, group] per fairness group they belong to. */
  readonly fairRows: readonly (readonly (readonly [number, number, number])[])[];
  /** Slack and max/min columns, before any roster column. */
  readonly base: readonly BaseColumn[];
  /** Index in `base` (and in the master's columns) of each cover demand's under slack. */
  readonly underSlack: readonly number[];
}

/**
 * The column-generation master's rows, in order: one convexity row per staff member (= 1), one row per cover
 * demand (under slack up to the requirement; an over slack when over-cover costs), then for each fairness group
 * a max row and a min row per member (load − max ≤ −past, load − min ≥ −past) with the group's max and min
 * columns priced at ± its weight.
 */
export function masterLayout(cp: CompiledProblem): MasterLayout {
  const { staffCount: E, days: D, shiftCount: S } = cp;
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const base: BaseColumn[] = [];
  const underSlack: number[] = [];
  for (let e = 0; e < E; e++) {
    rowLower.push(1);
    rowUpper.push(1);
  }
  const demandsOfCell: number[][] = Array.from({ length: D * S }, () => []);
  cp.cover.forEach((demand, c) => {
    const r = E + c;
    for (const [d, s] of demand.slots) demandsOfCell[d * S + s]?.push(c);
    underSlack.push(base.length);
    base.push({ cost: demand.underWeight, lower: 0, upper: demand.requirement, rows: [r], values: [1] });
    if (demand.overWeight > 0) {
      base.push({ cost: demand.overWeight, lower: 0, upper: INF, rows: [r], values: [-1] });
      rowLower.push(demand.requirement);
      rowUpper.push(demand.requirement);
    } else {
      rowLower.push(demand.requirement);
      rowUpper.push(INF);
    }
  });
  const fairRows: [number, number, number][][] = Array.from({ length: E }, () => []);
  cp.fairness.forEach((group, g) => {
    if (group.staff.length < 2 || group.weight === 0) return;
    const hiRows: number[] = [];
    const loRows: number[] = [];
    group.staff.forEach((e, k) => {
      const past = group.past[k] ?? 0;
      const hi = rowLower.length;
      rowLower.push(-INF);
      rowUpper.push(-past);
      const lo = rowLower.length;
      rowLower.push(-past);
      rowUpper.push(INF);
      hiRows.push(hi);
      loRows.push(lo);
      fairRows[e]?.push([hi, lo, g]);
    });
    base.push({ cost: group.weight, lower: -INF, upper: INF, rows: hiRows, values: hiRows.map(() => -1) });
    base.push({ cost: -group.weight, lower: -INF, upper: INF, rows: loRows, values: loRows.map(() => -1) });
  });
  return { rowLower, rowUpper, coverRow0: E, demandsOfCell, fairRows, base, underSlack };
}
