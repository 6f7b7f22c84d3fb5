import type { Highs } from 'highs';
import { ColumnGeneration } from './column-generation.ts';
import type { CompiledProblem } from './compiled-problem.ts';
import { constructGreedy, improveByLns, Incumbent, solveNeighbourhood, type Grid, type SearchContext } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { dive, solveRoot } from './price-and-dive.ts';
import { buildRosterMilp } from './roster-milp.ts';
import { scoreCompiled } from './roster-score.ts';

/**
 * The solve method, in phases sharing one incumbent:
 * 1. greedy construction (one exact single-member optimisation per staff member);
 * 2. column generation over individual rosters: its Lagrangian bound is the lower bound reported, usually
 *    the optimum itself on the benchmark instances;
 * 3. small models: the whole MILP, started from the incumbent, often closes the gap; large ones: price-and-
 *    dive (fix the columns the master LP likes most, re-price, repeat) builds a near-optimal roster;
 * 4. large-neighbourhood search with HiGHS sub-MILPs until the time limit or the bound is reached.
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
/** Share of the time left after the root that the dives may take (the rest goes to the LNS). */
const DIVE_SHARE = 0.6;

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
  const finish = (): SearchResult => ({
    grid: incumbent.grid,
    objective: incumbent.objective,
    // With integral costs no roster scores between the bound and its ceiling.
    bound: ctx.integral && Number.isFinite(incumbent.bound) ? Math.ceil(incumbent.bound - 1e-6) : incumbent.bound,
    optimal: incumbent.done(),
    seconds: elapsed(),
    iterations,
    improvements: incumbent.improvements,
  });

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
    log(`column generation ${elapsed().toFixed(2)}s rounds ${root.rounds} bound ${root.bound.toFixed(2)} lp ${root.lpValue.toFixed(2)} columns ${cg.columnCount}`);
    if (incumbent.done(relGap)) return finish();

    // Price-and-dive, repeated with perturbed choices while each dive still improves the incumbent and the
    // dive phase lasts; each dive's roster is completed greedily (and by small MILPs for the members it left
    // open) and offered to the incumbent.
    let primal = root.primal;
    let value = root.lpValue;
    const diveEnd = elapsed() + remaining() * DIVE_SHARE;
    let improving = true;
    for (let round = 0; primal !== null && improving && elapsed() < diveEnd && !incumbent.done(relGap); round++) {
      const before = incumbent.objective;
      const until = round === 0 ? elapsed() + (diveEnd - elapsed()) * 0.7 : diveEnd;
      const dived = dive(cg, everyone, { primal, value }, {
        jump: Math.max(1, Math.abs(incumbent.bound) * DIVE_JUMP),
        // On large teams full re-optimisations over a long column list make the last steps slow: price less.
        leaveOpen: 0,
        finalRounds: cp.staffCount >= LARGE_TEAM ? 5 : 20,
        until: () => elapsed() >= until,
        remaining: () => until - elapsed(),
        fallback: incumbent.grid,
        ...(round === 0 ? {} : { noise: () => (ctx.random() - 0.5) * 0.4 }),
      });
      iterations += dived.steps;
      let placed = constructGreedy(ctx, dived.grid, dived.open);
      incumbent.accept(placed);
      if (dived.open.length > 0) {
        // The members left open choose among their generated columns (a small restricted-master MILP).
        const restricted = cg.solveRestricted(Math.max(0.05, Math.min(remaining() * 0.15, 10)), placed, cg.diveColumns());
        if (restricted !== null) {
          placed = restricted.grid;
          incumbent.accept(placed);
        }
        iterations += completeOpen(ctx, incumbent, placed, dived.open, elapsed() + remaining() * 0.1);
      }
      // Another dive only while dives still pay; otherwise the time is better spent on the LNS.
      improving = incumbent.objective < before - 1e-9;
      log(`dive ${round + 1} ${elapsed().toFixed(2)}s steps ${dived.steps} backtracks ${dived.backtracks} objective ${scoreCompiled(cp, { grid: placed }).total} best ${incumbent.objective} (${dived.open.length} open)`);
      cg.unfixAll();
      const again = cg.solveLp(Math.max(0.05, remaining()));
      primal = again?.primal ?? null;
      value = again?.value ?? value;
    }
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
  } finally {
    cg.dispose();
  }
  iterations += improveByLns(ctx, incumbent, T, relGap);
  log(`lns ${elapsed().toFixed(2)}s objective ${incumbent.objective}`);
  return finish();
}
