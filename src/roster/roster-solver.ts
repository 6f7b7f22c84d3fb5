import { Worker } from 'node:worker_threads';
import { operationalError } from '../core/errors.ts';
import { compileProblem } from './compiled-problem.ts';
import { checkCompiled, type Violation } from './roster-check.ts';
import type { Roster, RosterProblem } from './roster-problem.ts';
import { scoreCompiled, type RosterScore } from './roster-score.ts';
import type { WorkerMessage, WorkerRequest } from './solve-worker.ts';

/**
 * The solver port: runs the search (roster-search.ts) in a worker thread with a time limit and returns the
 * best roster found, its objective, the lower bound and the gap. Feasibility comes from the checker, never
 * from the solver. If the worker overruns its limit it is stopped and the last roster it reported is kept.
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

export function solveRoster(problem: RosterProblem, options: SolveOptions): Promise<SolveResult> {
  const cp = compileProblem(problem); // validates ids before a worker is started
  const started = performance.now();
  const request: WorkerRequest = {
    problem,
    options: {
      timeLimit: options.timeLimit,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.relGap === undefined ? {} : { relGap: options.relGap }),
      ...(options.initial === undefined ? {} : { initial: options.initial.grid }),
      verbose: options.onLog !== undefined,
    },
  };
  const worker = startWorker(request);
  const history: { seconds: number; objective: number }[] = [];
  let last: number[][] | null = null;

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

  return new Promise<SolveResult>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      settle(() => {
        if (last === null) reject(operationalError('roster_solver_timeout', `the solver found no roster within ${options.timeLimit} s`));
        else resolve(finish(last, { bound: Number.NEGATIVE_INFINITY, optimal: false, iterations: 0, stopped: true }));
      });
    }, (options.timeLimit + GRACE_SECONDS) * 1000);
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'improve':
          last = message.grid;
          history.push({ seconds: message.seconds, objective: message.objective });
          options.onProgress?.(message.objective, message.seconds);
          break;
        case 'log':
          options.onLog?.(message.message);
          break;
        case 'done':
          settle(() => { resolve(finish(message.grid, { bound: message.bound, optimal: message.optimal, iterations: message.iterations, stopped: false })); });
          break;
        case 'error':
          settle(() => { reject(operationalError('roster_solver_failed', message.message)); });
          break;
      }
    });
    worker.on('error', (error) => { settle(() => { reject(operationalError('roster_solver_failed', error.message, error)); }); });
    worker.on('exit', (code) => {
      if (!settled) settle(() => { reject(operationalError('roster_solver_failed', `solver worker exited with code ${code}`)); });
    });
  });
}
