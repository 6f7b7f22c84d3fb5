import type { CompiledProblem } from './compiled-problem.ts';

/**
 * The best roster for one staff member under given cell costs, subject to all of that member's hard rules:
 * a label-setting dynamic programme over days. A label is (last shift, length of the current run of work or
 * rest, run of nights, minutes so far) — the bucket — plus weekends worked and counts of the shift types that
 * have a maximum, kept as a Pareto set inside the bucket. Column generation prices with it, and the LNS uses
 * it to re-optimise one member exactly in milliseconds.
 *
 * The `!` on typed-array reads below index labels below `size`, which always exist; the hot loop avoids the
 * `?? 0` fallbacks on purpose (hence the lint exception for this file).
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- typed-array reads below `size` in the labelling loop */
export interface PricingCosts {
  /** Cost of working shift s on day d at `cell[d·S + s]`. */
  readonly cell: Float64Array;
  /** Cost of a day off on day d. */
  readonly off: Float64Array;
}

export interface PricedRoster {
  readonly row: number[];
  readonly cost: number;
}

interface StaffStatics {
  readonly limited: readonly number[];
  readonly limitOf: Int32Array;
  readonly weekendOf: Int32Array;
  readonly maxAddable: Float64Array;
  readonly minuteUnit: number;
}

const cache = new WeakMap<CompiledProblem, StaffStatics[]>();

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function staticsOf(cp: CompiledProblem, e: number): StaffStatics {
  let list = cache.get(cp);
  if (list === undefined) {
    list = [];
    cache.set(cp, list);
  }
  const known = list[e];
  if (known !== undefined) return known;
  const m = cp.staff[e];
  if (m === undefined) throw new Error(`no staff member ${e}`);
  const D = cp.days;
  const limited: number[] = [];
  const limitOf = new Int32Array(cp.shiftCount).fill(-1);
  m.maxShifts.forEach((max, s) => {
    if (max > 0 && max < D) {
      limitOf[s] = limited.length;
      limited.push(s);
    }
  });
  const weekendOf = new Int32Array(D).fill(-1);
  cp.weekends.forEach((days, k) => { days.forEach((d) => (weekendOf[d] = k)); });
  const maxLen = Math.max(0, ...cp.minutes);
  const maxAddable = new Float64Array(D + 1);
  for (let d = 0; d <= D; d++) {
    const n = D - d;
    maxAddable[d] = maxLen * (n - Math.floor(n / (m.maxConsecutive + 1)));
  }
  const minuteUnit = cp.minutes.reduce((a, b) => gcd(a, b), 0) || 1;
  const stat = { limited, limitOf, weekendOf, maxAddable, minuteUnit };
  list[e] = stat;
  return stat;
}

/** Growable struct-of-arrays label pool. */
class Labels {
  size = 0;
  last = new Int8Array(1024);
  run = new Int16Array(1024);
  night = new Int16Array(1024);
  minutes = new Int32Array(1024);
  weekends = new Int16Array(1024);
  counts = new Int32Array(1024);
  cost = new Float64Array(1024);
  parent = new Int32Array(1024);

  add(last: number, run: number, night: number, minutes: number, weekends: number, counts: number, cost: number, parent: number): number {
    if (this.size === this.cost.length) this.grow();
    const i = this.size++;
    this.last[i] = last;
    this.run[i] = run;
    this.night[i] = night;
    this.minutes[i] = minutes;
    this.weekends[i] = weekends;
    this.counts[i] = counts;
    this.cost[i] = cost;
    this.parent[i] = parent;
    return i;
  }

  private grow(): void {
    const n = this.cost.length * 2;
    const copy = <T extends Int8Array | Int16Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.last = copy(this.last, (k) => new Int8Array(k));
    this.run = copy(this.run, (k) => new Int16Array(k));
    this.night = copy(this.night, (k) => new Int16Array(k));
    this.minutes = copy(this.minutes, (k) => new Int32Array(k));
    this.weekends = copy(this.weekends, (k) => new Int16Array(k));
    this.counts = copy(this.counts, (k) => new Int32Array(k));
    this.cost = copy(this.cost, (k) => new Float64Array(k));
    this.parent = copy(this.parent, (k) => new Int32Array(k));
  }
}

