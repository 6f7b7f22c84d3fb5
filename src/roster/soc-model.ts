import { DateTime } from 'luxon';
import { userError } from '../core/errors.ts';
import { holidayCalendar } from './holidays.ts';
import { hourKey, type HourNeed, type PublishedRoster, type ShiftAssignment } from './published-roster.ts';
import { OFF, weekendsOf, type CoverDemand, type FairnessTerm, type Roster, type RosterProblem, type ShiftRequest, type StaffMember } from './roster-problem.ts';
import type { TeamSpec } from './soc-spec.ts';

/**
 * The SOC team model on top of the generic roster problem. Roster days are local dates in the team's zone;
 * each shift type belongs to a site with its own zone (follow-the-sun), so its UTC interval is computed per
 * day (daylight-saving aware). Coverage is per UTC hour and tier: an hour is covered by every shift that spans
 * at least half of it, and an hourly demand counts only analysts of that tier. Minimum rest becomes forbidden
 * successions; contracted hours become minimum/maximum minutes; wishes become weighted requests; fairness
 * terms spread nights, weekends, public holidays and expected alert load across analysts of the same tier and
 * contract, counting what they carried in past rosters.
 */
export interface SocPlanOptions {
  /** Analysts needed per UTC hour and tier from the staffing model (combined with the spec's minimums). */
  readonly needs?: readonly HourNeed[];
  /** Expected alerts per rostered analyst per UTC hour and tier (for the alert-load fairness term). */
  readonly alertLoad?: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

export interface SocPlan {
  readonly spec: TeamSpec;
  readonly problem: RosterProblem;
  /** Local dates of the roster days. */
  readonly dates: readonly string[];
  /** UTC [start, end) of shift type s on day d, epoch ms. */
  readonly interval: (day: number, shift: number) => readonly [number, number];
  readonly siteOf: readonly string[];
  readonly needs: readonly HourNeed[];
  readonly holidays: readonly (readonly [string, string])[];
  readonly from: string;
  readonly to: string;
}

const HOUR = 3_600_000;

export function buildSocPlan(spec: TeamSpec, options: SocPlanOptions = {}): SocPlan {
  const zone = spec.zone;
  if (!DateTime.local().setZone(zone).isValid) throw userError('roster_bad_zone', `unknown time zone "${zone}"`);
  const sites = spec.sites.length > 0 ? spec.sites : [{ id: 'main', zone }];
  const siteZone = new Map(sites.map((s) => [s.id, s.zone]));
  const defaultSite = sites[0]?.id ?? 'main';
  const D = spec.weeks * 7;
  const day0 = DateTime.fromISO(spec.start, { zone });
  if (!day0.isValid) throw userError('roster_bad_start', `not a valid date: ${spec.start}`);
  const dates = Array.from({ length: D }, (_, d) => day0.plus({ days: d }).toISODate());
  const from = day0.toUTC().toMillis();
  const to = day0.plus({ days: D }).toUTC().toMillis();
  const calendar = holidayCalendar(spec.holidays);
  const holidays = calendar.between(dates[0] ?? spec.start, dates[D - 1] ?? spec.start);
  const holidaySet = new Set(holidays.map(([d]) => d));

  const shifts = spec.shifts;
  const siteOf = shifts.map((s) => s.site ?? defaultSite);
  for (const s of siteOf) if (!siteZone.has(s)) throw userError('roster_unknown_site', `unknown site "${s}"`);
  const intervals = new Map<number, readonly [number, number]>();
  const interval = (d: number, s: number): readonly [number, number] => {
    const key = d * shifts.length + s;
    const known = intervals.get(key);
    if (known !== undefined) return known;
    const spec_ = shifts[s];
    const z = siteZone.get(siteOf[s] ?? defaultSite) ?? zone;
    const start = DateTime.fromISO(`${dates[d] ?? day0.plus({ days: d }).toISODate()}T${spec_?.start ?? '00:00'}`, { zone: z });
    const value = [start.toMillis(), start.plus({ minutes: Math.round((spec_?.hours ?? 0) * 60) }).toMillis()] as const;
    intervals.set(key, value);
    return value;
  };
  const isNight = shifts.map((s) => {
    if (s.night !== undefined) return s.night;
    const [h, m] = s.start.split(':').map(Number);
    const startMin = (h ?? 0) * 60 + (m ?? 0);
    let nightMinutes = 0;
    for (let t = startMin; t < startMin + s.hours * 60; t += 15) if (t % 1440 < 360) nightMinutes += 15;
    return nightMinutes >= 180;
  });

  // Forbidden successions: listed ones, and any pair leaving less than the minimum rest on some day.
  const forbidden = shifts.map(() => new Set<string>());
  const shiftIds = new Set(shifts.map((s) => s.id));
  for (const [a, b] of spec.rules.forbiddenSuccessions) {
    if (!shiftIds.has(a) || !shiftIds.has(b)) throw userError('roster_unknown_shift', `forbidden succession ${a}→${b}: unknown shift`);
    forbidden[shifts.findIndex((s) => s.id === a)]?.add(b);
  }
  shifts.forEach((_, s) => {
    shifts.forEach((next, t) => {
      for (let d = 0; d + 1 < D; d++) {
        const rest = (interval(d + 1, t)[0] - interval(d, s)[1]) / HOUR;
        if (rest < spec.rules.minRestHours) {
          forbidden[s]?.add(next.id);
          break;
        }
      }
    });
  });
  const problemShifts = shifts.map((s, i) => {
    const [h, m] = s.start.split(':').map(Number);
    return { id: s.id, minutes: Math.round(s.hours * 60), startMinute: (h ?? 0) * 60 + (m ?? 0), forbiddenNext: [...(forbidden[i] ?? [])], night: isNight[i] ?? false };
  });

  const weekendCount = weekendsOf(D, day0.weekday).length;
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const inHorizon = (date: string): number | undefined => dayIndex.get(date);
  const staff: StaffMember[] = spec.analysts.map((a) => {
    const site = a.site ?? defaultSite;
    if (!siteZone.has(site)) throw userError('roster_unknown_site', `analyst ${a.id}: unknown site "${site}"`);
    if (!spec.tiers.includes(a.tier)) throw userError('roster_unknown_tier', `analyst ${a.id}: unknown tier "${a.tier}"`);
    const daysOff = a.timeOff.map(inHorizon).filter((d): d is number => d !== undefined);
    const weekdaysOff = daysOff.filter((d) => DateTime.fromISO(dates[d] ?? '', { zone }).weekday <= 5).length;
    const target = Math.max(0, a.contractHoursPerWeek * spec.weeks - weekdaysOff * (a.contractHoursPerWeek / 5)) * 60;
    const maxShifts: Record<string, number> = {};
    shifts.forEach((s, i) => {
      const allowed = siteOf[i] === site && (a.shifts === undefined || a.shifts.includes(s.id));
      if (!allowed) maxShifts[s.id] = 0;
    });
    return {
      id: a.id,
      qualifications: [a.tier, ...a.skills, `site:${site}`],
      rules: {
        maxShifts,
        minMinutes: Math.max(0, target - spec.rules.contractToleranceHours * 60),
        maxMinutes: target,
        maxConsecutiveShifts: spec.rules.maxConsecutiveShifts,
        minConsecutiveShifts: spec.rules.minConsecutiveShifts,
        minConsecutiveDaysOff: spec.rules.minDaysOffInRow,
        maxWeekends: a.maxWeekends ?? spec.rules.maxWeekends ?? Math.ceil(weekendCount / 2),
        maxConsecutiveNights: a.maxConsecutiveNights ?? spec.rules.maxConsecutiveNights,
        daysOff,
      },
    };
  });

  const onRequests: ShiftRequest[] = [];
  const offRequests: ShiftRequest[] = [];
  for (const a of spec.analysts) {
    for (const w of a.wishes) {
      const d = inHorizon(w.date);
      if (d === undefined) continue;
      if (w.shift !== undefined && !shiftIds.has(w.shift)) throw userError('roster_unknown_shift', `wish of ${a.id}: unknown shift "${w.shift}"`);
      (w.off ? offRequests : onRequests).push({ staff: a.id, day: d, shift: w.shift ?? null, weight: w.weight });
    }
  }

  const needs = hourlyNeeds(spec, from, to, options.needs ?? [], (date) => calendar.holidayOn(date));
  const cover = coverDemands(spec, shifts.length, D, interval, needs);
  const fairness = fairnessTerms(spec, shifts.length, D, dates, holidaySet, isNight, interval, options.alertLoad);

  const problem: RosterProblem = {
    name: spec.name,
    days: D,
    firstWeekday: day0.weekday,
    shifts: problemShifts,
    staff,
    onRequests,
    offRequests,
    cover,
    fairness,
  };
  return { spec, problem, dates, interval, siteOf, needs, holidays, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Needs per UTC hour: the spec's minimum rules (local time) combined (max) with the staffing figures. */
function hourlyNeeds(spec: TeamSpec, from: number, to: number, staffing: readonly HourNeed[], holidayOn: (date: string) => string | null): HourNeed[] {
  const byHour = new Map(staffing.map((h) => [h.hour, h.needs]));
  const out: HourNeed[] = [];
  for (let t = from; t < to; t += HOUR) {
    const local = DateTime.fromMillis(t, { zone: spec.zone });
    const holiday = holidayOn(local.toISODate() ?? '') !== null;
    const needs: Record<string, number> = {};
    for (const tier of spec.tiers) needs[tier] = byHour.get(hourKey(t))?.[tier] ?? 0;
    for (const rule of spec.coverage) {
      if (rule.weekdays !== undefined && !rule.weekdays.includes(local.weekday)) continue;
      if (local.hour < rule.fromHour || local.hour >= rule.toHour) continue;
      if (rule.holidays === false && holiday) continue;
      if (rule.holidays === 'only' && !holiday) continue;
      needs[rule.tier] = Math.max(needs[rule.tier] ?? 0, rule.min);
    }
    out.push({ hour: hourKey(t), needs });
  }
  return out;
}

/** One demand per (hour, tier), merged when hours share the covering shifts and the requirement. */
function coverDemands(
  spec: TeamSpec,
  S: number,
  D: number,
  interval: (d: number, s: number) => readonly [number, number],
  needs: readonly HourNeed[],
): CoverDemand[] {
  // Every shift covers the UTC hours it spans at least half of.
  const slotsByHour = new Map<string, { day: number; shift: string }[]>();
  for (let d = 0; d < D; d++) {
    for (let s = 0; s < S; s++) {
      const [a, b] = interval(d, s);
      for (let t = Math.floor(a / HOUR) * HOUR; t < b; t += HOUR) {
        if (Math.min(b, t + HOUR) - Math.max(a, t) < HOUR / 2) continue;
        const key = hourKey(t);
        slotsByHour.set(key, [...(slotsByHour.get(key) ?? []), { day: d, shift: spec.shifts[s]?.id ?? '' }]);
      }
    }
  }
  const merged = new Map<string, CoverDemand & { hours: number }>();
  for (const h of needs) {
    const slots = slotsByHour.get(h.hour) ?? [];
    if (slots.length === 0) continue; // no shift of this roster can cover it (e.g. a night begun before day 0)
    for (const [tier, requirement] of Object.entries(h.needs)) {
      if (requirement <= 0) continue;
      const key = `${tier}|${requirement}|${slots.map((x) => `${x.day}.${x.shift}`).join(',')}`;
      const known = merged.get(key);
      if (known !== undefined) known.hours++;
      else merged.set(key, { label: `${h.hour} ${tier}`, slots, qualification: tier, requirement, underWeight: 0, overWeight: 0, hours: 1 });
    }
  }
  return [...merged.values()].map(({ hours, ...d }) => ({
    ...d,
    label: hours > 1 ? `${d.label} (+${hours - 1} h)` : d.label,
    underWeight: spec.weights.understaffed * hours,
    overWeight: spec.weights.overstaffed * hours,
  }));
}

function fairnessTerms(
  spec: TeamSpec,
  S: number,
  D: number,
  dates: readonly string[],
  holidays: ReadonlySet<string>,
  isNight: readonly boolean[],
  interval: (d: number, s: number) => readonly [number, number],
  alertLoad: SocPlanOptions['alertLoad'],
): FairnessTerm[] {
  // Comparable analysts: same tier and same contract.
  const groups = new Map<string, string[]>();
  spec.analysts.forEach((a) => {
    const key = `${a.tier} ${a.contractHoursPerWeek}h`;
    groups.set(key, [...(groups.get(key) ?? []), a.id]);
  });
  const tierOf = new Map(spec.analysts.map((a) => [a.id, a.tier]));
  const pastOf = (metric: string, ids: readonly string[]): Record<string, number> =>
    Object.fromEntries(ids.map((id) => [id, spec.analysts.find((a) => a.id === id)?.past[metric] ?? 0]));
  const weekday = dates.map((d) => DateTime.fromISO(d, { zone: spec.zone }).weekday);
  const metrics: [string, number, (d: number, s: number, tier: string) => number][] = [
    ['nights', spec.weights.nights, (_d, s) => (isNight[s] === true ? 1 : 0)],
    ['weekends', spec.weights.weekends, (d) => ((weekday[d] ?? 1) >= 6 ? 1 : 0)],
    ['holidays', spec.weights.holidays, (d) => (holidays.has(dates[d] ?? '') ? 1 : 0)],
  ];
  if (alertLoad !== undefined) {
    metrics.push([
      'load',
      spec.weights.load,
      (d, s, tier) => {
        const [a, b] = interval(d, s);
        let total = 0;
        for (let t = Math.floor(a / HOUR) * HOUR; t < b; t += HOUR) total += alertLoad.get(hourKey(t))?.[tier] ?? 0;
        return Math.round(total * 10) / 10;
      },
    ]);
  }
  const terms: FairnessTerm[] = [];
  for (const [metric, weight, load] of metrics) {
    if (weight === 0) continue;
    const termGroups = [...groups.entries()]
      .filter(([, ids]) => ids.length > 1)
      .map(([label, ids]) => {
        const tier = tierOf.get(ids[0] ?? '') ?? '';
        const grid = Array.from({ length: D }, (_, d) => Array.from({ length: S }, (_, s) => load(d, s, tier)));
        return { label, staff: ids, load: grid, past: pastOf(metric, ids) };
      })
      .filter((g) => g.load.some((row) => row.some((v) => v !== 0)) || Object.values(g.past).some((v) => v !== 0));
    if (termGroups.length > 0) terms.push({ metric, weight, groups: termGroups });
  }
  return terms;
}

/** Concrete UTC shifts of a roster, sorted by start. */
export function publishRoster(plan: SocPlan, roster: Roster): PublishedRoster {
  const assignments: ShiftAssignment[] = [];
  plan.problem.staff.forEach((member, e) => {
    const analyst = plan.spec.analysts.find((a) => a.id === member.id);
    (roster.grid[e] ?? []).forEach((s, d) => {
      if (s === OFF) return;
      const [a, b] = plan.interval(d, s);
      const shift = plan.problem.shifts[s];
      assignments.push({
        analyst: member.id,
        tier: analyst?.tier ?? '',
        site: plan.siteOf[s] ?? '',
        date: plan.dates[d] ?? '',
        shift: shift?.id ?? '',
        start: new Date(a).toISOString(),
        end: new Date(b).toISOString(),
        night: shift?.night ?? false,
      });
    });
  });
  assignments.sort((x, y) => x.start.localeCompare(y.start) || x.analyst.localeCompare(y.analyst));
  return { team: plan.spec.name, zone: plan.spec.zone, from: plan.from, to: plan.to, assignments };
}
