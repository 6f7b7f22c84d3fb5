import type { Highs } from 'highs';
import { ColumnGeneration } from './column-generation.ts';
import type { CompiledProblem } from './compiled-problem.ts';
import { repairCover } from './cover-repair.ts';
import { AnnealRestarts } from './anneal-restarts.ts';
import { constructGreedy, improveByLns, Incumbent, solveNeighbourhood, type Grid, type SearchContext } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { dive, solveRoot } from './price-and-dive.ts';
import { buildRosterMilp } from './roster-milp.ts';
import { scoreCompiled } from './roster-score.ts';
import { sweepWindows, windowLength } from './window-sweep.ts';

/**
 * The solve method, in phases sharing one incumbent:
 * 1. greedy construction (one exact single-member optimisation per staff member);
 * 2. column generation over individual rosters: its Lagrangian bound is the lower bound reported, usually
 *    the optimum itself on the benchmark instances;
 * 3. one price-and-dive (fix the columns the master LP likes most, re-price, repeat) builds a roster close to
 *    the LP's choice;
 *    On large models without fairness terms window sweeps (window-sweep.ts) come first, from the LP's
 *    rounding, and the dive's roster is swept in turn;
 * 4. small models: the whole MILP, started from the incumbent, often closes the gap;
 * 5. simulated annealing (local-search.ts) repairs cover and balances fairness, in restarts; with fairness
 *    terms, a roster left short where the LP was not has its tier re-dived between runs (cover-repair.ts);
 * 6. large-neighbourhood search with HiGHS sub-MILPs, in turns with annealing, until the time limit or the
 *    bound is reached.
 */
export interface SearchOptions {
  readonly timeLimit: number;
  readonly seed?: number;
  readonly initial?: readonly (readonly number[])[];
  /** Stop once within this relative gap of the bound (default 0: only at proven optimality). */
  readonly relGap?: number;
  /** Called with each strictly better roster (the grid must not be modified). */
  readonly onImprove?: (objective: number, seconds: number, grid: Grid) => void;
  readonly log?: (message: string) => void;
  /** Seconds on some clock; the time limit is measured on it (default: wall time). */
  readonly clock?: () => number;
  /** Called once with the roster annealing starts from (the dive's, after any whole-model MILP). */
  readonly onBasin?: (grid: Grid) => void;
  /** Called with the lower bound once the root is solved (a parent stopped early still has it). */
  readonly onBound?: (bound: number) => void;
}

export interface SearchResult {
  readonly grid: Grid;
  readonly objective: number;
  readonly bound: number;
  readonly optimal: boolean;
  readonly seconds: number;
  readonly iterations: number;
  readonly improvements: readonly { readonly seconds: number; readonly objective: number }[];
}

/** Above this many MILP columns the whole model is not worth its time; price-and-dive is used instead. */
const FULL_MODEL_COLUMNS = 3000;
/** Share of the time the root column generation may take. */
const ROOT_SHARE = 0.5;
/** A dive step that raises the master LP by more than this (relative to the bound) is undone. */
const DIVE_JUMP = 0.01;
/** Teams of at least this many members re-price less per dive step. */
const LARGE_TEAM = 40;
/** Share of the time left after the root that the dive may take: it stops when every member is fixed, and a
 * long budget keeps its steps small and its repairs allowed (the annealing after it starts from a better roster). */
const DIVE_SHARE = 0.9;
/** The same for the dive that follows window sweeps (its roster is swept in turn). */
const SWEPT_DIVE_SHARE = 0.5;
/** Share of the time left that the window sweeps from one start may take. */
const SWEEP_SHARE = 0.6;
/** Share of the time left after the dive that the first annealing takes (local-search.ts). */
const ANNEAL_SHARE = 0.8;
/** The same after a window sweep that improved the roster: the sweeps that follow make better use of the time. */
const SWEPT_ANNEAL_SHARE = 0.25;
/** Length of the LNS and annealing turns that follow, as a share of the time limit, and at least. */
const SLICE_SHARE = 0.1;
const MIN_SLICE = 1;
/** Cover repairs (cover-repair.ts) per search. */
const MAX_REPAIRS = 2;

