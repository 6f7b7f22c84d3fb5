import type { Highs } from 'highs';
import type { CompiledProblem } from './compiled-problem.ts';
import { cscColumns, rosterColumn, type CscColumns, type RosterColumn } from './master-columns.ts';
import { masterLayout, type MasterLayout } from './master-layout.ts';
import { priceStaff, type PricingCosts } from './pricing.ts';
import { solveRestrictedMaster } from './restricted-master.ts';

const INF = Number.POSITIVE_INFINITY;
const DUAL_TOLERANCE = 1e-8;

/**
 * Column generation over individual rosters. The master chooses one roster per staff member (convexity rows)
 * against cover rows with under/over slacks and fairness max/min rows; pricing (pricing.ts) finds, for each
 * member, the roster of least reduced cost under the master's duals. The LP value plus every member's most
 * negative reduced cost is a valid lower bound (Lagrangian), usually far tighter than the compact LP; solving
 * the master with binary columns (restricted master) yields rosters that combine the best columns found.
 */
export class ColumnGeneration {
  private readonly cp: CompiledProblem;
  private readonly highs: Highs;
  private readonly layout: MasterLayout;
  private readonly numRows: number;
  private readonly rowLower: readonly number[];
  private readonly rowUpper: readonly number[];
  /** Cover demands containing each cell, `[d·S + s]`. */
  private readonly demandsOfCell: readonly (readonly number[])[];
  private readonly coverRow0: number;
  /** For each staff member: [hiRow, loRow, group] per fairness group they belong to. */
  private readonly fairRows: MasterLayout['fairRows'];
  /** Slack and max/min columns, then roster columns. */
  private readonly base: MasterLayout['base'];
  private readonly columns: RosterColumn[] = [];
  /** Column index of each roster added, by `staff:row`. */
  private readonly known = new Map<string, number>();
  private model: ReturnType<Highs['createModel']> | null = null;
  private pending = 0;
  /** Bounds changed since the last solve: the basis is no longer primal feasible, so use dual simplex. */
  private boundsChanged = false;
  /** Column fixed to 1 for each member during a dive, -1 when free. */
  private readonly fixed: Int32Array;
  /** Columns a dive has backtracked from: held at 0 until the dive ends. */
  private readonly forbidden = new Set<number>();

  constructor(highs: Highs, cp: CompiledProblem) {
    this.highs = highs;
    this.cp = cp;
    const layout = masterLayout(cp);
    this.layout = layout;
    this.rowLower = layout.rowLower;
    this.rowUpper = layout.rowUpper;
    this.coverRow0 = layout.coverRow0;
    this.demandsOfCell = layout.demandsOfCell;
    this.fairRows = layout.fairRows;
    this.base = layout.base;
    this.numRows = this.rowLower.length;
    this.fixed = new Int32Array(cp.staffCount).fill(-1);
  }

  get problem(): CompiledProblem {
    return this.cp;
  }

  get columnCount(): number {
    return this.columns.length;
  }

  isFixed(e: number): boolean {
    return (this.fixed[e] ?? -1) >= 0;
  }

  /** Adds a roster row for staff e as a column; false when it is already there. */
  addRoster(e: number, row: readonly number[]): boolean {
    return this.columnOf(e, row).added;
  }

  /** Fixes member e to this roster row (added as a column if new), as a dive step would. */
  fixRoster(e: number, row: readonly number[]): void {
    this.fixColumn(this.columnOf(e, row).index);
  }

  /** The column of this roster row for staff e, added when new. */
  private columnOf(e: number, row: readonly number[]): { index: number; added: boolean } {
    const key = `${e}:${row.join(',')}`;
    const known = this.known.get(key);
    if (known !== undefined) return { index: known, added: false };
    const index = this.columns.length;
    this.known.set(key, index);
    this.columns.push(rosterColumn(this.cp, this.layout, e, row));
    this.pending++;
    return { index, added: true };
  }

  /** Each cover demand's shortfall (under slack) in a master LP solution. */
  lpShortfall(primal: Float64Array): Float64Array {
    return Float64Array.from(this.layout.underSlack, (k) => primal[k] ?? 0);
  }

