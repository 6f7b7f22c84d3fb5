import type { CompiledProblem } from './compiled-problem.ts';
import { OFF } from './roster-problem.ts';

/**
 * Whether one member's row keeps every hard rule: the same reading as roster-check.ts (minimum runs only
 * between two days inside the horizon), without building messages or allocating, because the local search
 * (local-search.ts) asks it for every move it tries. Every hard rule is about one member, so a roster is
 * feasible exactly when each of its rows is.
 */
export function rowFeasible(cp: CompiledProblem, e: number, row: ArrayLike<number>): boolean {
  const tables = rowTables(cp);
  const m = cp.staff[e];
  const allowed = tables.allowed[e];
  if (m === undefined || allowed === undefined) return false;
  const { forbidden, minutes: shiftMinutes, night, weekendDay, counts } = tables;
  const D = cp.days;
  const S = cp.shiftCount;
  let minutes = 0;
  let workRun = 0;
  let offRun = 0;
  let nights = 0;
  /** Whether a run of work (or rest) has been cut by day 0: exempt from the minimum. */
  let workFromStart = true;
  let offFromStart = true;
  counts.fill(0);
  let weekends = 0;
  /** The weekend of the last worked weekend day (each weekend counts once). */
  let lastWeekend = -1;
  for (let d = 0; d < D; d++) {
    const s = row[d] ?? OFF;
    if (s >= 0) {
      if (allowed[d * S + s] !== 1) return false;
      if (d + 1 < D) {
        const next = row[d + 1] ?? OFF;
        if (next >= 0 && forbidden[s * S + next] === 1) return false;
      }
      counts[s] = (counts[s] ?? 0) + 1;
      minutes += shiftMinutes[s] ?? 0;
      if (offRun > 0 && !offFromStart && offRun < m.minDaysOff) return false;
      offRun = 0;
      offFromStart = false;
      workRun++;
      if (workRun > m.maxConsecutive) return false;
      nights = night[s] === 1 ? nights + 1 : 0;
      if (nights > m.maxConsecutiveNights) return false;
      const w = weekendDay[d] ?? -1;
      if (w >= 0 && w !== lastWeekend) {
        weekends++;
        lastWeekend = w;
      }
    } else {
      if (workRun > 0 && !workFromStart && workRun < m.minConsecutive) return false;
      workRun = 0;
      workFromStart = false;
      offRun++;
      nights = 0;
    }
  }
  if (minutes > m.maxMinutes || minutes < m.minMinutes) return false;
  for (let s = 0; s < S; s++) if ((counts[s] ?? 0) > (m.maxShifts[s] ?? D)) return false;
  return weekends <= m.maxWeekends;
}

/** The problem's rule tables as flat typed arrays (what the inner loop reads), built once per problem. */
interface RowTables {
  /** `allowed[e][d * S + s]`: 1 when member e may work shift s on day d. */
  readonly allowed: readonly Uint8Array[];
  /** `forbidden[s * S + t]`: 1 when t may not follow s. */
  readonly forbidden: Uint8Array;
  readonly minutes: Float64Array;
  readonly night: Uint8Array;
  /** The weekend a day belongs to, or -1. */
  readonly weekendDay: Int32Array;
  /** Shifts of each type in the row being checked (scratch). */
  readonly counts: Int32Array;
}

const tablesOf = new WeakMap<CompiledProblem, RowTables>();

function rowTables(cp: CompiledProblem): RowTables {
  const known = tablesOf.get(cp);
  if (known !== undefined) return known;
  const { days: D, shiftCount: S } = cp;
  const weekendDay = new Int32Array(D).fill(-1);
  cp.weekends.forEach((days, w) => {
    for (const d of days) if (d >= 0 && d < D) weekendDay[d] = w;
  });
  const tables: RowTables = {
    allowed: cp.staff.map((m) => Uint8Array.from({ length: D * S }, (_, i) => (m.allowed[Math.floor(i / S)]?.[i % S] === true ? 1 : 0))),
    forbidden: Uint8Array.from({ length: S * S }, (_, i) => (cp.forbidden[Math.floor(i / S)]?.[i % S] === true ? 1 : 0)),
    minutes: Float64Array.from({ length: S }, (_, s) => cp.minutes[s] ?? 0),
    night: Uint8Array.from({ length: S }, (_, s) => (cp.night[s] === true ? 1 : 0)),
    weekendDay,
    counts: new Int32Array(S),
  };
  tablesOf.set(cp, tables);
  return tables;
}
