import { parentPort, workerData } from 'node:worker_threads';
import { compileProblem } from './compiled-problem.ts';
import { highsRuntime } from './highs-mip.ts';
import type { RosterProblem } from './roster-problem.ts';
import { annealRoster, searchRoster, type SearchOptions, type SearchResult } from './roster-search.ts';

/**
 * Worker-thread entry: HiGHS blocks the thread it runs on, so the search runs here and reports each improved
 * roster to the parent as it goes (the parent can stop the worker at any moment and keep the last one).
 * Role `search`: the whole search (roster-search.ts), reporting its basin (the roster annealing starts from).
 * Role `anneal`: waits for a `start` message with that basin and the seconds left, then anneals from it
 * (no HiGHS).
 */
export interface WorkerRequest {
  readonly problem: RosterProblem;
  readonly role?: 'search' | 'anneal';
  readonly options: Omit<SearchOptions, 'onImprove' | 'log' | 'onBasin'> & { readonly verbose?: boolean };
}

/** From the parent to an `anneal` worker. */
export interface StartMessage {
  readonly type: 'start';
  readonly grid: number[][];
  /** Seconds the worker may take. */
  readonly timeLimit: number;
}

export type WorkerMessage =
  | { readonly type: 'improve'; readonly objective: number; readonly grid: number[][] }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'basin'; readonly grid: number[][] }
  | { readonly type: 'bound'; readonly bound: number }
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

/** The start message of an `anneal` worker. */
function started(port: NonNullable<typeof parentPort>): Promise<StartMessage> {
  return new Promise((resolve) => {
    port.once('message', (message: StartMessage) => { resolve(message); });
  });
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const request = workerData as WorkerRequest;
  try {
    const cp = compileProblem(request.problem);
    const callbacks = {
      onImprove: (objective: number, _seconds: number, grid: number[][]) => { port.postMessage({ type: 'improve', objective, grid } satisfies WorkerMessage); },
      ...(request.options.verbose === true ? { log: (message: string) => { port.postMessage({ type: 'log', message } satisfies WorkerMessage); } } : {}),
    };
    let result: SearchResult;
    if (request.role === 'anneal') {
      const start = await started(port);
      result = annealRoster(cp, start.grid, { ...request.options, ...callbacks, timeLimit: start.timeLimit });
    } else {
      result = searchRoster(await highsRuntime(), cp, {
        ...request.options,
        ...callbacks,
        onBasin: (grid) => { port.postMessage({ type: 'basin', grid } satisfies WorkerMessage); },
        onBound: (bound) => { port.postMessage({ type: 'bound', bound } satisfies WorkerMessage); },
      });
    }
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
