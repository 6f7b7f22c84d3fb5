import type { Highs } from 'highs';
import type { CompiledProblem } from './compiled-problem.ts';
import { lpRelaxation, solveMip, type MipResult } from './highs-mip.ts';
import type { LinearModel } from './linear-model.ts';
import { makeNeighbourhood, NEIGHBOURHOOD_KINDS, rng, type NeighbourhoodKind } from './neighbourhoods.ts';
import { OFF } from './roster-problem.ts';
import { buildRosterMilp } from './roster-milp.ts';
import { scoreCompiled } from './roster-score.ts';
import { extractSubModel, type SubModel } from './sub-model.ts';

/**
 * The solve method: a constructive start (staff added one at a time, each by a small MILP), then
 * large-neighbourhood search that frees a few staff, a window of days, or both, and re-optimises them with
 * HiGHS while the rest of the roster stays fixed; one whole-model MILP run in between proves the lower bound
 * and closes small instances outright. Every accepted roster is at least as good as the one before.
 */
export interface LnsOptions {
  readonly timeLimit: number;
  readonly seed?: number;
  readonly initial?: readonly (readonly number[])[];
  /** Share of the time given to the whole-model MILP (bound and optimality proof). Default 0.3. */
  readonly fullModelShare?: number;
  /** Stop once the objective is within this relative gap of the bound. Default 0. */
  readonly relGap?: number;
  readonly onImprove?: (objective: number, seconds: number) => void;
}

export interface LnsResult {
  readonly grid: number[][];
  readonly objective: number;
  readonly bound: number;
  readonly optimal: boolean;
  readonly seconds: number;
  readonly iterations: number;
  readonly improvements: readonly { readonly seconds: number; readonly objective: number }[];
}

type Grid = number[][];

/** Above this many columns the whole-model MILP is not worth its time within a typical limit. */
const FULL_MODEL_COLUMNS = 3000;
/** Reward per unit of LP value when the construction follows the LP relaxation (cover weights are ~100). */
const GUIDE_WEIGHT = 50;

function applySolution(lm: LinearModel, sub: SubModel, values: Float64Array, free: Uint8Array, grid: Grid, D: number): Grid {
  const next = grid.map((row, e) => row.map((s, d) => (free[e * D + d] === 1 ? OFF : s)));
  sub.cols.forEach((j, i) => {
    const role = lm.roles[j];
    if (role?.kind === 'x' && (values[i] ?? 0) > 0.5) {
      const row = next[role.staff];
      if (row) row[role.day] = role.shift;
    }
  });
  return next;
}

const integral = (cp: CompiledProblem): boolean =>
  cp.fairness.every((g) => g.weight === 0 || g.load.every((r) => r.every(Number.isInteger))) &&
  cp.cover.every((c) => Number.isInteger(c.underWeight) && Number.isInteger(c.overWeight));

