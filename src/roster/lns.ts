import type { Highs } from 'highs';
import type { CompiledProblem } from './compiled-problem.ts';
import { solveMip, type MipResult } from './highs-mip.ts';
import type { LinearModel } from './linear-model.ts';
import { makeNeighbourhood, NEIGHBOURHOOD_KINDS, type NeighbourhoodKind } from './neighbourhoods.ts';
import { priceStaff } from './pricing.ts';
import { OFF } from './roster-problem.ts';
import { scoreCompiled } from './roster-score.ts';
import { extractSubModel, type SubModel } from './sub-model.ts';

/**
 * Large-neighbourhood search: free a few staff, a window of days, or both, re-optimise them with HiGHS while
 * the rest of the roster stays fixed, keep the result when it is no worse. Also the greedy construction that
 * gives the search (and column generation) its first roster.
 */
export type Grid = number[][];

export interface SearchContext {
  readonly highs: Highs;
  readonly cp: CompiledProblem;
  readonly lm: LinearModel;
  readonly random: () => number;
  /** Whether every objective coefficient is an integer (then bounds round up). */
  readonly integral: boolean;
  /** Seconds since the search started. */
  readonly elapsed: () => number;
}

/** What the incumbent needs of the search: the problem, whether costs are integers, and the clock. */
export type IncumbentContext = Pick<SearchContext, 'cp' | 'integral' | 'elapsed'>;

/** Relative tolerance of a bound's rounding (floating-point error of the dual objective). */
const BOUND_TOLERANCE = 1e-7;

/** The incumbent, shared by the phases of a search; `accept` keeps a roster when it is no worse. */
export class Incumbent {
  grid: Grid;
  objective: number;
  bound = Number.NEGATIVE_INFINITY;
  readonly improvements: { seconds: number; objective: number }[] = [];
  private readonly ctx: IncumbentContext;
  private readonly onImprove: ((objective: number, seconds: number, grid: Grid) => void) | undefined;

  constructor(ctx: IncumbentContext, grid: Grid, onImprove?: (objective: number, seconds: number, grid: Grid) => void) {
    this.ctx = ctx;
    this.grid = grid;
    this.objective = scoreCompiled(ctx.cp, { grid }).total;
    this.onImprove = onImprove;
    this.record();
  }

  /**
   * True when the roster is strictly better; equal rosters are taken too (they move the search along).
   * `value`: the roster's objective when the caller has scored it already.
   */
  accept(grid: Grid, value = scoreCompiled(this.ctx.cp, { grid }).total): boolean {
    if (value > this.objective + 1e-9) return false;
    const improved = value < this.objective - 1e-9;
    this.grid = grid;
    this.objective = value;
    if (improved) this.record();
    return improved;
  }

  raiseBound(bound: number): void {
    if (bound > this.bound) this.bound = bound;
  }

  /**
   * The bound, rounded up when every cost is an integer (no roster scores between it and its ceiling). The
   * tolerance is relative: Instance12's Lagrangian bound comes out as 4040.0000013 (its optimum is 4040).
   */
  roundedBound(): number {
    if (!this.ctx.integral || !Number.isFinite(this.bound)) return this.bound;
    return Math.ceil(this.bound - BOUND_TOLERANCE * Math.max(1, Math.abs(this.bound)));
  }

  /** Proven optimal, or within `relGap` of the bound. */
  done(relGap = 0): boolean {
    const target = this.roundedBound();
    return this.objective <= target + 1e-9 || this.objective - this.bound <= relGap * Math.abs(this.objective);
  }

  private record(): void {
    this.improvements.push({ seconds: this.ctx.elapsed(), objective: this.objective });
    this.onImprove?.(this.objective, this.ctx.elapsed(), this.grid);
  }
}

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

/** Re-optimises the free cells of `grid` with HiGHS; null when no solution was found in time. */
export function solveNeighbourhood(
  ctx: SearchContext,
  free: Uint8Array,
  grid: Grid,
  timeLimit: number,
  seed = 0,
): { grid: Grid; result: MipResult } | null {
  const sub = extractSubModel(ctx.lm, free, ctx.cp.days, grid);
  const result = solveMip(ctx.highs, sub, { timeLimit, seed, integralObjective: ctx.integral });
  if (result.values === null) return null;
  return { grid: applySolution(ctx.lm, sub, result.values, free, grid, ctx.cp.days), result };
}

/**
 * Greedy construction: the members in `place` (all by default), in random order, each get the best roster for
 * them alone (pricing.ts) when a shift still short of cover pays its under-cover weight and one already full
 * costs its over-cover weight; everyone else keeps their row of `start`.
 */
