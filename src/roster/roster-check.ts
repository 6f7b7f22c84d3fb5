import { compileProblem, type CompiledProblem } from './compiled-problem.ts';
import { OFF, type Roster, type RosterProblem } from './roster-problem.ts';

/** Every hard rule, by the name a violation reports. */
export const HARD_RULES = [
  'roster-shape',
  'one-shift-a-day',
  'day-off',
  'shift-not-allowed',
  'forbidden-succession',
  'max-shifts',
  'max-minutes',
  'min-minutes',
  'max-consecutive-shifts',
  'min-consecutive-shifts',
  'min-consecutive-days-off',
  'max-weekends',
  'max-consecutive-nights',
] as const;
export type HardRule = (typeof HARD_RULES)[number];

export interface Violation {
  readonly rule: HardRule;
  readonly staff: string;
  /** First day concerned, when the rule is about days. */
  readonly day?: number;
  readonly message: string;
}

export interface CheckResult {
  readonly feasible: boolean;
  readonly violations: readonly Violation[];
}

/** Runs of consecutive worked (`want = true`) or free days: [start, length, touchesStart, touchesEnd]. */
function runs(row: readonly number[], want: boolean): [number, number, boolean, boolean][] {
  const out: [number, number, boolean, boolean][] = [];
  let start = -1;
  for (let d = 0; d <= row.length; d++) {
    const on = d < row.length && ((row[d] ?? OFF) >= 0) === want;
    if (on && start < 0) start = d;
    if (!on && start >= 0) {
      out.push([start, d - start, start === 0, d === row.length]);
      start = -1;
    }
  }
  return out;
}

export function checkCompiled(cp: CompiledProblem, roster: Roster): CheckResult {
  const violations: Violation[] = [];
  const add = (rule: HardRule, staff: string, message: string, day?: number): void => {
    violations.push(day === undefined ? { rule, staff, message } : { rule, staff, day, message });
  };
  if (roster.grid.length !== cp.staffCount) add('roster-shape', '*', `${roster.grid.length} rows for ${cp.staffCount} staff`);

  cp.staff.forEach((member, e) => {
    const row = roster.grid[e] ?? [];
    if (row.length !== cp.days) {
      add('roster-shape', member.id, `${row.length} days, expected ${cp.days}`);
      return;
    }
    const perShift = Array.from({ length: cp.shiftCount }, () => 0);
    let minutes = 0;
    row.forEach((s, d) => {
      if (s === OFF) return;
      if (!Number.isInteger(s) || s < 0 || s >= cp.shiftCount) {
        add('roster-shape', member.id, `day ${d}: no shift type ${s}`, d);
        return;
      }
      perShift[s] = (perShift[s] ?? 0) + 1;
      minutes += cp.minutes[s] ?? 0;
      if (member.daysOff.has(d)) add('day-off', member.id, `works on day ${d}, a fixed day off`, d);
      else if (member.allowed[d]?.[s] !== true) add('shift-not-allowed', member.id, `may not work shift ${s} on day ${d}`, d);
      const next = row[d + 1] ?? OFF;
      if (next >= 0 && cp.forbidden[s]?.[next] === true) {
        add('forbidden-succession', member.id, `shift ${next} on day ${d + 1} may not follow shift ${s}`, d);
      }
    });
    perShift.forEach((n, s) => {
      const max = member.maxShifts[s] ?? cp.days;
      if (n > max && max > 0) add('max-shifts', member.id, `${n} shifts of type ${s}, at most ${max}`);
    });
    if (minutes > member.maxMinutes) add('max-minutes', member.id, `${minutes} minutes, at most ${member.maxMinutes}`);
    if (minutes < member.minMinutes) add('min-minutes', member.id, `${minutes} minutes, at least ${member.minMinutes}`);

    for (const [start, length, atStart, atEnd] of runs(row, true)) {
      if (length > member.maxConsecutive) {
        add('max-consecutive-shifts', member.id, `${length} shifts in a row from day ${start}, at most ${member.maxConsecutive}`, start);
      }
      // Minimum runs (of work and of rest) are only checked between two days inside the horizon: a run cut
      // by the horizon's edge may continue outside it (the benchmark's "OK at the border" reading).
      if (!atStart && !atEnd && length < member.minConsecutive) {
        add('min-consecutive-shifts', member.id, `${length} shifts in a row from day ${start}, at least ${member.minConsecutive}`, start);
      }
    }
    for (const [start, length, atStart, atEnd] of runs(row, false)) {
      if (!atStart && !atEnd && length < member.minDaysOff) {
        add('min-consecutive-days-off', member.id, `${length} days off from day ${start}, at least ${member.minDaysOff}`, start);
      }
    }
    const weekendsWorked = cp.weekends.filter((days) => days.some((d) => (row[d] ?? OFF) >= 0)).length;
    if (weekendsWorked > member.maxWeekends) add('max-weekends', member.id, `${weekendsWorked} weekends worked, at most ${member.maxWeekends}`);

    let nights = 0;
    row.forEach((s, d) => {
      nights = s >= 0 && cp.night[s] === true ? nights + 1 : 0;
      if (nights === member.maxConsecutiveNights + 1) {
        add('max-consecutive-nights', member.id, `more than ${member.maxConsecutiveNights} nights in a row up to day ${d}`, d - nights + 1);
      }
    });
  });
  return { feasible: violations.length === 0, violations };
}

export function checkRoster(problem: RosterProblem, roster: Roster): CheckResult {
  return checkCompiled(compileProblem(problem), roster);
}

export interface Assignment {
  readonly staff: string;
  readonly day: number;
  readonly shift: string;
}

/**
 * Checks a list of assignments (the form an import or an override arrives in), which unlike a grid can put
 * two shifts on one day: those are reported as `one-shift-a-day`, and the rest is checked as a roster.
 */
export function checkAssignments(problem: RosterProblem, assignments: readonly Assignment[]): CheckResult {
  const staffIndex = new Map(problem.staff.map((m, i) => [m.id, i]));
  const shiftIndex = new Map(problem.shifts.map((s, i) => [s.id, i]));
  const grid = problem.staff.map(() => Array.from({ length: problem.days }, () => OFF));
  const violations: Violation[] = [];
  for (const a of assignments) {
    const e = staffIndex.get(a.staff);
    const s = shiftIndex.get(a.shift);
    const row = e === undefined ? undefined : grid[e];
    if (row === undefined || s === undefined || a.day < 0 || a.day >= problem.days) {
      violations.push({ rule: 'roster-shape', staff: a.staff, day: a.day, message: `unknown assignment ${a.staff}/${a.day}/${a.shift}` });
      continue;
    }
    if ((row[a.day] ?? OFF) !== OFF) {
      violations.push({ rule: 'one-shift-a-day', staff: a.staff, day: a.day, message: `two shifts on day ${a.day}` });
      continue;
    }
    row[a.day] = s;
  }
  const rest = checkRoster(problem, { grid });
  const all = [...violations, ...rest.violations];
  return { feasible: all.length === 0, violations: all };
}