export function solveLns(highs: Highs, cp: CompiledProblem, options: LnsOptions): LnsResult {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const remaining = (): number => options.timeLimit - elapsed();
  const random = rng(options.seed ?? 1);
  const { days: D, staffCount: E } = cp;
  const lm = buildRosterMilp(cp).model;
  const isIntegral = integral(cp);
  const score = (g: Grid): number => scoreCompiled(cp, { grid: g }).total;
  const improvements: { seconds: number; objective: number }[] = [];
  let iterations = 0;

  const run = (free: Uint8Array, grid: Grid, timeLimit: number, seed: number, relGap = 0, guide?: Float64Array): { grid: Grid; result: MipResult } | null => {
    let sub = extractSubModel(lm, free, D, grid);
    if (guide !== undefined) {
      // Pull towards the LP relaxation: a reward for each cell in proportion to its LP value.
      const colCost = Float64Array.from(sub.colCost);
      sub.cols.forEach((j, i) => {
        if (lm.roles[j]?.kind === 'x') colCost[i] = (colCost[i] ?? 0) - GUIDE_WEIGHT * (guide[j] ?? 0);
      });
      sub = { ...sub, colCost };
    }
    const result = solveMip(highs, sub, { timeLimit, seed, relGap, integralObjective: isIntegral && guide === undefined });
    iterations++;
    if (result.values === null) return null;
    return { grid: applySolution(lm, sub, result.values, free, grid, D), result };
  };

  // Large models: the LP relaxation first; it is the bound and guides the construction.
  const all = new Uint8Array(E * D).fill(1);
  const small = lm.numCols <= FULL_MODEL_COLUMNS;
  let bound = Number.NEGATIVE_INFINITY;
  let guide: Float64Array | undefined;
  if (!small) {
    const empty = cp.staff.map(() => Array.from({ length: D }, () => OFF));
    const lpSub = extractSubModel(lm, all, D, empty);
    const lp = lpRelaxation(highs, lpSub, Math.max(0.05, remaining() * 0.25));
    bound = lp.bound;
    if (lp.values !== null && process.env['LNS_GUIDE'] !== '0') {
      const full = new Float64Array(lm.numCols);
      lpSub.cols.forEach((j, i) => (full[j] = lp.values?.[i] ?? 0));
      guide = full;
    }
    if (process.env['LNS_DEBUG'] === '1') console.error(`lp ${elapsed().toFixed(2)} ${bound}`);
  }

  // Construction: staff in random order, each re-optimised with the ones placed so far fixed.
  let grid: Grid = options.initial !== undefined ? options.initial.map((r) => [...r]) : cp.staff.map(() => Array.from({ length: D }, () => OFF));
  if (options.initial === undefined) {
    const order = Array.from({ length: E }, (_, e) => e).sort(() => random() - 0.5);
    for (const e of order) {
      // Staff not yet placed are still all off; their own rules drop out of the sub-model until placed.
      const free = new Uint8Array(E * D);
      free.fill(1, e * D, e * D + D);
      const step = run(free, grid, Math.max(0.05, Math.min(0.25, remaining() / E / 2)), iterations, 0.02, guide);
      if (process.env['LNS_DEBUG'] === '1') console.error(`construct ${e} ${step?.result.status} ${step?.result.seconds.toFixed(3)}`);
      if (step !== null) grid = step.grid;
    }
  }
  let best = score(grid);
  if (process.env['LNS_DEBUG'] === '1') console.error(`built ${elapsed().toFixed(2)} ${best}`);
  improvements.push({ seconds: elapsed(), objective: best });
  options.onImprove?.(best, elapsed());
  const target = (): number => (isIntegral ? Math.ceil(bound - 1e-6) : bound);
  const done = (): boolean => best <= target() + 1e-9 || (options.relGap !== undefined && best - bound <= options.relGap * Math.abs(best));

  const accept = (g: Grid): boolean => {
    const value = score(g);
    if (value > best + 1e-9) return false;
    const improved = value < best - 1e-9;
    grid = g;
    best = value;
    if (improved) {
      improvements.push({ seconds: elapsed(), objective: best });
      options.onImprove?.(best, elapsed());
    }
    return improved;
  };

  // Adaptive LNS: each kind of neighbourhood earns weight by improvement per second; each kind's size grows
  // while its sub-problems solve to optimality well within the target time and shrinks when they do not.
  const kinds = NEIGHBOURHOOD_KINDS;
  const weights: Record<NeighbourhoodKind, number> = { staff: 1, window: 1, 'staff-window': 1 };
  const sizes: Record<NeighbourhoodKind, number> = { staff: Math.min(E, 3), window: Math.min(D, 3), 'staff-window': Math.min(E, Math.max(3, Math.round(E / 4))) };
  const limits: Record<NeighbourhoodKind, [number, number]> = { staff: [1, E], window: [1, D], 'staff-window': [2, E] };
  const targetSeconds = Math.min(0.5, Math.max(0.1, options.timeLimit / 120));
  const lnsUntil = (until: number): void => {
    while (elapsed() < until && !done()) {
      const total = kinds.reduce((sum, k) => sum + weights[k], 0);
      let r = random() * total;
      const kind = kinds.find((k) => (r -= weights[k]) < 0) ?? 'staff';
      const nb = makeNeighbourhood(cp, random, kind, sizes[kind], grid);
      const subLimit = Math.min(until - elapsed(), targetSeconds * 4);
      if (subLimit <= 0.02) break;
      const before = best;
      const step = run(nb.free, grid, subLimit, iterations);
      if (step === null) continue;
      const improved = accept(step.grid);
      if (process.env['LNS_DEBUG'] === '1') console.error(`${elapsed().toFixed(2)} ${kind} ${sizes[kind]} ${step.result.status} ${step.result.seconds.toFixed(3)} best=${best}`);
      const reward = improved ? 1 + Math.min(10, (before - best) / Math.max(1, Math.abs(before)) * 100) : 0;
      weights[kind] = Math.max(0.1, 0.85 * weights[kind] + 0.15 * (reward / (step.result.seconds + 0.05)) * targetSeconds);
      const [lo, hi] = limits[kind];
      if (step.result.status === 'optimal' && step.result.seconds < targetSeconds) sizes[kind] = Math.min(hi, sizes[kind] + 1);
      else if (step.result.seconds > targetSeconds * 2) sizes[kind] = Math.max(lo, sizes[kind] - 1);
    }
  };

  // Small models: the whole MILP, started from the LNS roster, often proves optimality outright. Large ones:
  // the LP relaxation gives the bound and all the time goes to the LNS.
  const share = options.fullModelShare ?? 0.3;
  if (small) {
    lnsUntil(options.timeLimit * 0.1);
    if (!done() && remaining() > 0.05) {
      const full = run(all, grid, Math.max(0.05, Math.min(remaining(), options.timeLimit * share)), 0);
      if (full !== null) {
        bound = Math.max(bound, full.result.bound);
        accept(full.grid);
        if (full.result.status === 'optimal') bound = Math.max(bound, Math.min(best, full.result.objective));
      }
    }
  }
  lnsUntil(options.timeLimit);
  return { grid, objective: best, bound, optimal: done(), seconds: elapsed(), iterations, improvements };
}
