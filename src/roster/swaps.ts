import { userError } from '../core/errors.ts';
import { compileProblem } from './compiled-problem.ts';
import { coverageReport, type CoverageOptions } from './coverage.ts';
import { checkCompiled, type Violation } from './roster-check.ts';
import { OFF, type Roster } from './roster-problem.ts';
import { publishRoster, type SocPlan } from './soc-model.ts';

/**
 * Overrides and shift swaps on a roster, checked against the hard rules before they are applied. The answer
 * names every rule the edit would break (only those it introduces, not ones the roster already broke) and
 * how the coverage gap changes, so a manager sees "Bob would work 6 shifts in a row" before saying yes.
 */
export type RosterEdit =
  /** Put the analyst on this shift that day (replacing what they had). */
  | { readonly kind: 'assign'; readonly analyst: string; readonly date: string; readonly shift: string }
  /** Give the analyst the day off. */
  | { readonly kind: 'unassign'; readonly analyst: string; readonly date: string }
  /** Two analysts exchange what they work: `a` on `date` against `b` on `dateB` (default the same day). */
  | { readonly kind: 'swap'; readonly a: string; readonly b: string; readonly date: string; readonly dateB?: string }
  /** `from`'s shift on `date` is worked by `to` instead. */
  | { readonly kind: 'give'; readonly from: string; readonly to: string; readonly date: string };

export interface EditCheck {
  readonly ok: boolean;
  readonly roster: Roster;
  /** Hard-rule violations the edits introduce. */
  readonly broken: readonly Violation[];
  /** Change in deficit analyst-hours (positive: the gap grows). */
  readonly deficitChange: number;
  readonly understaffedHoursChange: number;
}

export function applyEdits(plan: SocPlan, roster: Roster, edits: readonly RosterEdit[]): Roster {
  const grid = roster.grid.map((row) => [...row]);
  const staff = new Map(plan.problem.staff.map((m, i) => [m.id, i]));
  const shifts = new Map(plan.problem.shifts.map((s, i) => [s.id, i]));
  const days = new Map(plan.dates.map((d, i) => [d, i]));
  const e = (id: string): number => {
    const i = staff.get(id);
    if (i === undefined) throw userError('roster_unknown_staff', `unknown analyst "${id}"`);
    return i;
  };
  const d = (date: string): number => {
    const i = days.get(date);
    if (i === undefined) throw userError('roster_bad_day', `${date} is not in this roster`);
    return i;
  };
  const cell = (a: number, day: number): number => grid[a]?.[day] ?? OFF;
  const set = (a: number, day: number, s: number): void => {
    const row = grid[a];
    if (row !== undefined) row[day] = s;
  };
  for (const edit of edits) {
    switch (edit.kind) {
      case 'assign': {
        const s = shifts.get(edit.shift);
        if (s === undefined) throw userError('roster_unknown_shift', `unknown shift "${edit.shift}"`);
        set(e(edit.analyst), d(edit.date), s);
        break;
      }
      case 'unassign':
        set(e(edit.analyst), d(edit.date), OFF);
        break;
      case 'swap': {
        const a = e(edit.a);
        const b = e(edit.b);
        const da = d(edit.date);
        const db = d(edit.dateB ?? edit.date);
        const sa = cell(a, da);
        const sb = cell(b, db);
        // Each takes over the other's shift; when the dates differ each also frees their own day.
        set(a, da, db === da ? sb : OFF);
        set(b, db, da === db ? sa : OFF);
        if (da !== db) {
          set(a, db, sb);
          set(b, da, sa);
        }
        break;
      }
      case 'give': {
        const from = e(edit.from);
        const to = e(edit.to);
        const day = d(edit.date);
        const s = cell(from, day);
        if (s === OFF) throw userError('roster_nothing_to_give', `${edit.from} has no shift on ${edit.date}`);
        set(to, day, s);
        set(from, day, OFF);
        break;
      }
    }
  }
  return { grid };
}

const key = (v: Violation): string => `${v.rule}|${v.staff}|${v.day ?? ''}`;

export function checkEdits(plan: SocPlan, roster: Roster, edits: readonly RosterEdit[]): EditCheck {
  const cp = compileProblem(plan.problem);
  const after = applyEdits(plan, roster, edits);
  const before = new Set(checkCompiled(cp, roster).violations.map(key));
  const broken = checkCompiled(cp, after).violations.filter((v) => !before.has(key(v)));
  const options: CoverageOptions = { zone: plan.spec.zone, holidays: plan.spec.holidays };
  const covBefore = coverageReport(publishRoster(plan, roster), plan.needs, options);
  const covAfter = coverageReport(publishRoster(plan, after), plan.needs, options);
  return {
    ok: broken.length === 0,
    roster: after,
    broken,
    deficitChange: covAfter.deficitAnalystHours - covBefore.deficitAnalystHours,
    understaffedHoursChange: covAfter.understaffedHours - covBefore.understaffedHours,
  };
}
