import type { CompiledProblem } from './compiled-problem.ts';
import { LinearModelBuilder, type LinearModel } from './linear-model.ts';

/**
 * The roster as a MILP. x[e,d,s] = 1 when staff e works shift s on day d, y[e,d] = Σ_s x[e,d,s] (worked),
 * weekend indicators, cover slacks and fairness max/min. Consecutive-day rules use the "a run starting on d
 * must continue to d+k" form, which is tighter in the LP relaxation than forbidding short patterns. Minimum
 * runs do not apply to runs cut by the horizon's edges (see roster-check.ts).
 */
export interface RosterMilp {
  readonly model: LinearModel;
  /** Column of x[e,d,s], -1 when the cell may not be worked. Index (e·D + d)·S + s. */
  readonly x: Int32Array;
}

const INF = Number.POSITIVE_INFINITY;

export function buildRosterMilp(cp: CompiledProblem): RosterMilp {
  const { days: D, shiftCount: S, staffCount: E } = cp;
  const b = new LinearModelBuilder();
  const x = new Int32Array(E * D * S).fill(-1);
  const y = new Int32Array(E * D).fill(-1);

  cp.staff.forEach((member, e) => {
    for (let d = 0; d < D; d++) {
      let any = false;
      for (let s = 0; s < S; s++) {
        if (member.allowed[d]?.[s] !== true) continue;
        x[(e * D + d) * S + s] = b.addCol({ kind: 'x', staff: e, day: d, shift: s }, 0, 0, 1, true);
        any = true;
      }
      if (any) y[e * D + d] = b.addCol({ kind: 'y', staff: e, day: d }, 0, 0, 1, false);
    }
  });
  const xs = (e: number, d: number): number[] => {
    const out: number[] = [];
    for (let s = 0; s < S; s++) {
      const c = x[(e * D + d) * S + s] ?? -1;
      if (c >= 0) out.push(c);
    }
    return out;
  };
  /** y[e,d] as a column, or null outside the horizon or on a day that cannot be worked (constant 0). */
  const yc = (e: number, d: number): number | null => {
    if (d < 0 || d >= D) return null;
    const c = y[e * D + d] ?? -1;
    return c >= 0 ? c : null;
  };

  cp.staff.forEach((m, e) => {
    // y = Σ_s x: one shift a day.
    for (let d = 0; d < D; d++) {
      const yd = yc(e, d);
      if (yd !== null) b.addRow([...xs(e, d).map((c) => [c, 1] as const), [yd, -1]], 0, 0);
    }
    // Forbidden successions.
    for (let d = 0; d + 1 < D; d++) {
      for (let s = 0; s < S; s++) {
        const a = x[(e * D + d) * S + s] ?? -1;
        if (a < 0) continue;
        const next: [number, number][] = [];
        for (let t = 0; t < S; t++) {
          const c = x[(e * D + d + 1) * S + t] ?? -1;
          if (c >= 0 && cp.forbidden[s]?.[t] === true) next.push([c, 1]);
        }
        if (next.length > 0) b.addRow([[a, 1], ...next], -INF, 1);
      }
    }
    // Maximum shifts per type; total minutes.
    for (let s = 0; s < S; s++) {
      const cols: [number, number][] = [];
      for (let d = 0; d < D; d++) {
        const c = x[(e * D + d) * S + s] ?? -1;
        if (c >= 0) cols.push([c, 1]);
      }
      const max = m.maxShifts[s] ?? D;
      if (cols.length > max) b.addRow(cols, -INF, max);
    }
    const minuteTerms: [number, number][] = [];
    for (let d = 0; d < D; d++) for (let s = 0; s < S; s++) {
      const c = x[(e * D + d) * S + s] ?? -1;
      if (c >= 0) minuteTerms.push([c, cp.minutes[s] ?? 0]);
    }
    b.addRow(minuteTerms, m.minMinutes > 0 ? m.minMinutes : -INF, m.maxMinutes);
    // At most C worked days in any C+1 consecutive days.
    if (m.maxConsecutive < D) {
      for (let w = 0; w + m.maxConsecutive < D; w++) {
        const terms: [number, number][] = [];
        for (let d = w; d <= w + m.maxConsecutive; d++) {
          const c = yc(e, d);
          if (c !== null) terms.push([c, 1]);
        }
        if (terms.length > m.maxConsecutive) b.addRow(terms, -INF, m.maxConsecutive);
      }
    }
    // A run of work starting on d ≥ 1 (y[d] − y[d−1] = 1) continues to d+k, unless the horizon ends first.
    for (let d = 1; d < D && m.minConsecutive > 1; d++) {
      const yd = yc(e, d);
      if (yd === null) continue;
      const prev = yc(e, d - 1);
      for (let k = 1; k < m.minConsecutive && d + k < D; k++) {
        const terms: [number, number][] = [[yd, 1]];
        if (prev !== null) terms.push([prev, -1]);
        const later = yc(e, d + k);
        if (later !== null) terms.push([later, -1]);
        b.addRow(terms, -INF, 0);
        if (later === null) break;
      }
    }
    // A run of days off starting on d ≥ 1 (worked d−1) lasts k more days, unless the horizon ends first.
    for (let d = 1; d < D && m.minDaysOff > 1; d++) {
      const prev = yc(e, d - 1);
      if (prev === null) continue;
      const yd = yc(e, d);
      for (let k = 1; k < m.minDaysOff && d + k < D; k++) {
        const later = yc(e, d + k);
        if (later === null) continue;
        const terms: [number, number][] = [[prev, 1], [later, 1]];
        if (yd !== null) terms.push([yd, -1]);
        b.addRow(terms, -INF, 1);
      }
    }
    // Weekends worked.
    const weekendCols: [number, number][] = [];
    for (const wdays of cp.weekends) {
      const ys = wdays.map((d) => yc(e, d)).filter((c): c is number => c !== null);
      if (ys.length === 0) continue;
      if (ys.length === 1 && ys[0] !== undefined) {
        weekendCols.push([ys[0], 1]);
        continue;
      }
      const w = b.addCol({ kind: 'any', staff: e, days: wdays }, 0, 0, 1, false);
      for (const c of ys) b.addRow([[w, 1], [c, -1]], 0, INF);
      weekendCols.push([w, 1]);
    }
    if (weekendCols.length > m.maxWeekends) b.addRow(weekendCols, -INF, m.maxWeekends);
    // Consecutive nights.
    if (m.maxConsecutiveNights < D && cp.night.some(Boolean)) {
      const N = m.maxConsecutiveNights;
      for (let w = 0; w + N < D; w++) {
        const terms: [number, number][] = [];
        for (let d = w; d <= w + N; d++) for (let s = 0; s < S; s++) {
          const c = x[(e * D + d) * S + s] ?? -1;
          if (c >= 0 && cp.night[s] === true) terms.push([c, 1]);
        }
        if (terms.length > N) b.addRow(terms, -INF, N);
      }
    }
    // Requests: unmet on-request costs w·(1 − x), met off-request costs w·x.
    for (const r of m.onRequests) {
      b.offset += r.weight;
      const cols = r.shift < 0 ? xs(e, r.day) : [x[(e * D + r.day) * S + r.shift] ?? -1].filter((c) => c >= 0);
      for (const c of cols) b.addCost(c, -r.weight);
    }
    for (const r of m.offRequests) {
      const cols = r.shift < 0 ? xs(e, r.day) : [x[(e * D + r.day) * S + r.shift] ?? -1].filter((c) => c >= 0);
      for (const c of cols) b.addCost(c, r.weight);
    }
  });

  // Cover: Σ x + under − over = requirement.
  for (const demand of cp.cover) {
    const terms: [number, number][] = [];
    for (let e = 0; e < E; e++) {
      if (!demand.qualified[e]) continue;
      for (const [d, s] of demand.slots) {
        const c = x[(e * D + d) * S + s] ?? -1;
        if (c >= 0) terms.push([c, 1]);
      }
    }
    const under = b.addCol({ kind: 'aux' }, demand.underWeight, 0, demand.requirement, false);
    terms.push([under, 1]);
    if (demand.overWeight > 0) {
      terms.push([b.addCol({ kind: 'aux' }, demand.overWeight, 0, INF, false), -1]);
      b.addRow(terms, demand.requirement, demand.requirement);
    } else {
      b.addRow(terms, demand.requirement, INF);
    }
  }

  // Fairness: weight · (max − min) of each group's loads.
  for (const group of cp.fairness) {
    if (group.staff.length < 2 || group.weight === 0) continue;
    const hi = b.addCol({ kind: 'aux' }, group.weight, -INF, INF, false);
    const lo = b.addCol({ kind: 'aux' }, -group.weight, -INF, INF, false);
    group.staff.forEach((e, k) => {
      const terms: [number, number][] = [];
      for (let d = 0; d < D; d++) for (let s = 0; s < S; s++) {
        const c = x[(e * D + d) * S + s] ?? -1;
        const load = group.load[d]?.[s] ?? 0;
        if (c >= 0 && load !== 0) terms.push([c, load]);
      }
      const past = group.past[k] ?? 0;
      b.addRow([...terms, [hi, -1]], -INF, -past);
      b.addRow([...terms, [lo, -1]], -past, INF);
    });
  }
  return { model: b.build(), x };
}