  /** Solves the master LP (warm-started); returns its value, row duals and column values, or null. */
  solveLp(timeLimit: number): { value: number; duals: Float64Array; primal: Float64Array } | null {
    this.sync();
    const model = this.model;
    if (model === null) return null;
    // Primal simplex after adding columns (the basis stays primal feasible), dual after changing bounds.
    model.options.set({ time_limit: Math.max(0.01, timeLimit), simplex_strategy: this.boundsChanged ? 1 : 4 });
    this.boundsChanged = false;
    model.zeroAllClocks(); // HiGHS measures the limit against the instance's total run time
    const { modelStatus } = model.run();
    if (modelStatus !== this.highs.constants.modelStatus.optimal) return null;
    const solution = model.getSolution();
    return { value: model.getObjectiveValue(), duals: solution.rowDual, primal: solution.colValue };
  }

  /** Pricing costs of staff e under duals; the constant and the convexity dual give the reduced cost. */
  pricingCosts(e: number, duals: Float64Array): { costs: PricingCosts; constant: number } {
    const { days: D, shiftCount: S } = this.cp;
    const cell = new Float64Array(D * S);
    const off = new Float64Array(D);
    const m = this.cp.staff[e];
    let constant = -(duals[e] ?? 0);
    for (let d = 0; d < D; d++) {
      for (let s = 0; s < S; s++) {
        let c = 0;
        for (const k of this.demandsOfCell[d * S + s] ?? []) {
          if (this.cp.cover[k]?.qualified[e] === true) c -= duals[this.coverRow0 + k] ?? 0;
        }
        for (const [hi, lo, g] of this.fairRows[e] ?? []) {
          const load = this.cp.fairness[g]?.load[d]?.[s] ?? 0;
          c -= ((duals[hi] ?? 0) + (duals[lo] ?? 0)) * load;
        }
        cell[d * S + s] = c;
      }
    }
    for (const r of m?.onRequests ?? []) {
      if (r.shift < 0) off[r.day] = (off[r.day] ?? 0) + r.weight;
      else {
        constant += r.weight;
        cell[r.day * S + r.shift] = (cell[r.day * S + r.shift] ?? 0) - r.weight;
      }
    }
    for (const r of m?.offRequests ?? []) {
      for (let s = 0; s < S; s++) if (r.shift < 0 || r.shift === s) cell[r.day * S + s] = (cell[r.day * S + s] ?? 0) + r.weight;
    }
    return { costs: { cell, off }, constant };
  }

  /**
   * Prices the given staff under `duals`; adds up to k columns each with negative reduced cost. Returns the
   * number added, the sum of the members' most negative reduced costs (0 when none is negative), and how many
   * added columns also have negative reduced cost under `lpDuals` (to detect mispricing when smoothing).
   */
  price(duals: Float64Array, staff: readonly number[], k: number, lpDuals?: Float64Array): { added: number; reducedSum: number; improving: number } {
    let added = 0;
    let reducedSum = 0;
    let improving = 0;
    for (const e of staff) {
      const { costs, constant } = this.pricingCosts(e, duals);
      // Only rosters of negative reduced cost matter; when none exists the member adds 0 to the bound.
      const found = priceStaff(this.cp, e, costs, k, -constant - 1e-6);
      const first = found[0];
      if (first === undefined) continue;
      reducedSum += Math.min(0, first.cost + constant);
      for (const r of found) {
        if (!this.addRoster(e, r.row)) continue;
        added++;
        if (lpDuals === undefined || this.reducedCost(this.columns.length - 1, lpDuals) < -1e-6) improving++;
      }
    }
    return { added, reducedSum, improving };
  }

  /** Reduced cost of roster column j under `duals`. */
  reducedCost(j: number, duals: Float64Array): number {
    const c = this.columns[j];
    if (c === undefined) return 0;
    let rc = c.cost;
    c.rows.forEach((r, i) => (rc -= (duals[r] ?? 0) * (c.values[i] ?? 0)));
    return rc;
  }

