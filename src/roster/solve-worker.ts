import { parentPort, workerData } from 'node:worker_threads';
import { compileProblem } from './compiled-problem.ts';
import { highsRuntime } from './highs-mip.ts';
import type { RosterProblem } from './roster-problem.ts';
import { searchRoster, type SearchOptions } from './roster-search.ts';

/**
 * Worker-thread entry: HiGHS blocks the thread it runs on, so the search runs here and reports each improved
 * roster to the parent as it goes (the parent can stop the worker at any moment and keep the last one).
 */
export interface WorkerRequest {
  readonly problem: RosterProblem;
  readonly options: Omit<SearchOptions, 'onImprove' | 'log'> & { readonly verbose?: boolean };
}

export type WorkerMessage =
  | { readonly type: 'improve'; readonly objective: number; readonly seconds: number; readonly grid: number[][] }
  | { readonly type: 'log'; readonly message: string }
  | {
      readonly type: 'done';
      readonly grid: number[][];
      readonly objective: number;
      readonly bound: number;
      readonly optimal: boolean;
      readonly seconds: number;
      readonly iterations: number;
    }
  | { readonly type: 'error'; readonly message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const request = workerData as WorkerRequest;
  try {
    const highs = await highsRuntime();
    const cp = compileProblem(request.problem);
    const result = searchRoster(highs, cp, {
      ...request.options,
      onImprove: (objective, seconds, grid) => { port.postMessage({ type: 'improve', objective, seconds, grid } satisfies WorkerMessage); },
      ...(request.options.verbose === true ? { log: (message: string) => { port.postMessage({ type: 'log', message } satisfies WorkerMessage); } } : {}),
    });
    port.postMessage({
      type: 'done',
      grid: result.grid,
      objective: result.objective,
      bound: result.bound,
      optimal: result.optimal,
      seconds: result.seconds,
      iterations: result.iterations,
    } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
}

void main();
