/**
 * A solver-neutral sparse MILP, built once per problem. Each column knows which roster cells decide its value,
 * so a neighbourhood (a set of free cells) turns into a small sub-model with everything else substituted
 * (sub-model.ts), and an incumbent roster turns into a complete start vector.
 */

/** What a column stands for, so its value can be read off a roster. */
export type ColumnRole =
  | { readonly kind: 'x'; readonly staff: number; readonly day: number; readonly shift: number }
  | { readonly kind: 'y'; readonly staff: number; readonly day: number }
  | { readonly kind: 'any'; readonly staff: number; readonly days: readonly number[] }
  | { readonly kind: 'aux' };

export interface LinearModel {
  readonly numCols: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly integer: Uint8Array;
  readonly roles: readonly ColumnRole[];
  readonly numRows: number;
  /** CSR rows. */
  readonly rowStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly rowValue: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly offset: number;
}

export class LinearModelBuilder {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly int: number[] = [];
  private readonly roles: ColumnRole[] = [];
  private readonly starts: number[] = [0];
  private readonly index: number[] = [];
  private readonly value: number[] = [];
  private readonly rLower: number[] = [];
  private readonly rUpper: number[] = [];
  offset = 0;

  addCol(role: ColumnRole, cost: number, lower: number, upper: number, integer: boolean): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.int.push(integer ? 1 : 0);
    this.roles.push(role);
    return this.cost.length - 1;
  }

  addCost(col: number, cost: number): void {
    this.cost[col] = (this.cost[col] ?? 0) + cost;
  }

  /** Adds `lower ≤ Σ coef·col ≤ upper`; repeated columns are merged. */
  addRow(terms: readonly (readonly [col: number, coef: number])[], lower: number, upper: number): void {
    const merged = new Map<number, number>();
    for (const [col, coef] of terms) merged.set(col, (merged.get(col) ?? 0) + coef);
    for (const [col, coef] of merged) {
      if (coef === 0) continue;
      this.index.push(col);
      this.value.push(coef);
    }
    this.starts.push(this.index.length);
    this.rLower.push(lower);
    this.rUpper.push(upper);
  }

  build(): LinearModel {
    return {
      numCols: this.cost.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integer: Uint8Array.from(this.int),
      roles: this.roles,
      numRows: this.rLower.length,
      rowStart: Int32Array.from(this.starts),
      rowIndex: Int32Array.from(this.index),
      rowValue: Float64Array.from(this.value),
      rowLower: Float64Array.from(this.rLower),
      rowUpper: Float64Array.from(this.rUpper),
      offset: this.offset,
    };
  }
}

/** The value a cell-decided column takes under a roster grid; aux columns return NaN (solver decides). */
export function roleValue(role: ColumnRole, grid: readonly (readonly number[])[]): number {
  switch (role.kind) {
    case 'x':
      return grid[role.staff]?.[role.day] === role.shift ? 1 : 0;
    case 'y':
      return (grid[role.staff]?.[role.day] ?? -1) >= 0 ? 1 : 0;
    case 'any':
      return role.days.some((d) => (grid[role.staff]?.[d] ?? -1) >= 0) ? 1 : 0;
    case 'aux':
      return Number.NaN;
  }
}

/** Whether a column is free when only the cells with `free[staff * days + day]` may change. */
export function roleIsFree(role: ColumnRole, free: Uint8Array, days: number): boolean {
  switch (role.kind) {
    case 'x':
    case 'y':
      return free[role.staff * days + role.day] === 1;
    case 'any':
      return role.days.some((d) => free[role.staff * days + d] === 1);
    case 'aux':
      return true;
  }
}
