import type { CompiledProblem } from './compiled-problem.ts';
import type { PricingCosts } from './pricing.ts';
import { OFF } from './roster-problem.ts';

/**
 * A roster with its objective kept up to date cell by cell (cover counts, fairness loads and ranges, request
 * costs), the demands left short, and the best-response costs of a member: what the annealing of
 * local-search.ts changes hundreds of thousands of times a second.
 */
export class RosterState {
  readonly grid: number[][];
  total = 0;
  private readonly cp: CompiledProblem;
  private readonly counts: Int32Array;
  private readonly demandsOfCell: Int32Array[];
  /** `memberDemands[e][d * S + s]`: the demands member e counts towards when working shift s on day d. */
  private readonly memberDemands: Int32Array[][];
  private readonly requirement: Float64Array;
  private readonly underWeight: Float64Array;
  private readonly overWeight: Float64Array;
  /** Per member: [group, position in group] pairs. */
  private readonly groupsOf: [number, number][][];
  private readonly loads: Float64Array[];
  /** `groupLoad[gi][d * S + s]`: the load a shift adds in group gi (flat copies of the groups' tables). */
  private readonly groupLoad: Float64Array[];
  private readonly ranges: Float64Array;
  /**
   * `requestCell[e][d * (S + 1) + s + 1]`: what member e's wishes cost when e works shift s (or none, s = -1)
   * on day d. Every wish is about one day, so a row's request cost is the sum of its cells'.
   */
  private readonly requestCell: Float64Array[];
  private readonly touchedGroups = new Set<number>();
  private readonly scratch: [number, number, number][] = [];
  /** Demands below their requirement, with each one's place in the list (-1 when not in it). */
  private readonly short: number[] = [];
  private readonly shortAt: Int32Array;
  private readonly chainUndo: [number, number, number][][] = [];

  constructor(cp: CompiledProblem, start: readonly (readonly number[])[]) {
    this.cp = cp;
    const { days: D, shiftCount: S } = cp;
    this.grid = start.map((row) => [...row]);
    const cells: number[][] = Array.from({ length: D * S }, () => []);
    cp.cover.forEach((demand, c) => { demand.slots.forEach(([d, s]) => cells[d * S + s]?.push(c)); });
    this.demandsOfCell = cells.map((list) => Int32Array.from(list));
    this.memberDemands = cp.staff.map((_, e) => this.demandsOfCell.map((list) => list.filter((c) => cp.cover[c]?.qualified[e] === true)));
    this.requirement = Float64Array.from(cp.cover, (c) => c.requirement);
    this.underWeight = Float64Array.from(cp.cover, (c) => c.underWeight);
    this.overWeight = Float64Array.from(cp.cover, (c) => c.overWeight);
    this.counts = new Int32Array(cp.cover.length);
    this.shortAt = new Int32Array(cp.cover.length).fill(-1);
    this.groupsOf = cp.staff.map(() => []);
    this.loads = cp.fairness.map((g) => Float64Array.from(g.past));
    this.groupLoad = cp.fairness.map((g) => Float64Array.from({ length: D * S }, (_, i) => g.load[Math.floor(i / S)]?.[i % S] ?? 0));
    cp.fairness.forEach((g, gi) => { g.staff.forEach((e, k) => this.groupsOf[e]?.push([gi, k])); });
    this.requestCell = cp.staff.map((m) => {
      const cell = new Float64Array(D * (S + 1));
      for (let d = 0; d < D; d++) {
        for (let s = -1; s < S; s++) {
          let cost = 0;
          for (const r of m.onRequests) if (r.day === d && (r.shift < 0 ? s < 0 : s !== r.shift)) cost += r.weight;
          for (const r of m.offRequests) if (r.day === d && (r.shift < 0 ? s >= 0 : s === r.shift)) cost += r.weight;
          cell[d * (S + 1) + s + 1] = cost;
        }
      }
      return cell;
    });
    this.ranges = new Float64Array(cp.fairness.length);
    this.grid.forEach((row, e) => {
      row.forEach((s, d) => {
        if (s >= 0) this.shiftCell(e, d, OFF, s);
      });
    });
    this.touchedGroups.clear();
    for (let c = 0; c < cp.cover.length; c++) this.markShort(c);
    this.total = this.recompute();
  }

  /** Undo lists of the moves of the current chain (see local-search.ts). */
  startChain(): void {
    this.chainUndo.length = 0;
  }

  /** `apply` as one more link of the current chain. */
  applyInChain(changes: readonly (readonly [number, number, number])[]): number {
    const undo: [number, number, number][] = [];
    const delta = this.apply(changes, undo);
    this.chainUndo.push(undo);
    return delta;
  }

