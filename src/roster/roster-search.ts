import type { Highs } from 'highs';
import { ColumnGeneration } from './column-generation.ts';
import type { CompiledProblem } from './compiled-problem.ts';
import { constructGreedy, improveByLns, Incumbent, solveNeighbourhood, type Grid, type SearchContext } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { dive, solveRoot } from './price-and-dive.ts';
import { buildRosterMilp } from './roster-milp.ts';

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
const DIVE_JUMP = Number(process.env['DIVE_JUMP'] ?? 0.01);

function isIntegral(cp: CompiledProblem): boolean {
  const requests = cp.staff.every((m) => [...m.onRequests, ...m.offRequests].every((r) => Number.isInteger(r.weight)));
  const cover = cp.cover.every((c) => Number.isInteger(c.underWeight) && Number.isInteger(c.overWeight));
  const fairness = cp.fairness.every((g) => g.weight === 0 || (Number.isInteger(g.weight) && g.load.every((r) => r.every(Number.isInteger)) && g.past.every(Number.isInteger)));
  return requests && cover && fairness;
}

export function searchRoster(highs: Highs, cp: CompiledProblem, options: SearchOptions): SearchResult {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
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
    bound: incumbent.bound,
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

    if (root.primal !== null) {
      const diveUntil = elapsed() + remaining() * 0.5;
      const jump = Math.max(1, Math.abs(incumbent.bound) * DIVE_JUMP);
      const dived = dive(cg, everyone, { primal: root.primal, value: root.lpValue }, jump, () => elapsed() >= diveUntil, remaining, incumbent.grid);
      iterations += dived.steps;
      // Members the dive left free are placed greedily around the fixed ones; the LNS repairs the rest.
      incumbent.accept(constructGreedy(ctx, dived.grid, dived.open));
      log(`dive ${elapsed().toFixed(2)}s steps ${dived.steps} backtracks ${dived.backtracks} objective ${incumbent.objective} (${dived.open.length} members placed greedily)`);
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
