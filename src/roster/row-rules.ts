import type { CompiledProblem } from './compiled-problem.ts';
import { OFF } from './roster-problem.ts';

/**
 * Whether one member's row keeps every hard rule: the same reading as roster-check.ts (minimum runs only
 * between two days inside the horizon), without building messages or allocating, because the local search
 * (local-search.ts) asks it for every move it tries. Every hard rule is about one member, so a roster is
 * feasible exactly when each of its rows is.
 */
export function rowFeasible(cp: CompiledProblem, e: number, row: ArrayLike<number>): boolean {
  const m = cp.staff[e];
  if (m === undefined) return false;
  const D = cp.days;
  let minutes = 0;
  let workRun = 0;
  let offRun = 0;
  let nights = 0;
  /** Whether a run of work (or rest) has been cut by day 0: exempt from the minimum. */
  let workFromStart = true;
  let offFromStart = true;
  const counts = countsScratch(cp.shiftCount);
  for (let d = 0; d < D; d++) {
    const s = row[d] ?? OFF;
    if (s >= 0) {
      if (m.allowed[d]?.[s] !== true) return false;
      if (d + 1 < D) {
        const next = row[d + 1] ?? OFF;
        if (next >= 0 && cp.forbidden[s]?.[next] === true) return false;
      }
      counts[s] = (counts[s] ?? 0) + 1;
      minutes += cp.minutes[s] ?? 0;
      if (offRun > 0 && !offFromStart && offRun < m.minDaysOff) return false;
      offRun = 0;
      offFromStart = false;
      workRun++;
      if (workRun > m.maxConsecutive) return false;
      nights = cp.night[s] === true ? nights + 1 : 0;
      if (nights > m.maxConsecutiveNights) return false;
    } else {
      if (workRun > 0 && !workFromStart && workRun < m.minConsecutive) return false;
      workRun = 0;
      workFromStart = false;
      offRun++;
      nights = 0;
    }
  }
  if (minutes > m.maxMinutes || minutes < m.minMinutes) return false;
  for (let s = 0; s < cp.shiftCount; s++) if ((counts[s] ?? 0) > (m.maxShifts[s] ?? D)) return false;
  let weekends = 0;
  for (const days of cp.weekends) if (days.some((d) => (row[d] ?? OFF) >= 0)) weekends++;
  return weekends <= m.maxWeekends;
}

let scratch = new Int32Array(0);

/** A zeroed count per shift type, reused between calls (the search calls this in its inner loop). */
function countsScratch(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(n);
  scratch.fill(0, 0, n);
  return scratch;
}
