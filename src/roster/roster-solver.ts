import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { operationalError } from '../core/errors.ts';
import { compileProblem } from './compiled-problem.ts';
import { checkCompiled, type Violation } from './roster-check.ts';
import type { Roster, RosterProblem } from './roster-problem.ts';
import { scoreCompiled, type RosterScore } from './roster-score.ts';
import type { StartMessage, WorkerMessage, WorkerRequest } from './solve-worker.ts';

/**
 * The solver port: runs the search (roster-search.ts) in worker threads with a time limit and returns the
 * best roster found, its objective, the lower bound and the gap. Worker 0 runs the whole search; the others
 * (one by default where the machine has two cores) wait until it reports its basin (the roster its dive
 * built) and then anneal from it with their own seeds, so they do not compete with its column generation for
 * memory. Annealing that stalls under one seed (fairness ranges that settle late) seldom stalls the same way
 * under another. Feasibility comes from the checker, never from the solver. If the workers overrun their
 * limit they are stopped and the best roster reported is kept.
 */
export interface SolveOptions {
  /** Seconds. */
  readonly timeLimit: number;
  readonly seed?: number;
  readonly initial?: Roster;
  /** Stop once within this relative gap of the bound. */
  readonly relGap?: number;
  readonly onProgress?: (objective: number, seconds: number) => void;
  readonly onLog?: (message: string) => void;
  /**
   * Worker threads: the search, and annealers from its basin, each with its own seed; the best roster and
   * the best bound are kept (default: `defaultWorkers()`).
   */
  readonly workers?: number;
}

export interface SolveResult {
  readonly roster: Roster;
  readonly objective: number;
  readonly score: RosterScore;
  /** Proven lower bound (-Infinity when none). */
  readonly bound: number;
  /** (objective − bound) / objective, 0 when proven optimal. */
  readonly gap: number;
  readonly optimal: boolean;
  readonly feasible: boolean;
  readonly violations: readonly Violation[];
  readonly seconds: number;
  readonly iterations: number;
  readonly history: readonly { readonly seconds: number; readonly objective: number }[];
  /** True when the worker had to be stopped and the last reported roster was used. */
  readonly stopped: boolean;
}

/** Extra time a worker gets past its limit before it is stopped (loading HiGHS, the last sub-problem). */
const GRACE_SECONDS = 5;
/** At most this many workers unless asked: a SOC roster gains little from more, and the host serves alerts too. */
const MAX_DEFAULT_WORKERS = 2;
/** An annealer is not started with less time than this left (seconds). */
const MIN_ANNEAL_SECONDS = 0.5;
/** The search's own default seed (roster-search.ts), for the seeds of workers after the first. */
const DEFAULT_SEED = 1;

/**
 * Starts the worker. Run from TypeScript sources (tsx), a worker does not inherit the loader on Node 20, so a
 * small bootstrap registers tsx in the worker before importing the entry; compiled JavaScript loads directly.
 */
