import type { Highs } from 'highs';
import { cscColumns, type RosterColumn } from './master-columns.ts';
import type { MasterLayout } from './master-layout.ts';

/**
 * The restricted master as a MILP: each member picks one of the given roster columns (binary), the slack and
 * max/min columns stay continuous; started from `incumbent`, whose rows must be among the columns. Members
 * with no column chosen keep their incumbent row. Returns the best grid found, or null.
 */
export function solveRestrictedMaster(
  highs: Highs,
  layout: MasterLayout,
  columns: readonly RosterColumn[],
  list: readonly number[],
  incumbent: readonly (readonly number[])[],
  timeLimit: number,
): { grid: number[][]; optimal: boolean } | null {
  const { base } = layout;
  const numRows = layout.rowLower.length;
  const cols = [
    ...base.map((b) => ({ cost: b.cost, lower: b.lower, upper: b.upper, rows: b.rows, values: b.values, integer: 0 })),
    ...list.map((j) => {
      const c = columns[j];
      return { cost: c?.cost ?? 0, lower: 0, upper: 1, rows: [...(c?.rows ?? [])], values: [...(c?.values ?? [])], integer: 1 };
    }),
  ];
  const a = cscColumns(cols);
  const n = cols.length;
  const model = highs.createModel({
    numCols: n,
    numRows,
    colCost: a.colCost,
    colLower: a.colLower,
    colUpper: a.colUpper,
    rowLower: Float64Array.from(layout.rowLower),
    rowUpper: Float64Array.from(layout.rowUpper),
    matrix: { format: 'csc', numRows, numCols: n, starts: a.starts, indices: a.indices, values: a.values },
    integrality: Int32Array.from(cols.map((c) => c.integer)),
  });
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, timeLimit), mip_rel_gap: 0 });
    const start: number[] = [];
    list.forEach((j, k) => {
      const c = columns[j];
      const row = c === undefined ? undefined : incumbent[c.staff];
      if (c !== undefined && row !== undefined && row.every((s, d) => s === c.row[d])) start.push(base.length + k);
    });
    model.setSolution({ indices: start, values: start.map(() => 1) });
    const { modelStatus } = model.run();
    if (Number(model.info.get('primal_solution_status')) !== highs.constants.solutionStatus.feasible) return null;
    const x = model.getSolution().colValue;
    const grid = incumbent.map((row) => [...row]);
    list.forEach((j, k) => {
      const c = columns[j];
      if (c !== undefined && (x[base.length + k] ?? 0) > 0.5) grid[c.staff] = [...c.row];
    });
    return { grid, optimal: modelStatus === highs.constants.modelStatus.optimal };
  } finally {
    model.dispose();
  }
}
