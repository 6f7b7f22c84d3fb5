import { roleIsFree, roleValue, type LinearModel } from './linear-model.ts';

/**
 * A neighbourhood of the full MILP: the cells marked free keep their columns, every other cell-decided column
 * is replaced by its value in the incumbent roster, and rows left with no free column are dropped (the
 * incumbent satisfies them). Re-optimising a few staff or a few days this way is the core of the LNS.
 * Auxiliary columns that touch no free cell are dropped with their cost, so the sub-model's objective equals
 * the full objective minus a constant; callers re-score rosters rather than trust it.
 */
export interface SubModel {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly integrality: Int32Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly starts: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly offset: number;
  /** Full-model column of each sub-model column. */
  readonly cols: Int32Array;
  /** Incumbent value of each sub-model column (NaN for auxiliary columns the solver completes). */
  readonly start: Float64Array;
}

export function extractSubModel(
  lm: LinearModel,
  free: Uint8Array,
  days: number,
  grid: readonly (readonly number[])[],
): SubModel {
  // Cell-decided columns are free when their cells are; an auxiliary column (slack, max/min) only when it
  // shares a row with a free cell column: the others are constants whose cost is left out of the offset.
  const cellFree = new Uint8Array(lm.numCols);
  const isAux = new Uint8Array(lm.numCols);
  for (let j = 0; j < lm.numCols; j++) {
    const role = lm.roles[j];
    if (role === undefined) continue;
    if (role.kind === 'aux') isAux[j] = 1;
    else if (roleIsFree(role, free, days)) cellFree[j] = 1;
  }
  const auxFree = new Uint8Array(lm.numCols);
  for (let r = 0; r < lm.numRows; r++) {
    const from = lm.rowStart[r] ?? 0;
    const to = lm.rowStart[r + 1] ?? 0;
    let active = false;
    for (let k = from; k < to && !active; k++) active = cellFree[lm.rowIndex[k] ?? 0] === 1;
    if (!active) continue;
    for (let k = from; k < to; k++) {
      const j = lm.rowIndex[k] ?? 0;
      if (isAux[j] === 1) auxFree[j] = 1;
    }
  }
  const map = new Int32Array(lm.numCols).fill(-1);
  const fixedValue = new Float64Array(lm.numCols);
  const cols: number[] = [];
  let offset = lm.offset;
  for (let j = 0; j < lm.numCols; j++) {
    const role = lm.roles[j];
    if (role === undefined) continue;
    if (cellFree[j] === 1 || auxFree[j] === 1) {
      map[j] = cols.length;
      cols.push(j);
    } else if (isAux[j] === 0) {
      const v = roleValue(role, grid);
      fixedValue[j] = v;
      offset += (lm.colCost[j] ?? 0) * v;
    }
  }
  const starts: number[] = [0];
  const index: number[] = [];
  const value: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (let r = 0; r < lm.numRows; r++) {
    const from = lm.rowStart[r] ?? 0;
    const to = lm.rowStart[r + 1] ?? 0;
    let constant = 0;
    let kept = 0;
    for (let k = from; k < to; k++) {
      const j = lm.rowIndex[k] ?? 0;
      const coef = lm.rowValue[k] ?? 0;
      const m = map[j] ?? -1;
      if (m >= 0) {
        index.push(m);
        value.push(coef);
        kept++;
      } else {
        constant += coef * (fixedValue[j] ?? 0);
      }
    }
    if (kept === 0) continue; // every column fixed: the incumbent satisfies it, or a dropped auxiliary does
    starts.push(index.length);
    rowLower.push((lm.rowLower[r] ?? 0) - constant);
    rowUpper.push((lm.rowUpper[r] ?? 0) - constant);
  }
  const n = cols.length;
  const colCost = new Float64Array(n);
  const colLower = new Float64Array(n);
  const colUpper = new Float64Array(n);
  const integrality = new Int32Array(n);
  const start = new Float64Array(n);
  cols.forEach((j, i) => {
    colCost[i] = lm.colCost[j] ?? 0;
    colLower[i] = lm.colLower[j] ?? 0;
    colUpper[i] = lm.colUpper[j] ?? 0;
    integrality[i] = lm.integer[j] ?? 0;
    const role = lm.roles[j];
    start[i] = role === undefined ? Number.NaN : roleValue(role, grid);
  });
  return {
    numCols: n,
    numRows: rowLower.length,
    colCost,
    colLower,
    colUpper,
    integrality,
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    index: Int32Array.from(index),
    value: Float64Array.from(value),
    offset,
    cols: Int32Array.from(cols),
    start,
  };
}
