/**
 * The rostering problem every engine in this folder works on: days × shift types × staff, hard rules per
 * staff member, soft wishes, cover demands and fairness terms. The Curtois & Qu benchmark format maps onto it
 * one to one; the SOC team model (soc-model.ts) compiles shift patterns, tiers and staffing needs into it.
 */

/** A shift type. `startMinute` is minutes after local midnight of the day it belongs to. */
export interface ShiftType {
  readonly id: string;
  readonly minutes: number;
  readonly startMinute: number;
  /** Shift types that may not be worked on the next day after this one (e.g. night → morning). */
  readonly forbiddenNext: readonly string[];
  /** Counts towards `maxConsecutiveNights` and the night fairness figures. */
  readonly night: boolean;
}

/** Hard rules for one staff member. Day indexes start at zero. */
export interface StaffRules {
  /** Maximum shifts of each type; a type that is absent is unlimited, 0 forbids it. */
  readonly maxShifts: Readonly<Record<string, number>>;
  readonly minMinutes: number;
  readonly maxMinutes: number;
  readonly maxConsecutiveShifts: number;
  /** Every run of worked days between two days off must be at least this long (runs cut by the horizon's edges are exempt). */
  readonly minConsecutiveShifts: number;
  /** Every run of days off between two worked days must be at least this long. */
  readonly minConsecutiveDaysOff: number;
  /** Weekends with at least one shift on Saturday or Sunday. */
  readonly maxWeekends: number;
  /** Absent: no limit. */
  readonly maxConsecutiveNights?: number;
  /** Days with no shift at all (time off, fixed days off). */
  readonly daysOff: readonly number[];
  /** Single (day, shift) pairs that may not be worked (partial time off, a site the analyst cannot work). */
  readonly unavailable?: readonly { readonly day: number; readonly shift: string }[];
}

export interface StaffMember {
  readonly id: string;
  /** Tier and skills, e.g. `['t2', 'malware']`; cover demands name the one they need. */
  readonly qualifications: readonly string[];
  readonly rules: StaffRules;
}

/** A wish. `shift: null` means any shift (a day-on or day-off request). */
export interface ShiftRequest {
  readonly staff: string;
  readonly day: number;
  readonly shift: string | null;
  readonly weight: number;
}

/** A (day, shift) cell. */
export interface Slot {
  readonly day: number;
  readonly shift: string;
}

/**
 * Staff needed on a set of slots: Curtois has one slot per demand; an hourly SOC demand lists every shift
 * that covers that hour. Only staff holding `qualification` count (null: everyone).
 */
export interface CoverDemand {
  readonly label: string;
  readonly slots: readonly Slot[];
  readonly qualification: string | null;
  readonly requirement: number;
  readonly underWeight: number;
  readonly overWeight: number;
}

/** Comparable staff whose load on one metric should be even: max − min is penalised with the term's weight. */
export interface FairnessGroup {
  readonly label: string;
  readonly staff: readonly string[];
  /** Load a shift carries, `[day][shiftIndex]` (e.g. 1 for a night shift, expected alerts for load). */
  readonly load: readonly (readonly number[])[];
  /** Load already carried in past rosters, so fairness is cumulative. */
  readonly past: Readonly<Record<string, number>>;
}

export interface FairnessTerm {
  readonly metric: string;
  readonly weight: number;
  readonly groups: readonly FairnessGroup[];
}

export interface RosterProblem {
  readonly name: string;
  readonly days: number;
  /** ISO weekday of day 0 (1 = Monday … 7 = Sunday); Curtois instances start on a Monday. */
  readonly firstWeekday: number;
  readonly shifts: readonly ShiftType[];
  readonly staff: readonly StaffMember[];
  readonly onRequests: readonly ShiftRequest[];
  readonly offRequests: readonly ShiftRequest[];
  readonly cover: readonly CoverDemand[];
  readonly fairness: readonly FairnessTerm[];
}

/** A roster: `grid[staffIndex][day]` is a shift index into `problem.shifts`, or -1 for a day off. */
export interface Roster {
  readonly grid: readonly (readonly number[])[];
}

export const OFF = -1;

/** Weekends as lists of day indexes (Saturday and Sunday; partial weekends at the edges included). */
export function weekendsOf(days: number, firstWeekday: number): number[][] {
  const weekends: number[][] = [];
  let current: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = ((firstWeekday - 1 + d) % 7) + 1;
    if (weekday === 6 || weekday === 7) current.push(d);
    if (weekday === 7 || d === days - 1) {
      if (current.length > 0) weekends.push(current);
      current = [];
    }
  }
  return weekends;
}

/** An empty roster (everyone off). */
export function emptyRoster(problem: RosterProblem): Roster {
  return { grid: problem.staff.map(() => Array.from({ length: problem.days }, () => OFF)) };
}

/** Roster as shift ids per staff id (null = off), the form used in JSON output. */
export function rosterToIds(problem: RosterProblem, roster: Roster): Record<string, (string | null)[]> {
  const out: Record<string, (string | null)[]> = {};
  problem.staff.forEach((member, e) => {
    out[member.id] = (roster.grid[e] ?? []).map((s) => (s === OFF ? null : (problem.shifts[s]?.id ?? null)));
  });
  return out;
}

/** The inverse of `rosterToIds`; unknown ids throw. */
export function rosterFromIds(problem: RosterProblem, ids: Readonly<Record<string, readonly (string | null)[]>>): Roster {
  const shiftIndex = new Map(problem.shifts.map((s, i) => [s.id, i]));
  const grid = problem.staff.map((member) => {
    const row = ids[member.id] ?? [];
    return Array.from({ length: problem.days }, (_, d) => {
      const id = row[d] ?? null;
      if (id === null) return OFF;
      const s = shiftIndex.get(id);
      if (s === undefined) throw new Error(`unknown shift "${id}" for ${member.id} on day ${d}`);
      return s;
    });
  });
  return { grid };
}