function isIntegral(cp: CompiledProblem): boolean {
  const requests = cp.staff.every((m) => [...m.onRequests, ...m.offRequests].every((r) => Number.isInteger(r.weight)));
  const cover = cp.cover.every((c) => Number.isInteger(c.underWeight) && Number.isInteger(c.overWeight));
  const fairness = cp.fairness.every((g) => g.weight === 0 || (Number.isInteger(g.weight) && g.load.every((r) => r.every(Number.isInteger)) && g.past.every(Number.isInteger)));
  return requests && cover && fairness;
}

/**
 * Re-optimises the members a dive left open, a few at a time with everyone else held at `grid`, twice round
 * in random groups; keeps the result in the incumbent when it is no worse.
 */
function completeOpen(ctx: SearchContext, incumbent: Incumbent, grid: Grid, open: readonly number[], until: number): number {
  const { days: D, staffCount: E } = ctx.cp;
  let current = grid;
  let iterations = 0;
  for (let pass = 0; pass < 2 && open.length > 0; pass++) {
    const order = [...open].sort(() => ctx.random() - 0.5);
    for (let i = 0; i < order.length && ctx.elapsed() < until; i += GROUP) {
      const free = new Uint8Array(E * D);
      for (const e of order.slice(i, i + GROUP)) free.fill(1, e * D, (e + 1) * D);
      const step = solveNeighbourhood(ctx, free, current, Math.max(0.05, Math.min(2, until - ctx.elapsed())), iterations);
      iterations++;
      if (step !== null) current = step.grid;
    }
  }
  incumbent.accept(current);
  return iterations;
}

const resultOf = (incumbent: Incumbent, seconds: number, iterations: number): SearchResult => ({
  grid: incumbent.grid,
  objective: incumbent.objective,
  bound: incumbent.roundedBound(),
  optimal: incumbent.done(),
  seconds,
  iterations,
  improvements: incumbent.improvements,
});

/**
 * The other workers of the solver's portfolio (roster-solver.ts): annealing restarts from `start` (the main
 * search's basin, after its dive) until the time limit, with their own seed. Pure annealing, without HiGHS:
 * the column generation, dive and cover repair stay with the main search, so the workers do not compete for
 * memory while it prices (two full searches side by side priced 1.5 times slower each).
 */
export function annealRoster(cp: CompiledProblem, start: Grid, options: SearchOptions): SearchResult {
  const clock = options.clock ?? ((): number => performance.now() / 1000);
  const started = clock();
  const elapsed = (): number => clock() - started;
  const relGap = options.relGap ?? 0;
  const random = rng(options.seed ?? 1);
  const incumbent = new Incumbent({ cp, integral: isIntegral(cp), elapsed }, start.map((row) => [...row]), options.onImprove);
  const restarts = new AnnealRestarts(cp, incumbent, { random, elapsed, relGap, log: options.log ?? ((): void => undefined) });
  restarts.basin = start;
  restarts.runUntil(options.timeLimit);
  return resultOf(incumbent, elapsed(), 0);
}

/** Members re-optimised together when completing a dive. */
const GROUP = 4;

