import type { CompiledProblem } from './compiled-problem.ts';
import { solveNeighbourhood, type Grid, type Incumbent, type SearchContext } from './lns.ts';
import { scoreCompiled } from './roster-score.ts';

/**
 * Window sweep: every member's rows over a window of days re-optimised at once by one sub-MILP, the window
 * moved by half its length across the horizon. Annealing and the LNS's small neighbourhoods stop at rosters a
 * few shifts short where filling one means several members moving shifts over a week or more (consecutive
 * shift limits, days off in a row, weekends); a window of all 60 members over 11 days of Curtois Instance12
 * solves to optimality in 1–4 s and fills them (from the dive's roster, 4792 → 4052 in one sweep; from
 * annealed rosters stuck one or two shifts short, 4238 → 4070 and 4353 → 4082).
 */

/** Cells a member may work (type allowed, not a day off) in one window, all members: sets its length. */
const WINDOW_CELLS = 4200;
/** Longest window, as a share of the horizon, and shortest, in days. */
const MAX_WINDOW_SHARE = 0.4;
const MIN_WINDOW = 3;
/** Time limit of one window's sub-MILP: this share of the search's time limit, and at most this many seconds. */
const WINDOW_SHARE = 0.1;
const WINDOW_SECONDS = 4;
/** A sweep ends after this many windows that ran out of time without improving the roster. */
const MAX_FAILURES = 2;

/** The first window length for a problem: about WINDOW_CELLS workable cells, within the bounds above. */
export function windowLength(cp: CompiledProblem): number {
  let allowed = 0;
  for (const m of cp.staff) for (const day of m.allowed) for (const a of day) if (a) allowed++;
  const perDay = allowed / Math.max(1, cp.days);
  const longest = Math.max(MIN_WINDOW, Math.floor(cp.days * MAX_WINDOW_SHARE));
  return Math.min(cp.days, longest, Math.max(MIN_WINDOW, Math.floor(WINDOW_CELLS / Math.max(1, perDay))));
}

export interface SweepOptions {
  /** Window length in days (windowLength at first, then what the last sweep returned). */
  readonly length: number;
  /** First window's start: 0, or half a step to move the windows' edges between sweeps. */
  readonly offset: number;
  /** The search's time limit (sets each window's) and the time this sweep must end by, in seconds. */
  readonly timeLimit: number;
  readonly until: number;
  readonly relGap?: number;
  /** Roster to sweep from (default the incumbent's); may be worse than the incumbent. */
  readonly start?: Grid;
}

export interface SweepResult {
  readonly iterations: number;
  readonly improved: boolean;
  /** Window length for the next sweep: one day shorter after a window that ran out of time. */
  readonly length: number;
}

/**
 * One sweep of windows over the horizon. A window that runs out of time makes the next ones a day shorter;
 * after two that also found nothing better the sweep ends.
 */
export function sweepWindows(ctx: SearchContext, incumbent: Incumbent, options: SweepOptions): SweepResult {
  const { days: D, staffCount: E } = ctx.cp;
  let W = Math.min(D, Math.max(1, options.length));
  const windowSeconds = Math.min(WINDOW_SECONDS, options.timeLimit * WINDOW_SHARE);
  const first = incumbent.objective;
  let current = options.start ?? incumbent.grid;
  let value = scoreCompiled(ctx.cp, { grid: current }).total;
  let iterations = 0;
  let failures = 0;
  for (let from = Math.min(options.offset, D - W); ; ) {
    const start = Math.min(from, D - W);
    const limit = Math.min(windowSeconds, options.until - ctx.elapsed());
    if (limit <= 0.05 || incumbent.done(options.relGap ?? 0)) break;
    const free = new Uint8Array(E * D);
    for (let e = 0; e < E; e++) free.fill(1, e * D + start, e * D + start + W);
    const solved = solveNeighbourhood(ctx, free, current, limit, iterations);
    iterations++;
    const next = solved === null ? value : scoreCompiled(ctx.cp, { grid: solved.grid }).total;
    const better = solved !== null && next < value - 1e-9;
    if (solved !== null && next <= value + 1e-9) {
      current = solved.grid;
      value = next;
      incumbent.accept(current, value);
    }
    const last = start === D - W;
    if (solved?.result.status !== 'optimal' && limit >= windowSeconds) {
      W = Math.max(MIN_WINDOW, W - 1);
      if (!better && ++failures >= MAX_FAILURES) break;
    }
    if (last) break;
    from = start + Math.ceil(W / 2);
  }
  return { iterations, improved: incumbent.objective < first - 1e-9, length: W };
}
