import { userError } from '../core/errors.ts';
import { weekendsOf, type RosterProblem } from './roster-problem.ts';

/**
 * The problem with ids resolved to indexes, shared by the scorer, the checker and the MILP builder so the
 * three read the rules the same way.
 */
export interface CompiledRequest {
  readonly day: number;
  /** Shift index, or -1 for "any shift". */
  readonly shift: number;
  readonly weight: number;
}

export interface CompiledStaff {
  readonly id: string;
  /** `allowed[day][shift]`: the cell may be worked (type allowed, not a day off, not unavailable). */
  readonly allowed: readonly (readonly boolean[])[];
  readonly maxShifts: readonly number[];
  readonly minMinutes: number;
  readonly maxMinutes: number;
  readonly maxConsecutive: number;
  readonly minConsecutive: number;
  readonly minDaysOff: number;
  readonly maxWeekends: number;
  readonly maxConsecutiveNights: number;
  readonly daysOff: ReadonlySet<number>;
  readonly onRequests: readonly CompiledRequest[];
  readonly offRequests: readonly CompiledRequest[];
}

export interface CompiledCover {
  readonly label: string;
  readonly slots: readonly (readonly [day: number, shift: number])[];
  /** `qualified[e]`: staff member e counts towards this demand. */
  readonly qualified: readonly boolean[];
  readonly requirement: number;
  readonly underWeight: number;
  readonly overWeight: number;
}

export interface CompiledFairnessGroup {
  readonly label: string;
  readonly metric: string;
  readonly weight: number;
  readonly staff: readonly number[];
  readonly load: readonly (readonly number[])[];
  readonly past: readonly number[];
}

export interface CompiledProblem {
  readonly days: number;
  readonly shiftCount: number;
  readonly staffCount: number;
  readonly minutes: readonly number[];
  readonly night: readonly boolean[];
  /** `forbidden[s][t]`: shift t may not follow shift s on the next day. */
  readonly forbidden: readonly (readonly boolean[])[];
  readonly weekends: readonly (readonly number[])[];
  readonly staff: readonly CompiledStaff[];
  readonly cover: readonly CompiledCover[];
  readonly fairness: readonly CompiledFairnessGroup[];
}

export function compileProblem(problem: RosterProblem): CompiledProblem {
  const D = problem.days;
  const S = problem.shifts.length;
  const shiftIndex = new Map(problem.shifts.map((s, i) => [s.id, i]));
  const staffIndex = new Map(problem.staff.map((m, i) => [m.id, i]));
  const shiftOf = (id: string, where: string): number => {
    const s = shiftIndex.get(id);
    if (s === undefined) throw userError('roster_unknown_shift', `${where}: unknown shift "${id}"`);
    return s;
  };
  const staffOf = (id: string, where: string): number => {
    const e = staffIndex.get(id);
    if (e === undefined) throw userError('roster_unknown_staff', `${where}: unknown staff member "${id}"`);
    return e;
  };
  const dayOf = (d: number, where: string): number => {
    if (!Number.isInteger(d) || d < 0 || d >= D) throw userError('roster_bad_day', `${where}: day ${d} outside 0..${D - 1}`);
    return d;
  };

  const forbidden = problem.shifts.map((shift) => {
    const row = Array.from({ length: S }, () => false);
    for (const id of shift.forbiddenNext) row[shiftOf(id, `shift ${shift.id}`)] = true;
    return row;
  });

  const onByStaff: CompiledRequest[][] = problem.staff.map(() => []);
  const offByStaff: CompiledRequest[][] = problem.staff.map(() => []);
  const addRequests = (list: RosterProblem['onRequests'], into: CompiledRequest[][], kind: string): void => {
    for (const r of list) {
      const e = staffOf(r.staff, `${kind} request`);
      const shift = r.shift === null ? -1 : shiftOf(r.shift, `${kind} request`);
      into[e]?.push({ day: dayOf(r.day, `${kind} request`), shift, weight: r.weight });
    }
  };
  addRequests(problem.onRequests, onByStaff, 'on');
  addRequests(problem.offRequests, offByStaff, 'off');

  const staff = problem.staff.map((member, e): CompiledStaff => {
    const r = member.rules;
    const maxShifts = problem.shifts.map((s) => r.maxShifts[s.id] ?? D);
    const daysOff = new Set(r.daysOff.map((d) => dayOf(d, `days off of ${member.id}`)));
    const allowed = Array.from({ length: D }, (_, d) => maxShifts.map((m) => m > 0 && !daysOff.has(d)));
    for (const u of r.unavailable ?? []) {
      const row = allowed[dayOf(u.day, `unavailable of ${member.id}`)];
      if (row) row[shiftOf(u.shift, `unavailable of ${member.id}`)] = false;
    }
    return {
      id: member.id,
      allowed,
      maxShifts,
      minMinutes: r.minMinutes,
      maxMinutes: r.maxMinutes,
      maxConsecutive: r.maxConsecutiveShifts,
      minConsecutive: r.minConsecutiveShifts,
      minDaysOff: r.minConsecutiveDaysOff,
      maxWeekends: r.maxWeekends,
      maxConsecutiveNights: r.maxConsecutiveNights ?? D,
      daysOff,
      onRequests: onByStaff[e] ?? [],
      offRequests: offByStaff[e] ?? [],
    };
  });

  const cover = problem.cover.map((c): CompiledCover => ({
    label: c.label,
    slots: c.slots.map((slot) => [dayOf(slot.day, `cover ${c.label}`), shiftOf(slot.shift, `cover ${c.label}`)] as const),
    qualified: problem.staff.map((m) => c.qualification === null || m.qualifications.includes(c.qualification)),
    requirement: c.requirement,
    underWeight: c.underWeight,
    overWeight: c.overWeight,
  }));

  const fairness = problem.fairness.flatMap((term) =>
    term.groups.map((g): CompiledFairnessGroup => ({
      label: g.label,
      metric: term.metric,
      weight: term.weight,
      staff: g.staff.map((id) => staffOf(id, `fairness ${term.metric}`)),
      load: g.load,
      past: g.staff.map((id) => g.past[id] ?? 0),
    })),
  );

  return {
    days: D,
    shiftCount: S,
    staffCount: problem.staff.length,
    minutes: problem.shifts.map((s) => s.minutes),
    night: problem.shifts.map((s) => s.night),
    forbidden,
    weekends: weekendsOf(D, problem.firstWeekday),
    staff,
    cover,
    fairness,
  };
}

/** Load of one staff member on a fairness group's metric, past included. */
export function fairnessLoad(group: CompiledFairnessGroup, grid: readonly (readonly number[])[], member: number): number {
  const k = group.staff.indexOf(member);
  let total = k >= 0 ? (group.past[k] ?? 0) : 0;
  const row = grid[member] ?? [];
  row.forEach((s, d) => {
    if (s >= 0) total += group.load[d]?.[s] ?? 0;
  });
  return total;
}
