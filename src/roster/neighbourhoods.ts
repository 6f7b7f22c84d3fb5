import { fairnessLoad, type CompiledProblem } from './compiled-problem.ts';

/**
 * Neighbourhoods for the large-neighbourhood search: which roster cells a sub-MILP may change. Staff whose
 * rosters interact (they are short or over on the same days, or swap wishes) are chosen together more often
 * than at random, which is what lets a small sub-problem find an improvement.
 */
export const NEIGHBOURHOOD_KINDS = ['staff', 'window', 'staff-window', 'fair'] as const;
export type NeighbourhoodKind = (typeof NEIGHBOURHOOD_KINDS)[number];

export interface Neighbourhood {
  readonly kind: NeighbourhoodKind;
  /** `free[e·D + d] = 1` for each free cell. */
  readonly free: Uint8Array;
  readonly size: number;
}

/** A small seeded PRNG (mulberry32) so runs are repeatable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

/**
 * k distinct staff: a random first one, then preferably staff who can work the same shift types and share a
 * fairness group with it (they can trade shifts without breaking qualifications, and balance each other).
 */
function chooseStaff(cp: CompiledProblem, random: () => number, k: number): number[] {
  const E = cp.staffCount;
  const chosen = new Set<number>();
  const first = Math.floor(random() * E);
  chosen.add(first);
  const types = (e: number): number[] => (cp.staff[e]?.maxShifts ?? []).map((m) => (m > 0 ? 1 : 0));
  const base = types(first);
  const groups = cp.fairness.filter((g) => g.staff.includes(first));
  const similar = Array.from({ length: E }, (_, e) => e).filter(
    (e) => e !== first && types(e).some((v, s) => v === 1 && base[s] === 1) && (groups.length === 0 || groups.some((g) => g.staff.includes(e))),
  );
  while (chosen.size < Math.min(k, E)) {
    const fromSimilar = similar.length > 0 && random() < 0.7;
    const e = fromSimilar ? (pick(random, similar) ?? 0) : Math.floor(random() * E);
    chosen.add(e);
  }
  return [...chosen];
}

/** Cover penalty per day under the current roster: windows are drawn towards the days that cost most. */
export function dayPenalties(cp: CompiledProblem, grid: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(cp.days);
  for (const demand of cp.cover) {
    let count = 0;
    for (let e = 0; e < cp.staffCount; e++) {
      if (!demand.qualified[e]) continue;
      for (const [d, s] of demand.slots) if (grid[e]?.[d] === s) count++;
    }
    const cost = count < demand.requirement ? (demand.requirement - count) * demand.underWeight : (count - demand.requirement) * demand.overWeight;
    if (cost === 0) continue;
    for (const [d] of demand.slots) out[d] = (out[d] ?? 0) + cost / demand.slots.length;
  }
  return out;
}

/** A window start so that the window holds a day drawn in proportion to its penalty (uniform 30% of the time). */
function windowStart(random: () => number, penalties: Float64Array, length: number): number {
  const D = penalties.length;
  const total = penalties.reduce((a, b) => a + b, 0);
  if (total <= 0 || random() < 0.3) return Math.floor(random() * (D - length + 1));
  let r = random() * total;
  let day = 0;
  for (; day < D - 1; day++) if ((r -= penalties[day] ?? 0) < 0) break;
  const earliest = Math.max(0, day - length + 1);
  const latest = Math.min(day, D - length);
  return earliest + Math.floor(random() * (latest - earliest + 1));
}

export function makeNeighbourhood(
  cp: CompiledProblem,
  random: () => number,
  kind: NeighbourhoodKind,
  size: number,
  grid: readonly (readonly number[])[],
): Neighbourhood {
  const { days: D, staffCount: E } = cp;
  const free = new Uint8Array(E * D);
  if (kind === 'fair' && cp.fairness.length > 0) {
    // The most and the least loaded members of the costliest fairness group, plus others of the group.
    let worst = cp.fairness[0];
    let worstCost = -1;
    for (const g of cp.fairness) {
      const loads = g.staff.map((e) => fairnessLoad(g, grid, e));
      const cost = g.weight * (Math.max(...loads) - Math.min(...loads)) * (0.5 + random());
      if (cost > worstCost) {
        worstCost = cost;
        worst = g;
      }
    }
    const members = worst?.staff ?? [];
    const loads = members.map((e) => (worst === undefined ? 0 : fairnessLoad(worst, grid, e)));
    const chosen = new Set<number>([members[loads.indexOf(Math.max(...loads))] ?? 0, members[loads.indexOf(Math.min(...loads))] ?? 0]);
    while (chosen.size < Math.min(Math.max(2, size), members.length)) chosen.add(pick(random, members) ?? 0);
    for (const e of chosen) free.fill(1, e * D, e * D + D);
  } else if (kind === 'staff' || kind === 'fair') {
    for (const e of chooseStaff(cp, random, size)) free.fill(1, e * D, e * D + D);
  } else if (kind === 'window') {
    const length = Math.min(D, size);
    const start = windowStart(random, dayPenalties(cp, grid), length);
    for (let e = 0; e < E; e++) free.fill(1, e * D + start, e * D + start + length);
  } else {
    // Several staff over a window about half the horizon long.
    const length = Math.min(D, Math.max(7, Math.round(D / 2)));
    const start = windowStart(random, dayPenalties(cp, grid), length);
    for (const e of chooseStaff(cp, random, size)) free.fill(1, e * D + start, e * D + start + length);
  }
  return { kind, free, size };
}
