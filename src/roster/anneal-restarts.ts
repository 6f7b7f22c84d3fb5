import type { CompiledProblem } from './compiled-problem.ts';
import type { Grid, Incumbent } from './lns.ts';
import { anneal } from './local-search.ts';

/** Shortest annealing run (seconds): fairness needs about this long to settle on a SOC roster. */
const MIN_ANNEAL_RUN = 0.5;
/** Starting temperature of annealing restarts from the incumbent (the first run and those from the dive's
 * roster start at local-search.ts's default, 5). */
const SETTLE_HOT = 2;

export interface RestartOptions {
  readonly random: () => number;
  /** Seconds on the search's clock. */
  readonly elapsed: () => number;
  readonly relGap: number;
  readonly log: (message: string) => void;
}

/**
 * Annealing in restarts: from the incumbent while runs from it improve it, each twice as long as the last
 * (time to settle fairness); after one that does not, a run half as long from the basin (the roster the dive
 * built, or a cover repair's), and back after a failure there. Runs end in different places: one often
 * escapes where another sticks. Restarts from the incumbent start cooler: they settle fairness (a hot start
 * undoes it), and escape a roster stuck a shift short about as often as a hot one.
 */
export class AnnealRestarts {
  basin: Grid | null = null;
  private fromBasin = false;
  private run = MIN_ANNEAL_RUN;
  private restarted = false;
  private readonly cp: CompiledProblem;
  private readonly incumbent: Incumbent;
  private readonly options: RestartOptions;

  constructor(cp: CompiledProblem, incumbent: Incumbent, options: RestartOptions) {
    this.cp = cp;
    this.incumbent = incumbent;
    this.options = options;
  }

  /** Runs until `until` (or the bound is reached); `between` is called after each run. */
  runUntil(until: number, between?: () => void): void {
    const { elapsed, relGap, random, log } = this.options;
    const incumbent = this.incumbent;
    while (!incumbent.done(relGap) && elapsed() < until - 0.05) {
      const from = elapsed();
      const end = Math.min(until, from + this.run);
      const before = incumbent.objective;
      const start = this.fromBasin && this.basin !== null ? this.basin : incumbent.grid;
      const fromIncumbent = start === incumbent.grid;
      const annealed = anneal(this.cp, start, {
        ...(fromIncumbent && this.restarted ? { hot: SETTLE_HOT } : {}),
        random,
        stop: () => elapsed() >= end || incumbent.done(relGap),
        progress: () => (elapsed() - from) / Math.max(1e-3, end - from),
        onBetter: (grid) => incumbent.accept(grid),
      });
      this.restarted = true;
      const improved = incumbent.objective < before - 1e-9;
      this.fromBasin = improved ? false : !this.fromBasin;
      this.run = improved ? this.run * 2 : Math.max(MIN_ANNEAL_RUN, this.run / 2);
      log(`anneal ${elapsed().toFixed(2)}s moves ${annealed.moves} run best ${annealed.objective} objective ${incumbent.objective}`);
      between?.();
    }
  }
}