export function constructGreedy(ctx: SearchContext, start?: Grid, place?: readonly number[]): Grid {
  const { cp } = ctx;
  const { days: D, shiftCount: S } = cp;
  const grid: Grid = start?.map((row) => [...row]) ?? cp.staff.map(() => Array.from({ length: D }, () => OFF));
  const members = place ?? Array.from({ length: cp.staffCount }, (_, e) => e);
  const placing = new Set(members);
  const counts = new Float64Array(cp.cover.length);
  const demandsOfCell: number[][] = Array.from({ length: D * S }, () => []);
  cp.cover.forEach((demand, c) => { demand.slots.forEach(([d, s]) => demandsOfCell[d * S + s]?.push(c)); });
  const count = (e: number, row: readonly number[]): void => { row.forEach((s, d) => {
      if (s < 0) return;
      for (const k of demandsOfCell[d * S + s] ?? []) if (cp.cover[k]?.qualified[e] === true) counts[k] = (counts[k] ?? 0) + 1;
    }); };
  grid.forEach((row, e) => {
    if (!placing.has(e)) count(e, row);
  });
  const order = [...members].sort(() => ctx.random() - 0.5);
  for (const e of order) {
    const m = cp.staff[e];
    if (m === undefined) continue;
    const cell = new Float64Array(D * S);
    const off = new Float64Array(D);
    for (let i = 0; i < D * S; i++) {
      let c = 0;
      for (const k of demandsOfCell[i] ?? []) {
        const demand = cp.cover[k];
        if (demand === undefined || !demand.qualified[e]) continue;
        c += (counts[k] ?? 0) < demand.requirement ? -demand.underWeight : demand.overWeight;
      }
      cell[i] = c;
    }
    for (const r of m.onRequests) {
      if (r.shift < 0) off[r.day] = (off[r.day] ?? 0) + r.weight;
      else cell[r.day * S + r.shift] = (cell[r.day * S + r.shift] ?? 0) - r.weight;
    }
    for (const r of m.offRequests) for (let s = 0; s < S; s++) if (r.shift < 0 || r.shift === s) cell[r.day * S + s] = (cell[r.day * S + s] ?? 0) + r.weight;
    const best = priceStaff(cp, e, { cell, off }, 1)[0];
    if (best === undefined) continue; // the member's own rules admit no roster; the checker will say which
    grid[e] = best.row;
    count(e, best.row);
  }
  return grid;
}

/**
 * Adaptive LNS until `until` seconds: each kind of neighbourhood earns weight by improvement per second; its
 * size grows while its sub-problems solve to optimality within the target time and shrinks when they do not.
 */
export function improveByLns(ctx: SearchContext, incumbent: Incumbent, until: number, relGap = 0): number {
  const { cp } = ctx;
  const E = cp.staffCount;
  const D = cp.days;
  let iterations = 0;
  const kinds = NEIGHBOURHOOD_KINDS;
  const fair = cp.fairness.length > 0 ? 1 : 0;
  const weights: Record<NeighbourhoodKind, number> = { staff: 1, window: 1, 'staff-window': 1, fair };
  const sizes: Record<NeighbourhoodKind, number> = { staff: Math.min(E, 3), window: Math.min(D, 3), 'staff-window': Math.min(E, Math.max(3, Math.round(E / 4))), fair: Math.min(E, 3) };
  const limits: Record<NeighbourhoodKind, [number, number]> = { staff: [1, E], window: [1, D], 'staff-window': [2, E], fair: [2, E] };
  const targetSeconds = Math.min(0.5, Math.max(0.1, (until - ctx.elapsed()) / 100));
  while (ctx.elapsed() < until && !incumbent.done(relGap)) {
    const total = kinds.reduce((sum, k) => sum + weights[k], 0);
    let r = ctx.random() * total;
    const kind = kinds.find((k) => (r -= weights[k]) < 0) ?? 'staff';
    const nb = makeNeighbourhood(cp, ctx.random, kind, sizes[kind], incumbent.grid);
    const subLimit = Math.min(until - ctx.elapsed(), targetSeconds * 4);
    if (subLimit <= 0.02) break;
    const before = incumbent.objective;
    const step = solveNeighbourhood(ctx, nb.free, incumbent.grid, subLimit, iterations);
    iterations++;
    if (step === null) continue;
    const improved = incumbent.accept(step.grid);
    const gain = improved ? 1 + Math.min(10, ((before - incumbent.objective) / Math.max(1, Math.abs(before))) * 100) : 0;
    weights[kind] = Math.max(kind === 'fair' ? 0.1 * fair : 0.1, 0.85 * weights[kind] + 0.15 * (gain / (step.result.seconds + 0.05)) * targetSeconds);
    const [lo, hi] = limits[kind];
    if (step.result.status === 'optimal' && step.result.seconds < targetSeconds) sizes[kind] = Math.min(hi, sizes[kind] + 1);
    else if (step.result.seconds > targetSeconds * 2) sizes[kind] = Math.max(lo, sizes[kind] - 1);
  }
  return iterations;
}
