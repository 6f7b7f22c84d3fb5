import highsModule, { type Highs } from 'highs';
import type { SubModel } from './sub-model.ts';

/**
 * HiGHS (WebAssembly) behind one function: solve a sub-model as a MIP with a time limit and a start. The
 * solver blocks the thread it runs on, which is why solves run in a worker (roster-solver.ts).
 */
export const MIP_STATUSES = ['optimal', 'time-limit', 'infeasible', 'interrupted', 'no-solution', 'error'] as const;
export type MipStatus = (typeof MIP_STATUSES)[number];

export interface MipResult {
  readonly status: MipStatus;
  /** Sub-model column values, or null when no solution was found. */
  readonly values: Float64Array | null;
  /** Objective including the sub-model offset. */
  readonly objective: number;
  /** Proven lower bound, including the offset. */
  readonly bound: number;
  readonly seconds: number;
}

export interface MipOptions {
  readonly timeLimit: number;
  /** Stop as soon as the relative gap is at most this (default 0: prove optimality). */
  readonly relGap?: number;
  readonly seed?: number;
  /** Known integral objective: lets HiGHS stop once incumbent − bound < 1. */
  readonly integralObjective?: boolean;
}

// The package's declarations are CommonJS-shaped while Node loads its ES build, whose default export is the
// loader itself: accept both shapes.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>;

let runtime: Promise<Highs> | null = null;

/** One HiGHS runtime per thread, loaded on first use. */
export function highsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

export function solveMip(highs: Highs, sub: SubModel, options: MipOptions): MipResult {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  if (sub.numCols === 0) {
    return { status: 'optimal', values: new Float64Array(0), objective: sub.offset, bound: sub.offset, seconds: seconds() };
  }
  const model = highs.createModel({
    numCols: sub.numCols,
    numRows: sub.numRows,
    offset: sub.offset,
    colCost: sub.colCost,
    colLower: sub.colLower,
    colUpper: sub.colUpper,
    rowLower: sub.rowLower,
    rowUpper: sub.rowUpper,
    matrix: { format: 'csr', numRows: sub.numRows, numCols: sub.numCols, starts: sub.starts, indices: sub.index, values: sub.value },
    integrality: sub.integrality,
  });
  try {
    const opts: Record<string, number | boolean | string> = {
      output_flag: false,
      time_limit: Math.max(0.01, options.timeLimit),
      mip_rel_gap: options.relGap ?? 0,
      random_seed: options.seed ?? 0,
    };
    if (options.integralObjective === true) opts['mip_abs_gap'] = 0.999;
    model.options.set(opts);
    const indices: number[] = [];
    const values: number[] = [];
    sub.start.forEach((v, i) => {
      if (!Number.isNaN(v)) {
        indices.push(i);
        values.push(v);
      }
    });
    if (indices.length > 0) model.setSolution({ indices, values });
    const { modelStatus } = model.run();
    const codes = highs.constants.modelStatus;
    const hasSolution = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const status: MipStatus =
      modelStatus === codes.optimal
        ? 'optimal'
        : modelStatus === codes.infeasible
          ? 'infeasible'
          : modelStatus === codes.timeLimit
            ? 'time-limit'
            : modelStatus === codes.interrupted || modelStatus === codes.objectiveBound
              ? 'interrupted'
              : hasSolution
                ? 'time-limit'
                : 'no-solution';
    const bound = Number(model.info.get('mip_dual_bound'));
    if (!hasSolution) return { status: status === 'optimal' ? 'error' : status, values: null, objective: Number.POSITIVE_INFINITY, bound, seconds: seconds() };
    return {
      status,
      values: model.getSolution().colValue,
      objective: model.getObjectiveValue(),
      bound: Number.isFinite(bound) ? bound : Number.NEGATIVE_INFINITY,
      seconds: seconds(),
    };
  } finally {
    model.dispose();
  }
}

/**
 * Lower bound from the LP relaxation (interior point, no crossover: the bound is all that is needed, and on
 * the largest instances this is ten times faster than simplex). Returns -Infinity when it does not converge.
 */
export function lpRelaxation(highs: Highs, sub: SubModel, timeLimit: number): { bound: number; values: Float64Array | null } {
  if (sub.numCols === 0) return { bound: sub.offset, values: new Float64Array(0) };
  const model = highs.createModel({
    numCols: sub.numCols,
    numRows: sub.numRows,
    offset: sub.offset,
    colCost: sub.colCost,
    colLower: sub.colLower,
    colUpper: sub.colUpper,
    rowLower: sub.rowLower,
    rowUpper: sub.rowUpper,
    matrix: { format: 'csr', numRows: sub.numRows, numCols: sub.numCols, starts: sub.starts, indices: sub.index, values: sub.value },
  });
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, timeLimit), solver: 'ipm', run_crossover: 'off' });
    const { modelStatus } = model.run();
    if (modelStatus !== highs.constants.modelStatus.optimal) return { bound: Number.NEGATIVE_INFINITY, values: null };
    const value = model.getObjectiveValue();
    // Interior point stops at a relative duality gap of about 1e-8: keep the bound on the safe side.
    return { bound: value - 1e-6 * Math.max(1, Math.abs(value)), values: model.getSolution().colValue };
  } finally {
    model.dispose();
  }
}