/** Counts are packed 6 bits per tracked type (at most 5 types, counts up to 63). */
const COUNT_BITS = 6;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
const MAX_TRACKED_TYPES = 5;
/** Largest bucket-key space for which weekends and counts are part of the key. */
const KEYED_LIMIT = 1 << 21;

/** a dominates b when every count of a is at most b's. */
function countsLeq(a: number, b: number, types: number): boolean {
  for (let t = 0; t < types; t++) {
    if (((a >>> (COUNT_BITS * t)) & COUNT_MASK) > ((b >>> (COUNT_BITS * t)) & COUNT_MASK)) return false;
  }
  return true;
}

/**
 * Least cost from day d to the end when the previous day was `last` (-1 = off), `[d·(S+1) + last + 1]`,
 * ignoring every rule but forbidden successions and allowed cells: an optimistic completion used to prune.
 */
function costToGo(cp: CompiledProblem, e: number, costs: PricingCosts): Float64Array {
  const { days: D, shiftCount: S } = cp;
  const m = cp.staff[e];
  const h = new Float64Array((D + 1) * (S + 1));
  for (let d = D - 1; d >= 0; d--) {
    const next = (d + 1) * (S + 1);
    const offValue = (costs.off[d] ?? 0) + (h[next] ?? 0);
    for (let last = -1; last < S; last++) {
      let best = offValue;
      for (let s = 0; s < S; s++) {
        if (m?.allowed[d]?.[s] !== true) continue;
        if (last >= 0 && cp.forbidden[last]?.[s] === true) continue;
        const v = (costs.cell[d * S + s] ?? 0) + (h[next + s + 1] ?? 0);
        if (v < best) best = v;
      }
      h[d * (S + 1) + last + 1] = best;
    }
  }
  return h;
}

/** Resources a labelling run tracks: packed count index per shift type (-1: untracked), and weekends. */
interface Tracked {
  readonly limitOf: Int32Array;
  readonly types: number;
  readonly weekends: boolean;
}

/** Resources found binding for each member so far; they stay tracked for later calls. */
const trackedCache = new WeakMap<CompiledProblem, Map<number, { shifts: Set<number>; weekends: boolean }>>();

function trackedOf(cp: CompiledProblem, e: number): { shifts: Set<number>; weekends: boolean } {
  let byStaff = trackedCache.get(cp);
  if (byStaff === undefined) {
    byStaff = new Map();
    trackedCache.set(cp, byStaff);
  }
  let t = byStaff.get(e);
  if (t === undefined) {
    t = { shifts: new Set(), weekends: false };
    byStaff.set(e, t);
  }
  return t;
}

/**
 * Up to `k` cheapest feasible rosters (distinct) costing less than `maxCost`, cheapest first; empty when the
 * member's rules admit none. Labels that cannot finish below `maxCost` even optimistically are pruned, which
 * is what keeps column generation fast once few members still have negative reduced costs.
 *
 * Shift-type maximums and the weekend limit are tracked lazily: the programme first runs without them, and a
 * resource joins the labels only when the best roster breaks it (the relaxed optimum that satisfies every
 * limit is the true optimum). Tracking all of them at once makes the Pareto sets explode on some instances.
 */