  /**
   * The dual objective of the master at `duals` without the roster columns: Σ rows dual · active bound, plus
   * each slack or max/min column at the bound its reduced cost points to. With every member's most negative
   * reduced cost added it is a valid lower bound (Lagrangian) at any dual point whose slack part is feasible,
   * such as a convex combination of LP duals; -Infinity otherwise.
   */
  dualObjective(duals: Float64Array): number {
    let value = 0;
    for (let r = 0; r < this.numRows; r++) {
      const y = duals[r] ?? 0;
      const bound = y > 0 ? (this.rowLower[r] ?? 0) : (this.rowUpper[r] ?? 0);
      // Simplex leaves duals of about 1e-11 with the wrong sign on inactive rows: read them as zero.
      if (Math.abs(y) < DUAL_TOLERANCE) continue;
      if (!Number.isFinite(bound)) return Number.NEGATIVE_INFINITY;
      value += y * bound;
    }
    for (const z of this.base) {
      let kappa = z.cost;
      z.rows.forEach((r, i) => (kappa -= (duals[r] ?? 0) * (z.values[i] ?? 0)));
      if (Math.abs(kappa) < DUAL_TOLERANCE * 100) continue;
      const bound = kappa > 0 ? z.lower : z.upper;
      if (!Number.isFinite(bound)) return Number.NEGATIVE_INFINITY;
      value += kappa * bound;
    }
    return value;
  }

  /**
   * Columns worth keeping for the restricted master MILP: per member, those the LP uses and the `perStaff`
   * of least reduced cost under `duals`.
   */
  promisingColumns(primal: Float64Array, duals: Float64Array, perStaff: number): number[] {
    const byStaff = new Map<number, [number, number][]>();
    const keep = new Set<number>();
    this.columns.forEach((c, j) => {
      if ((primal[this.base.length + j] ?? 0) > 1e-6) keep.add(j);
      const list = byStaff.get(c.staff) ?? [];
      list.push([j, this.reducedCost(j, duals)]);
      byStaff.set(c.staff, list);
    });
    for (const list of byStaff.values()) {
      list.sort((a, b) => a[1] - b[1]);
      for (const [j] of list.slice(0, perStaff)) keep.add(j);
    }
    return [...keep].sort((a, b) => a - b);
  }

  /**
   * The restricted master as a MILP over the given roster columns (default all), slack and max/min columns
   * continuous, started from `incumbent` (whose rows are added as columns). Returns the best grid found.
   */
  solveRestricted(timeLimit: number, incumbent: readonly (readonly number[])[], subset?: readonly number[]): { grid: number[][]; optimal: boolean } | null {
    const chosen = new Set(subset ?? this.columns.map((_, j) => j));
    incumbent.forEach((row, e) => {
      if (this.addRoster(e, row)) chosen.add(this.columns.length - 1);
      else this.columns.forEach((c, j) => c.staff === e && c.row.every((s, d) => s === row[d]) && chosen.add(j));
    });
    const list = [...chosen].sort((a, b) => a - b);
    return solveRestrictedMaster(this.highs, this.layout, this.columns, list, incumbent, timeLimit);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }

  /**
   * Diving step: fixes the columns with the largest LP values (at least `atLeast`, plus every column at 1) of
   * members not fixed yet, skipping forbidden columns; returns the columns fixed.
   */
  fixLargest(primal: Float64Array, atLeast: number, noise?: () => number): number[] {
    const candidates: [number, number, number][] = [];
    this.columns.forEach((c, j) => {
      if (this.isFixed(c.staff) || this.forbidden.has(j)) return;
      const v = primal[this.base.length + j] ?? 0;
      if (v > 1e-6) candidates.push([j, v, v * (1 + (noise?.() ?? 0))]);
    });
    candidates.sort((a, b) => b[2] - a[2]);
    const fixed: number[] = [];
    for (const [j, v] of candidates) {
      const c = this.columns[j];
      if (c === undefined || this.isFixed(c.staff)) continue;
      if (fixed.length >= atLeast && v < 1 - 1e-6) break;
      this.fixColumn(j);
      fixed.push(j);
    }
    return fixed;
  }

  /** Backtracking: releases the members of these columns and forbids the first column for the rest of the dive. */
  undoAndForbid(columns: readonly number[]): void {
    const first = columns[0];
    if (first !== undefined) this.forbidden.add(first);
    for (const j of columns) {
      const c = this.columns[j];
      if (c === undefined) continue;
      this.fixed[c.staff] = -1;
      this.setStaffBounds(c.staff);
    }
  }

