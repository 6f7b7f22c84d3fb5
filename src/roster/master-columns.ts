import type { CompiledProblem } from './compiled-problem.ts';
import { requestCost, type MasterLayout } from './master-layout.ts';

/**
 * The master's roster columns: one member's roster row as a column (its convexity row, the cover rows it
 * counts for, its load in each of its fairness groups' max and min rows), and the CSC arrays HiGHS takes for a
 * list of columns (the LP master and the restricted-master MILP build theirs the same way).
 */
export interface RosterColumn {
  readonly staff: number;
  readonly row: readonly number[];
  readonly cost: number;
  readonly rows: Int32Array;
  readonly values: Float64Array;
}

export function rosterColumn(cp: CompiledProblem, layout: MasterLayout, e: number, row: readonly number[]): RosterColumn {
  const { shiftCount: S } = cp;
  const coef = new Map<number, number>([[e, 1]]);
  row.forEach((s, d) => {
    if (s < 0) return;
    for (const c of layout.demandsOfCell[d * S + s] ?? []) {
      if (cp.cover[c]?.qualified[e] !== true) continue;
      const r = layout.coverRow0 + c;
      coef.set(r, (coef.get(r) ?? 0) + 1);
    }
  });
  for (const [hi, lo, g] of layout.fairRows[e] ?? []) {
    const group = cp.fairness[g];
    let load = 0;
    row.forEach((s, d) => {
      if (s >= 0) load += group?.load[d]?.[s] ?? 0;
    });
    if (load !== 0) {
      coef.set(hi, load);
      coef.set(lo, load);
    }
  }
  const entries = [...coef.entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
  return {
    staff: e,
    row: [...row],
    cost: requestCost(cp, e, row),
    rows: Int32Array.from(entries.map(([r]) => r)),
    values: Float64Array.from(entries.map(([, v]) => v)),
  };
}

/** A column with its bounds, as handed to HiGHS. */
export interface BoundedColumn {
  readonly cost: number;
  readonly lower: number;
  readonly upper: number;
  readonly rows: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

export interface CscColumns {
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** CSC arrays of a list of columns. */
export function cscColumns(columns: readonly BoundedColumn[]): CscColumns {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const c of columns) {
    for (let i = 0; i < c.rows.length; i++) {
      indices.push(c.rows[i] ?? 0);
      values.push(c.values[i] ?? 0);
    }
    starts.push(indices.length);
  }
  return {
    colCost: Float64Array.from(columns.map((c) => c.cost)),
    colLower: Float64Array.from(columns.map((c) => c.lower)),
    colUpper: Float64Array.from(columns.map((c) => c.upper)),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
}