  chainLength(): number {
    return this.chainUndo.length;
  }

  /** Takes back every link of the current chain. */
  undoChain(): void {
    for (let i = this.chainUndo.length - 1; i >= 0; i--) this.revert(this.chainUndo[i] ?? []);
    this.chainUndo.length = 0;
  }

  /**
   * A member with the highest and one with the lowest load of a random fairness group whose loads differ
   * (null when the groups tried are even), ties broken at random.
   */
  extremes(random: () => number): [number, number] | null {
    for (let tries = 0; tries < 4; tries++) {
      const gi = Math.floor(random() * this.cp.fairness.length);
      const loads = this.loads[gi];
      const staff = this.cp.fairness[gi]?.staff;
      if ((this.ranges[gi] ?? 0) <= 1e-9 || loads === undefined || staff === undefined) continue;
      let hi = -1;
      let lo = -1;
      let hiTies = 0;
      let loTies = 0;
      loads.forEach((v, k) => {
        const top = hi < 0 ? Number.NEGATIVE_INFINITY : (loads[hi] ?? 0);
        if (v > top + 1e-9) [hi, hiTies] = [k, 1];
        else if (v >= top - 1e-9 && random() * ++hiTies < 1) hi = k;
        const bottom = lo < 0 ? Number.POSITIVE_INFINITY : (loads[lo] ?? 0);
        if (v < bottom - 1e-9) [lo, loTies] = [k, 1];
        else if (v <= bottom + 1e-9 && random() * ++loTies < 1) lo = k;
      });
      return [staff[hi] ?? 0, staff[lo] ?? 0];
    }
    return null;
  }

  /** Demands below their requirement (a live list: copy it to keep it). */
  shortList(): readonly number[] {
    return this.short;
  }

  private markShort(c: number): void {
    const isShort = (this.counts[c] ?? 0) < (this.requirement[c] ?? 0);
    const at = this.shortAt[c] ?? -1;
    if (isShort && at < 0) {
      this.shortAt[c] = this.short.length;
      this.short.push(c);
    } else if (!isShort && at >= 0) {
      const last = this.short.pop() ?? c;
      if (last !== c) {
        this.short[at] = last;
        this.shortAt[last] = at;
      }
      this.shortAt[c] = -1;
    }
  }

  /** Objective from the kept counts and loads (once, at the start). */
  private recompute(): number {
    let total = 0;
    this.cp.cover.forEach((_, c) => (total += this.coverCost(c, this.counts[c] ?? 0)));
    const S1 = this.cp.shiftCount + 1;
    this.grid.forEach((row, e) => {
      const cell = this.requestCell[e];
      row.forEach((s, d) => (total += cell?.[d * S1 + s + 1] ?? 0));
    });
    this.cp.fairness.forEach((g, gi) => {
      this.ranges[gi] = this.range(gi);
      if (g.staff.length >= 2) total += g.weight * (this.ranges[gi] ?? 0);
    });
    return total;
  }

  /**
   * Sets cells (a list of [member, day, shift]) and returns the change of the
   * objective; the previous shifts are written into `undo` so `revert` can restore them.
   */
  apply(changes: readonly (readonly [number, number, number])[], undo: [number, number, number][]): number {
    let delta = 0;
    // The undo list's entries are reused (the annealing calls this for every move it tries).
    let undone = 0;
    const S1 = this.cp.shiftCount + 1;
    for (const [e, d, s] of changes) {
      const row = this.grid[e];
      if (row === undefined) continue;
      const old = row[d] ?? OFF;
      if (old === s) continue;
      const entry = undo[undone];
      if (entry === undefined) undo.push([e, d, old]);
      else {
        entry[0] = e;
        entry[1] = d;
        entry[2] = old;
      }
      undone++;
      row[d] = s;
      delta += this.shiftCell(e, d, old, s);
      const wishes = this.requestCell[e];
      if (wishes !== undefined) delta += (wishes[d * S1 + s + 1] ?? 0) - (wishes[d * S1 + old + 1] ?? 0);
    }
    for (const gi of this.touchedGroups) {
      const g = this.cp.fairness[gi];
      const range = this.range(gi);
      if (g !== undefined && g.staff.length >= 2) delta += g.weight * (range - (this.ranges[gi] ?? 0));
      this.ranges[gi] = range;
    }
    undo.length = undone;
    this.touchedGroups.clear();
    this.total += delta;
    return delta;
  }