export function priceStaff(cp: CompiledProblem, e: number, costs: PricingCosts, k = 1, maxCost = Number.POSITIVE_INFINITY): PricedRoster[] {
  const m = cp.staff[e];
  if (m === undefined) return [];
  const st = staticsOf(cp, e);
  const tracked = trackedOf(cp, e);
  const breaks = (row: readonly number[]): { shifts: number[]; weekends: boolean } => {
    const counts = new Map<number, number>();
    for (const s of row) if (s >= 0 && (st.limitOf[s] ?? -1) >= 0) counts.set(s, (counts.get(s) ?? 0) + 1);
    const shifts = [...counts].filter(([s, n]) => n > (m.maxShifts[s] ?? cp.days)).map(([s]) => s);
    const weekends = cp.weekends.filter((days) => days.some((d) => (row[d] ?? -1) >= 0)).length > m.maxWeekends;
    return { shifts, weekends };
  };
  for (;;) {
    const limitOf = new Int32Array(cp.shiftCount).fill(-1);
    let types = 0;
    for (const s of tracked.shifts) limitOf[s] = types++;
    const found = labelRosters(cp, e, costs, k, maxCost, { limitOf, types, weekends: tracked.weekends });
    const first = found[0];
    if (first === undefined) return [];
    const broken = breaks(first.row);
    const untracked = broken.shifts.filter((s) => !tracked.shifts.has(s));
    if (untracked.length === 0 && !(broken.weekends && !tracked.weekends)) {
      return found.filter((r) => {
        const b = breaks(r.row);
        return b.shifts.length === 0 && !b.weekends;
      });
    }
    for (const s of untracked) tracked.shifts.add(s);
    if (broken.weekends) tracked.weekends = true;
    if (tracked.shifts.size > MAX_TRACKED_TYPES || [...tracked.shifts].some((t) => (m.maxShifts[t] ?? 0) > COUNT_MASK)) {
      throw new Error(`staff ${m.id}: too many binding shift-type maximums for the pricing programme`);
    }
  }
}