function startWorker(request: WorkerRequest): Worker {
  const entry = new URL('./solve-worker.ts', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./solve-worker.js', import.meta.url), { workerData: request });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

/** Workers by default: two (the search and one annealer) where the machine has the cores. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism()));
}

/** The seed of worker k: worker 0 keeps the caller's seed, so one worker searches exactly as before. */
const workerSeed = (seed: number, k: number): number => seed + k * 7919;

interface WorkerDone {
  readonly grid: number[][];
  readonly objective: number;
  readonly bound: number;
  readonly optimal: boolean;
  readonly iterations: number;
}

export function solveRoster(problem: RosterProblem, options: SolveOptions): Promise<SolveResult> {
  const cp = compileProblem(problem); // validates ids before a worker is started
  const started = performance.now();
  const asked = options.workers ?? defaultWorkers();
  const count = Number.isFinite(asked) ? Math.max(1, Math.floor(asked)) : 1;
  const workers = Array.from({ length: count }, (_, k) =>
    startWorker({
      problem,
      role: k === 0 ? 'search' : 'anneal',
      options: {
        timeLimit: options.timeLimit,
        ...(options.seed === undefined && k === 0 ? {} : { seed: workerSeed(options.seed ?? DEFAULT_SEED, k) }),
        ...(options.relGap === undefined ? {} : { relGap: options.relGap }),
        ...(options.initial === undefined ? {} : { initial: options.initial.grid }),
        // One worker's log is enough to follow the search; the others would interleave with it.
        verbose: options.onLog !== undefined && k === 0,
      },
    }),
  );
  const history: { seconds: number; objective: number }[] = [];
  /** The best roster any worker has reported so far. */
  let best: { grid: number[][]; objective: number } | null = null;
  const finished: WorkerDone[] = [];
  /** The best lower bound a search reported before it finished (kept when the watchdog stops it). */
  let reportedBound = Number.NEGATIVE_INFINITY;
  let lastError = '';
  /** Per worker: given work (the search at once, the annealers when it reports its basin), and ended. */
  const working = workers.map((_, k) => k === 0);
  const ended = workers.map(() => false);
  const elapsed = (): number => (performance.now() - started) / 1000;
  /** Annealers start from the search's basin with the time that is left, unless too little is. */
  const startAnnealers = (grid: number[][]): void => {
    const timeLimit = options.timeLimit - elapsed();
    if (timeLimit < MIN_ANNEAL_SECONDS) return;
    workers.forEach((w, k) => {
      if (k === 0 || ended[k] === true) return;
      w.postMessage({ type: 'start', grid, timeLimit } satisfies StartMessage);
      working[k] = true;
    });
  };

  const finish = (grid: number[][], extra: { bound: number; optimal: boolean; iterations: number; stopped: boolean }): SolveResult => {
    const roster = { grid };
    const score = scoreCompiled(cp, roster);
    const check = checkCompiled(cp, roster);
    const objective = score.total;
    const bound = extra.bound;
    const optimal = extra.optimal && check.feasible;
    const gap = optimal ? 0 : Number.isFinite(bound) && objective !== 0 ? Math.max(0, (objective - bound) / Math.abs(objective)) : Number.POSITIVE_INFINITY;
    return {
      roster,
      objective,
      score,
      bound,
      gap,
      optimal,
      feasible: check.feasible,
      violations: check.violations,
      seconds: (performance.now() - started) / 1000,
      iterations: extra.iterations,
      history,
      stopped: extra.stopped,
    };
  };

  /**
   * The best roster any worker reported or finished with (a worker still annealing when the watchdog fires may
   * have reported a better one than those that finished), with the best bound any worker proved, finished
   * or not (they all bound the same problem).
   */
  const combine = (stopped: boolean): SolveResult | undefined => {
    const done = [...finished].sort((a, b) => a.objective - b.objective)[0];
    const top = best !== null && (done === undefined || best.objective < done.objective - 1e-9) ? best : done;
    if (top === undefined) return undefined;
    const bound = Math.max(reportedBound, ...finished.map((f) => f.bound));
    const optimal = (top === done && done.optimal) || top.objective <= bound + 1e-9;
    return finish(top.grid, { bound, optimal, iterations: finished.reduce((n, f) => n + f.iterations, 0), stopped });
  };

  return new Promise<SolveResult>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      for (const w of workers) void w.terminate();
    };
    const settleIfDone = (): void => {
      const proven = finished.some((f) => f.optimal);
      if (!proven && working.some((w, k) => w && ended[k] !== true)) return;
      const result = combine(false);
      settle(() => {
        if (result === undefined) reject(operationalError('roster_solver_failed', lastError));
        else resolve(result);
      });
    };
    const timer = setTimeout(() => {
      settle(() => {
        const result = combine(true);
        if (result === undefined) reject(operationalError('roster_solver_timeout', `the solver found no roster within ${options.timeLimit} s`));
        else resolve(result);
      });
    }, (options.timeLimit + GRACE_SECONDS) * 1000);
    /** A worker's end (done or failed): the solve ends when every worker given work has ended. */
    const end = (k: number, message?: string): void => {
      if (ended[k] === true) return;
      ended[k] = true;
      if (message !== undefined) lastError = message;
      settleIfDone();
    };
    workers.forEach((worker, k) => {
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'improve':
            if (best !== null && message.objective >= best.objective) break;
            best = { grid: message.grid, objective: message.objective };
            // The parent's clock: the workers' clocks start when each has loaded HiGHS (or got its start).
            history.push({ seconds: elapsed(), objective: message.objective });
            options.onProgress?.(message.objective, elapsed());
            break;
          case 'basin':
            startAnnealers(message.grid);
            break;
          case 'bound':
            reportedBound = Math.max(reportedBound, message.bound);
            break;
          case 'log':
            options.onLog?.(message.message);
            break;
          case 'done':
            if (ended[k] !== true) finished.push(message);
            end(k);
            break;
          case 'error':
            end(k, message.message);
            break;
        }
      });
      worker.on('error', (error) => { end(k, error.message); });
      worker.on('exit', (code) => { end(k, `solver worker exited with code ${code}`); });
    });
  });
}
