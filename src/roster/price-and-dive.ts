import type { ColumnGeneration } from './column-generation.ts';
import type { Grid } from './lns.ts';

/**
 * The two column-generation phases. The root solves the master LP to optimality with dual smoothing (pricing
 * at a mix of the best-bound duals and the LP duals, which cuts the number of rounds) and returns the best
 * Lagrangian bound met on the way. The dive then fixes the columns the LP likes most and re-prices the rest.
 */
export interface RootResult {
  readonly bound: number;
  readonly lpValue: number;
  readonly primal: Float64Array | null;
  readonly duals: Float64Array | null;
  readonly rounds: number;
  readonly converged: boolean;
}

/** Shares of the free members a dive step may fix, smallest (best quality) first. */
const FIX_SHARES = [1 / 16, 1 / 12, 1 / 8, 1 / 6, 1 / 4, 1 / 3, 1 / 2] as const;

function stepsToFinish(free: number, share: number): number {
  let steps = 0;
  for (let n = free; n > 0; n -= Math.max(1, Math.ceil(n * share))) steps++;
  return steps;
}

/** Backtracks per dive: each costs a re-optimisation, and past a few the dive is better finished and repaired by LNS. */
const MAX_BACKTRACKS = 3;

/** Share of a dive's time in which a jump may be settled by more pricing and undone. */
const REPAIR_SHARE = 0.3;

/** Weight of the best-bound duals when smoothing (Wentges); 0 turns smoothing off. */
const SMOOTHING = 0.5;

export function solveRoot(
  cg: ColumnGeneration,
  staff: readonly number[],
  until: () => boolean,
  remaining: () => number,
  stopAt: (bound: number) => boolean,
): RootResult {
  let center: Float64Array | null = null;
  let best = Number.NEGATIVE_INFINITY;
  let rounds = 0;
  let lp = cg.solveLp(Math.max(0.05, remaining()));
  while (lp !== null && !until()) {
    let alpha = center === null ? 0 : SMOOTHING;
    let added = 0;
    for (;;) {
      const c = center;
      const duals: Float64Array = c === null || alpha === 0 ? lp.duals : lp.duals.map((y, i) => alpha * (c[i] ?? 0) + (1 - alpha) * y);
      const priced = cg.price(duals, staff, 2, lp.duals);
      added += priced.added;
      const bound = cg.dualObjective(duals) + priced.reducedSum;
      if (bound > best) {
        best = bound;
        center = Float64Array.from(duals);
      }
      if (priced.improving > 0 || alpha === 0) break;
      alpha = 0; // mispricing: nothing found improves the LP, so price at its own duals
    }
    rounds++;
    const converged = added === 0 || lp.value - best <= 1e-6 * Math.max(1, Math.abs(lp.value));
    if (converged || stopAt(best)) return { bound: best, lpValue: lp.value, primal: lp.primal, duals: lp.duals, rounds, converged };
    lp = cg.solveLp(Math.max(0.05, remaining()));
  }
  return { bound: best, lpValue: lp?.value ?? Number.NaN, primal: lp?.primal ?? null, duals: lp?.duals ?? null, rounds, converged: false };
}

export interface DiveOptions {
  /** A step raising the master LP by more than this is undone and its first column forbidden. */
  readonly jump: number;
  /** Stop when this few members are still free (the caller completes them). */
  readonly leaveOpen: number;
  readonly until: () => boolean;
  /** Seconds left for the dive: the share fixed per step grows when the steps so far say it is too short. */
  readonly remaining: () => number;
  /** Rows for members left free with no column of positive LP value. */
  readonly fallback: Grid;
  /** Perturbs the LP values when choosing what to fix (repeated dives take different paths). */
  readonly noise?: () => number;
  /** Pricing rounds per step once fewer than a third of the members are free (default 20). */
  readonly finalRounds?: number;
}

/**
 * Fixes columns (the largest LP values first, a sixteenth of the free members per step when time allows) and
 * re-prices the members still free until the LP is optimal again, until only `leaveOpen` members are free or
 * time runs out. A step that raises the LP by more than `jump` is undone and its first column forbidden
 * (one-level backtracking, a few times per dive). Returns the grid of the fixed columns (free members get
 * their largest column, or their fallback row) and the members left free.
 */
export function dive(
  cg: ColumnGeneration,
  staff: readonly number[],
  start: { readonly primal: Float64Array; readonly value: number },
  options: DiveOptions,
): { grid: Grid; open: number[]; steps: number; backtracks: number } {
  const { jump, leaveOpen, until, remaining, fallback } = options;
  let primal = start.primal;
  let value = start.value;
  let steps = 0;
  let backtracks = 0;
  // While many members are free the LP rarely moves (its optimal face is wide): a few pricing rounds per
  // step do; near the end the LP is re-optimised fully, where the choices matter.
  const reoptimise = (rounds: number): { value: number; primal: Float64Array } | null => {
    let lp = cg.solveLp(Math.max(0.05, remaining()));
    for (let round = 0; round < rounds && lp !== null && !until(); round++) {
      const stillFree = staff.filter((e) => !cg.isFixed(e));
      if (stillFree.length === 0 || cg.price(lp.duals, stillFree, 2).added === 0) break;
      lp = cg.solveLp(Math.max(0.05, remaining()));
    }
    return lp;
  };
  const started = performance.now();
  // Settling a jump and backtracking cost full re-optimisations: only early in the dive, while they fit.
  const repairUntil = remaining() * REPAIR_SHARE;
  const mayRepair = (): boolean => (performance.now() - started) / 1000 < repairUntil;
  // Time per step is estimated from the plain steps: settling a jump or backtracking happens only early
  // (mayRepair), and counting it would make the dive fix too much at once and finish early, worse.
  let plainSeconds = 0;
  let plainSteps = 0;
  while (staff.filter((e) => !cg.isFixed(e)).length > leaveOpen && !until()) {
    const free = staff.filter((e) => !cg.isFixed(e));
    const perStep = plainSteps > 0 ? plainSeconds / plainSteps : 0;
    const share = perStep > 0 ? (FIX_SHARES.find((f) => stepsToFinish(free.length, f) * perStep <= remaining()) ?? 0.5) : FIX_SHARES[0];
    const stepStarted = performance.now();
    const fixed = cg.fixLargest(primal, Math.max(1, Math.ceil(free.length * share)), options.noise);
    if (fixed.length === 0) break;
    let lp = reoptimise(free.length > staff.length / 3 ? 3 : options.finalRounds ?? 20);
    // A jump seen after a capped re-optimisation may vanish with more pricing: settle it before backtracking.
    const settle = lp !== null && lp.value > value + jump && mayRepair();
    if (settle) lp = reoptimise(20);
    steps++;
    if (!settle) {
      plainSeconds += (performance.now() - stepStarted) / 1000;
      plainSteps++;
    }
    if (lp === null) break;
    if (lp.value > value + jump && backtracks < MAX_BACKTRACKS && mayRepair()) {
      backtracks++;
      cg.undoAndForbid(fixed);
      const back = reoptimise(20);
      if (back === null) break;
      primal = back.primal;
      value = back.value;
      continue;
    }
    primal = lp.primal;
    value = lp.value;
  }
  return { grid: cg.fixedGrid(primal, fallback), open: staff.filter((e) => !cg.isFixed(e)), steps, backtracks };
}