export function searchRoster(highs: Highs, cp: CompiledProblem, options: SearchOptions): SearchResult {
  const clock = options.clock ?? ((): number => performance.now() / 1000);
  const started = clock();
  const elapsed = (): number => clock() - started;
  const T = options.timeLimit;
  const log = options.log ?? ((): void => undefined);
  const relGap = options.relGap ?? 0;
  const lm = buildRosterMilp(cp).model;
  const ctx: SearchContext = { highs, cp, lm, random: rng(options.seed ?? 1), integral: isIntegral(cp), elapsed };
  const incumbent = new Incumbent(ctx, options.initial?.map((r) => [...r]) ?? constructGreedy(ctx), options.onImprove);
  log(`construct ${elapsed().toFixed(2)}s objective ${incumbent.objective}`);
  let iterations = 0;
  const finish = (): SearchResult => resultOf(incumbent, elapsed(), iterations);

  // Annealing in restarts (anneal-restarts.ts), from the incumbent or from the dive's roster (the basin).
  const restarts = new AnnealRestarts(cp, incumbent, { random: ctx.random, elapsed, relGap, log });
  const annealUntil = restarts.runUntil.bind(restarts);

  // Window sweeps (window-sweep.ts) on models too large for the whole MILP: after the dive, and then in turns
  // with the LNS and annealing while they improve the roster.
  // Not with fairness terms: they span the horizon, and on the SOC roster no window of 11 days solved in its
  // time (the LNS's own windows, a few days long, serve it instead).
  const hasFairness = cp.fairness.some((g) => g.weight > 0);
  const sweepable = lm.numCols > FULL_MODEL_COLUMNS && !hasFairness;
  let window = windowLength(cp);
  let sweeps = 0;
  /** One sweep; true when it improved the incumbent. */
  const sweep = (until: number, start?: Grid): boolean => {
    if (incumbent.done(relGap)) return false;
    const offset = sweeps % 2 === 0 ? 0 : Math.ceil(window / 4);
    const swept = sweepWindows(ctx, incumbent, { length: window, offset, timeLimit: T, until, relGap, ...(start === undefined ? {} : { start }) });
    iterations += swept.iterations;
    sweeps++;
    log(`sweep ${elapsed().toFixed(2)}s windows ${swept.iterations} of ${window} days objective ${incumbent.objective}`);
    window = swept.length;
    return swept.improved;
  };
  /** Whether the last sweep improved the roster: sweeps then keep their turn after the dive. */
  let sweeping = false;

  const cg = new ColumnGeneration(highs, cp);
  try {
    incumbent.grid.forEach((row, e) => cg.addRoster(e, row));
    const everyone = Array.from({ length: cp.staffCount }, (_, e) => e);
    const remaining = (): number => T - elapsed();
    const target = (bound: number): boolean => {
      incumbent.raiseBound(bound);
      return incumbent.done(relGap);
    };
    const root = solveRoot(cg, everyone, () => elapsed() >= T * ROOT_SHARE, remaining, target);
    iterations += root.rounds;
    incumbent.raiseBound(root.bound);
    options.onBound?.(incumbent.roundedBound());
    log(`column generation ${elapsed().toFixed(2)}s rounds ${root.rounds} bound ${root.bound.toFixed(2)} lp ${root.lpValue.toFixed(2)} columns ${cg.columnCount}`);
    if (incumbent.done(relGap)) return finish();

    // One price-and-dive builds a roster close to the master LP's choice (completed greedily, and by small
    // MILPs for the members it left open); annealing then repairs its cover and balances its fairness.
    const diveFromRoot = (primal: Float64Array, share: number): Grid => {
      const until = elapsed() + remaining() * share;
      const dived = dive(cg, everyone, { primal, value: root.lpValue }, {
        jump: Math.max(1, Math.abs(incumbent.bound) * DIVE_JUMP),
        // On large teams full re-optimisations over a long column list make the last steps slow: price less.
        leaveOpen: 0,
        finalRounds: cp.staffCount >= LARGE_TEAM ? 5 : 20,
        until: () => elapsed() >= until,
        remaining: () => until - elapsed(),
        fallback: incumbent.grid,
      });
      iterations += dived.steps;
      let placed = constructGreedy(ctx, dived.grid, dived.open);
      incumbent.accept(placed);
      if (dived.open.length > 0) {
        // The members left open choose among their generated columns (a small restricted-master MILP).
        const restricted = cg.solveRestricted(Math.max(0.05, Math.min(remaining() * 0.1, 10)), placed, cg.diveColumns());
        if (restricted !== null) {
          placed = restricted.grid;
          incumbent.accept(placed);
        }
        iterations += completeOpen(ctx, incumbent, placed, dived.open, elapsed() + remaining() * 0.05);
      }
      log(`dive ${elapsed().toFixed(2)}s steps ${dived.steps} backtracks ${dived.backtracks} objective ${scoreCompiled(cp, { grid: placed }).total} best ${incumbent.objective} (${dived.open.length} open)`);
      return placed;
    };
    // Sweeps follow each other while they improve the roster, the windows' edges moved between them.
    const sweepFrom = (start: Grid): boolean => {
      const until = elapsed() + remaining() * SWEEP_SHARE;
      let improving = sweep(until, start);
      while (improving && elapsed() < until - 0.05) improving = sweep(until);
      return improving;
    };
    if (root.primal !== null && sweepable) {
      // Window sweeps need no dive: they start from the LP's rounding (each member's column of largest LP
      // value), whose rows agree with the LP and clash only in cover (Instance12: 11109 → 4041 in three sweeps,
      // 13 s; from the dive's roster, after 20 s of diving, 4792 → 4065 in one). A dive, swept in turn, is the
      // second start when they stall short of the bound (Instance10: 4632 from the rounding, 4631 from the dive).
      sweeping = sweepFrom(cg.fixedGrid(root.primal, incumbent.grid));
      if (!incumbent.done(relGap)) sweeping = sweepFrom(diveFromRoot(root.primal, SWEPT_DIVE_SHARE));
    } else if (root.primal !== null && !incumbent.done(relGap)) diveFromRoot(root.primal, DIVE_SHARE);
    if (lm.numCols <= FULL_MODEL_COLUMNS && !incumbent.done(relGap)) {
      const all = new Uint8Array(cp.staffCount * cp.days).fill(1);
      const full = solveNeighbourhood(ctx, all, incumbent.grid, Math.max(0.05, remaining() * 0.5), 0);
      iterations++;
      if (full !== null) {
        incumbent.raiseBound(full.result.bound);
        incumbent.accept(full.grid);
        if (full.result.status === 'optimal') incumbent.raiseBound(full.result.objective);
      }
      log(`full model ${elapsed().toFixed(2)}s objective ${incumbent.objective} bound ${incumbent.bound.toFixed(2)}`);
    }
    restarts.basin = incumbent.grid;
    options.onBasin?.(incumbent.grid);
    // Cover repair (cover-repair.ts), SOC rosters only (fairness terms): when annealing's roster stays short
    // of a demand the LP covered, the tier qualified for it is re-dived with everyone else fixed; its roster
    // becomes the incumbent when better, and the start of the restarts that leave the incumbent.
    const lpShort = root.primal !== null && hasFairness ? cg.lpShortfall(root.primal) : null;
    let repairs = 0;
    const repairStuck = (): void => {
      if (lpShort === null || repairs >= MAX_REPAIRS || incumbent.done(relGap)) return;
      const repair = repairCover(cg, incumbent, lpShort, { elapsed, remaining, jump: Math.max(1, Math.abs(incumbent.bound) * DIVE_JUMP), random: ctx.random, log });
      if (repair === null) return;
      repairs++;
      iterations += repair.steps;
      if (repair.accepted !== null) restarts.basin = repair.accepted;
    };
    annealUntil(elapsed() + remaining() * (sweeping ? SWEPT_ANNEAL_SHARE : ANNEAL_SHARE), repairStuck);
  } finally {
    cg.dispose();
  }
  // The rest alternates the LNS (sub-MILPs: several members and days re-optimised together) and annealing;
  // an LNS turn that finds nothing makes the LNS sit out twice as many turns as before (up to 8).
  const slice = Math.max(MIN_SLICE, T * SLICE_SHARE);
  let sitOut = 0;
  let backoff = 1;
  while (elapsed() < T - 0.02 && !incumbent.done(relGap)) {
    if (sweeping) sweeping = sweep(Math.min(T, elapsed() + 2 * slice));
    if (sitOut > 0) sitOut--;
    else {
      const before = incumbent.objective;
      iterations += improveByLns(ctx, incumbent, Math.min(T, elapsed() + slice), relGap);
      log(`lns ${elapsed().toFixed(2)}s objective ${incumbent.objective}`);
      if (incumbent.objective < before - 1e-9) backoff = 1;
      else {
        sitOut = backoff;
        backoff = Math.min(8, backoff * 2);
      }
    }
    annealUntil(Math.min(T, elapsed() + slice));
  }
  return finish();
}