function labelRosters(cp: CompiledProblem, e: number, costs: PricingCosts, k: number, maxCost: number, tracked: Tracked): PricedRoster[] {
  const m = cp.staff[e];
  if (m === undefined) return [];
  const st = staticsOf(cp, e);
  const { days: D, shiftCount: S } = cp;
  const types = tracked.types;
  const minOff = Math.max(1, m.minDaysOff);
  const nightCap = m.maxConsecutiveNights;
  const hasNights = cp.night.some(Boolean) && nightCap < D;
  const h = Number.isFinite(maxCost) ? costToGo(cp, e, costs) : null;
  const L = new Labels();
  L.add(-1, minOff, 0, 0, 0, 0, 0, -1);
  let layerStart = 0;
  let layerEnd = 1;
  const nightRuns = hasNights ? nightCap + 1 : 1;
  const runs = Math.max(m.maxConsecutive, minOff) + 1;
  const minuteSlots = Math.floor(Math.max(0, m.maxMinutes) / st.minuteUnit) + 1;
  // Weekends and tracked counts go into the bucket key when the key space stays small (one label per key,
  // O(1) insertion); otherwise they are compared inside the bucket as a Pareto set.
  const weekendRange = tracked.weekends ? m.maxWeekends + 1 : 1;
  const countRange: number[] = [];
  for (let t = 0; t < types; t++) {
    const s = tracked.limitOf.indexOf(t);
    countRange.push((m.maxShifts[s] ?? D) + 1);
  }
  const extra = countRange.reduce((a, b) => a * b, weekendRange);
  const baseKeys = (S + 1) * runs * nightRuns * minuteSlots;
  const keyed = baseKeys * extra <= KEYED_LIMIT;
  const head = new Int32Array(keyed ? baseKeys * extra : baseKeys);
  let next = new Int32Array(1024);
  const extraIndex = (weekends: number, counts: number): number => {
    let index = 0;
    for (let t = types - 1; t >= 0; t--) index = index * (countRange[t] ?? 1) + ((counts >>> (COUNT_BITS * t)) & COUNT_MASK);
    return index * weekendRange + weekends;
  };

  for (let d = 0; d < D; d++) {
    head.fill(-1);
    const hNext = (d + 1) * (S + 1);
    // Buckets are singly linked lists through `next`; dominated labels are unlinked and marked dead.
    const push = (last: number, run: number, night: number, minutes: number, weekends: number, counts: number, cost: number, parent: number): void => {
      if (h !== null && cost + (h[hNext + last + 1] ?? 0) >= maxCost) return;
      const base = (((last + 1) * runs + run) * nightRuns + night) * minuteSlots + minutes / st.minuteUnit;
      if (keyed) {
        const key = base * extra + extraIndex(weekends, counts);
        const b = head[key]!;
        if (b >= 0) {
          if (L.cost[b]! <= cost + 1e-9) return;
          L.cost[b] = Number.POSITIVE_INFINITY;
        }
        head[key] = L.add(last, run, night, minutes, weekends, counts, cost, parent);
        return;
      }
      const key = base;
      let prev = -1;
      for (let b = head[key]!; b >= 0; b = next[b]!) {
        if (L.cost[b]! <= cost + 1e-9 && L.weekends[b]! <= weekends && countsLeq(L.counts[b]!, counts, types)) return;
      }
      for (let b = head[key]!; b >= 0; b = next[b]!) {
        if (cost <= L.cost[b]! + 1e-9 && weekends <= L.weekends[b]! && countsLeq(counts, L.counts[b]!, types)) {
          L.cost[b] = Number.POSITIVE_INFINITY;
          if (prev < 0) head[key] = next[b]!;
          else next[prev] = next[b]!;
        } else {
          prev = b;
        }
      }
      const i = L.add(last, run, night, minutes, weekends, counts, cost, parent);
      if (i >= next.length) {
        const grown = new Int32Array(next.length * 2);
        grown.set(next);
        next = grown;
      }
      next[i] = head[key]!;
      head[key] = i;
    };
    const weekend = st.weekendOf[d] ?? -1;
    const sameWeekendAsYesterday = d > 0 && weekend >= 0 && st.weekendOf[d - 1] === weekend;
    const offCost = costs.off[d] ?? 0;
    const minMinutesLeft = m.minMinutes - (st.maxAddable[d + 1] ?? 0);
    for (let i = layerStart; i < layerEnd; i++) {
      const cost = L.cost[i]!;
      if (cost === Number.POSITIVE_INFINITY) continue;
      const last = L.last[i]!;
      const run = L.run[i]!;
      const minutes = L.minutes[i]!;
      const weekends = L.weekends[i]!;
      const counts = L.counts[i]!;
      // Day off: a run of work must have reached its minimum first, unless it began on day 0 (run === d):
      // runs cut by the horizon's edges are exempt.
      if ((last < 0 || run >= m.minConsecutive || run === d) && minutes >= minMinutesLeft) {
        push(-1, last < 0 ? Math.min(run + 1, minOff) : 1, 0, minutes, weekends, counts, cost + offCost, i);
      }
      if (last >= 0 ? run + 1 > m.maxConsecutive : run < minOff) continue;
      const newWeekends = tracked.weekends && weekend >= 0 && !(sameWeekendAsYesterday && last >= 0) ? weekends + 1 : weekends;
      if (newWeekends > m.maxWeekends) continue;
      const allowed = m.allowed[d];
      for (let s = 0; s < S; s++) {
        if (allowed?.[s] !== true) continue;
        if (last >= 0 && cp.forbidden[last]?.[s] === true) continue;
        const newMinutes = minutes + (cp.minutes[s] ?? 0);
        if (newMinutes > m.maxMinutes || newMinutes < minMinutesLeft) continue;
        let newCounts = counts;
        const t = tracked.limitOf[s] ?? -1;
        if (t >= 0) {
          const c = ((counts >>> (COUNT_BITS * t)) & COUNT_MASK) + 1;
          if (c > (m.maxShifts[s] ?? D)) continue;
          newCounts = counts + (1 << (COUNT_BITS * t));
        }
        let night = 0;
        if (hasNights && cp.night[s] === true) {
          night = (last >= 0 && cp.night[last] === true ? L.night[i]! : 0) + 1;
          if (night > nightCap) continue;
        }
        const c = costs.cell[d * S + s] ?? 0;
        push(s, last >= 0 ? run + 1 : 1, night, newMinutes, newWeekends, newCounts, cost + c, i);
      }
    }
    layerStart = layerEnd;
    layerEnd = L.size;
  }

  const ends: number[] = [];
  for (let i = layerStart; i < layerEnd; i++) {
    if (L.cost[i] === Number.POSITIVE_INFINITY) continue;
    if (L.minutes[i]! < m.minMinutes) continue;
    ends.push(i);
  }
  ends.sort((a, b) => L.cost[a]! - L.cost[b]!);
  return ends.slice(0, k).map((end) => {
    const row = Array.from({ length: D }, () => -1);
    let i = end;
    for (let d = D - 1; d >= 0; d--) {
      row[d] = L.last[i]!;
      i = L.parent[i]!;
    }
    return { row, cost: L.cost[end]! };
  });
}