  /** The fixed column of every fixed member and every column of the members still free. */
  diveColumns(): number[] {
    const out: number[] = [];
    this.columns.forEach((c, j) => {
      const fixed = this.fixed[c.staff] ?? -1;
      if (fixed < 0 || fixed === j) out.push(j);
    });
    return out;
  }

  /** Releases every fixed column (a new dive starts from the full master). */
  unfixAll(): void {
    this.sync();
    const n = this.columns.length;
    if (this.model !== null && n > 0) {
      const indices = Int32Array.from({ length: n }, (_, j) => this.base.length + j);
      this.model.changeColsBounds({ kind: 'set', indices }, new Float64Array(n), new Float64Array(n).fill(INF));
      this.boundsChanged = true;
    }
    this.fixed.fill(-1);
    this.forbidden.clear();
  }

  /** The fixed columns' rows; members not fixed get their column with the largest LP value, else `fallback`. */
  fixedGrid(primal: Float64Array, fallback: readonly (readonly number[])[]): number[][] {
    const best = new Int32Array(this.cp.staffCount).fill(-1);
    const value = new Float64Array(this.cp.staffCount);
    this.columns.forEach((c, j) => {
      const v = primal[this.base.length + j] ?? 0;
      if (v > (value[c.staff] ?? 0)) {
        value[c.staff] = v;
        best[c.staff] = j;
      }
    });
    return this.cp.staff.map((_, e) => {
      const c = this.columns[this.isFixed(e) ? (this.fixed[e] ?? -1) : (best[e] ?? -1)];
      return c === undefined ? [...(fallback[e] ?? [])] : [...c.row];
    });
  }

  private fixColumn(j: number): void {
    const c = this.columns[j];
    if (c === undefined) return;
    this.fixed[c.staff] = j;
    this.setStaffBounds(c.staff);
  }

  /** Bounds of one member's columns: [1, 1] for the fixed one, 0 for the others and forbidden ones, else free. */
  private setStaffBounds(e: number): void {
    this.sync();
    if (this.model === null) return;
    const fixed = this.fixed[e] ?? -1;
    const idx: number[] = [];
    const lower: number[] = [];
    const upper: number[] = [];
    this.columns.forEach((other, k) => {
      if (other.staff !== e) return;
      idx.push(this.base.length + k);
      lower.push(k === fixed ? 1 : 0);
      upper.push(k === fixed ? 1 : fixed >= 0 || this.forbidden.has(k) ? 0 : INF);
    });
    this.model.changeColsBounds({ kind: 'set', indices: Int32Array.from(idx) }, Float64Array.from(lower), Float64Array.from(upper));
    this.boundsChanged = true;
  }

  /** CSC arrays of base columns and roster columns from index `from` of the combined list. */
  private columnArrays(from: number): CscColumns {
    return cscColumns([
      ...this.base.slice(from),
      // No upper bound on λ: the convexity rows imply λ ≤ 1, and an explicit bound would add terms to the dual.
      ...this.columns.slice(Math.max(0, from - this.base.length)).map((c) => ({ cost: c.cost, lower: 0, upper: INF, rows: c.rows, values: c.values })),
    ]);
  }

  /** Creates the LP master on first use, then appends pending columns so the basis carries over. */
  private sync(): void {
    if (this.model === null) {
      const a = this.columnArrays(0);
      const n = a.colCost.length;
      this.model = this.highs.createModel({
        numCols: n,
        numRows: this.numRows,
        colCost: a.colCost,
        colLower: a.colLower,
        colUpper: a.colUpper,
        rowLower: Float64Array.from(this.rowLower),
        rowUpper: Float64Array.from(this.rowUpper),
        matrix: { format: 'csc', numRows: this.numRows, numCols: n, starts: a.starts, indices: a.indices, values: a.values },
      });
      this.model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
      this.pending = 0;
      return;
    }
    if (this.pending === 0) return;
    const a = this.columnArrays(this.base.length + this.columns.length - this.pending);
    this.model.addCols({
      cost: a.colCost,
      lower: a.colLower,
      upper: a.colUpper,
      matrix: { format: 'csc', numRows: this.numRows, numCols: this.pending, starts: a.starts, indices: a.indices, values: a.values },
    });
    this.pending = 0;
  }
}