  /**
   * Cell costs under which the pricing programme finds member e's best response to everyone else: the cover
   * change of adding e to each cell with e's own shifts taken out, e's wishes, and fairness linearised at
   * the current loads (a member at the group's maximum pays for more load, one at the minimum for less).
   */
  responseCosts(e: number): PricingCosts {
    const { cp } = this;
    const { days: D, shiftCount: S } = cp;
    const row = this.grid[e] ?? [];
    const slopes = (this.groupsOf[e] ?? []).map(([gi, k]) => {
      const loads = this.loads[gi];
      const g = cp.fairness[gi];
      if (loads === undefined || g === undefined || loads.length < 2) return 0;
      let hi = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      loads.forEach((v, j) => {
        if (j === k) return;
        if (v > hi) hi = v;
        if (v < lo) lo = v;
      });
      const own = loads[k] ?? 0;
      return g.weight * ((own >= hi ? 1 : 0) - (own <= lo ? 1 : 0));
    });
    row.forEach((s, d) => {
      if (s >= 0) this.shiftCell(e, d, s, OFF);
    });
    const cell = new Float64Array(D * S);
    const off = new Float64Array(D);
    for (let d = 0; d < D; d++) {
      for (let s = 0; s < S; s++) {
        let c = 0;
        for (const k of this.demandsOfCell[d * S + s] ?? []) {
          if (cp.cover[k]?.qualified[e] !== true) continue;
          const n = this.counts[k] ?? 0;
          c += this.coverCost(k, n + 1) - this.coverCost(k, n);
        }
        (this.groupsOf[e] ?? []).forEach(([gi], i) => (c += (slopes[i] ?? 0) * (cp.fairness[gi]?.load[d]?.[s] ?? 0)));
        cell[d * S + s] = c;
      }
    }
    row.forEach((s, d) => {
      if (s >= 0) this.shiftCell(e, d, OFF, s);
    });
    this.touchedGroups.clear();
    const m = cp.staff[e];
    for (const r of m?.onRequests ?? []) {
      if (r.shift < 0) off[r.day] = (off[r.day] ?? 0) + r.weight;
      else cell[r.day * S + r.shift] = (cell[r.day * S + r.shift] ?? 0) - r.weight;
    }
    for (const r of m?.offRequests ?? []) {
      for (let s = 0; s < S; s++) if (r.shift < 0 || r.shift === s) cell[r.day * S + s] = (cell[r.day * S + s] ?? 0) + r.weight;
    }
    return { cell, off };
  }

  /** Undoes the last `apply` (its `undo` list). */
  revert(undo: [number, number, number][]): void {
    undo.reverse();
    this.apply(undo, this.scratch);
  }

  /** Moves member e's cell on day d from shift `from` to `to`: cover and loads; returns the cover change. */
  private shiftCell(e: number, d: number, from: number, to: number): number {
    const S = this.cp.shiftCount;
    const demands = this.memberDemands[e];
    const { counts, requirement, underWeight, overWeight } = this;
    let delta = 0;
    if (from >= 0) {
      for (const c of demands?.[d * S + from] ?? []) {
        const n = counts[c] ?? 0;
        // One fewer: below the requirement it costs an under-cover unit, above it saves an over-cover one.
        delta += n <= (requirement[c] ?? 0) ? (underWeight[c] ?? 0) : -(overWeight[c] ?? 0);
        counts[c] = n - 1;
        this.markShort(c);
      }
    }
    if (to >= 0) {
      for (const c of demands?.[d * S + to] ?? []) {
        const n = counts[c] ?? 0;
        delta += n < (requirement[c] ?? 0) ? -(underWeight[c] ?? 0) : (overWeight[c] ?? 0);
        counts[c] = n + 1;
        this.markShort(c);
      }
    }
    for (const [gi, k] of this.groupsOf[e] ?? []) {
      const table = this.groupLoad[gi];
      const loads = this.loads[gi];
      if (table === undefined || loads === undefined) continue;
      const change = (to >= 0 ? (table[d * S + to] ?? 0) : 0) - (from >= 0 ? (table[d * S + from] ?? 0) : 0);
      if (change === 0) continue;
      loads[k] = (loads[k] ?? 0) + change;
      this.touchedGroups.add(gi);
    }
    return delta;
  }

  private coverCost(c: number, n: number): number {
    const demand = this.cp.cover[c];
    if (demand === undefined) return 0;
    return n < demand.requirement ? (demand.requirement - n) * demand.underWeight : (n - demand.requirement) * demand.overWeight;
  }

  private range(gi: number): number {
    const loads = this.loads[gi];
    if (loads === undefined || loads.length === 0) return 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of loads) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo;
  }
}
