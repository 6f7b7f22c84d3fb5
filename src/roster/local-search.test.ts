import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileProblem } from './compiled-problem.ts';
import { anneal } from './local-search.ts';
import { constructGreedy } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { checkCompiled } from './roster-check.ts';
import { RosterState } from './roster-state.ts';
import { buildRosterMilp } from './roster-milp.ts';
import type { RosterProblem, StaffMember } from './roster-problem.ts';
import { scoreCompiled } from './roster-score.ts';
import { rowFeasible } from './row-rules.ts';
import { randomRules } from './test-rules.ts';

const SHIFTS: RosterProblem['shifts'] = [
  { id: 'E', minutes: 480, startMinute: 360, forbiddenNext: [], night: false },
  { id: 'L', minutes: 600, startMinute: 840, forbiddenNext: ['E'], night: false },
  { id: 'N', minutes: 480, startMinute: 1320, forbiddenNext: ['E', 'L'], night: true },
];

test('rowFeasible agrees with the checker on every row of random members (brute force)', () => {
  const random = rng(5);
  const days = 7;
  for (let trial = 0; trial < 12; trial++) {
    const problem: RosterProblem = {
      name: 'rows',
      days,
      firstWeekday: 1 + Math.floor(random() * 7),
      shifts: SHIFTS,
      staff: [{ id: 'A', qualifications: [], rules: randomRules(random, days) }],
      onRequests: [],
      offRequests: [],
      cover: [],
      fairness: [],
    };
    const cp = compileProblem(problem);
    const row = Array.from({ length: days }, () => -1);
    let feasible = 0;
    for (let code = 0; code < 4 ** days; code++) {
      let c = code;
      for (let d = 0; d < days; d++) {
        row[d] = (c % 4) - 1;
        c = Math.floor(c / 4);
      }
      const expected = checkCompiled(cp, { grid: [row] }).feasible;
      assert.equal(rowFeasible(cp, 0, row), expected, `trial ${trial}, row ${row.join(',')}`);
      if (expected) feasible++;
    }
    assert.ok(feasible < 4 ** days, `trial ${trial}: the rules forbid something`);
  }
});

/** Two groups of comparable staff, hourly-like cover per shift, wishes, and fairness of nights and weekends. */
function teamProblem(seed: number): RosterProblem {
  const random = rng(seed);
  const days = 14;
  const staff: StaffMember[] = Array.from({ length: 8 }, (_, i) => ({
    id: `s${i}`,
    qualifications: [i < 5 ? 'a' : 'b'],
    rules: {
      maxShifts: {},
      minMinutes: 8 * 480,
      maxMinutes: 10 * 520,
      maxConsecutiveShifts: 5,
      minConsecutiveShifts: 2,
      minConsecutiveDaysOff: 2,
      maxWeekends: 1,
      maxConsecutiveNights: 3,
      daysOff: random() < 0.4 ? [Math.floor(random() * days)] : [],
    },
  }));
  const cover = Array.from({ length: days }, (_, d) =>
    SHIFTS.flatMap((s) => [
      { label: `${d} ${s.id} a`, slots: [{ day: d, shift: s.id }], qualification: 'a', requirement: 1, underWeight: 100, overWeight: 1 },
      { label: `${d} ${s.id} b`, slots: [{ day: d, shift: s.id }], qualification: 'b', requirement: s.id === 'N' ? 0 : 1, underWeight: 100, overWeight: 1 },
    ]),
  ).flat();
  const groups = (load: (d: number, s: number) => number): RosterProblem['fairness'][number]['groups'] => [
    { label: 'a', staff: staff.slice(0, 5).map((m) => m.id), load: Array.from({ length: days }, (_, d) => SHIFTS.map((_, s) => load(d, s))), past: { s0: 2, s1: 1 } },
    { label: 'b', staff: staff.slice(5).map((m) => m.id), load: Array.from({ length: days }, (_, d) => SHIFTS.map((_, s) => load(d, s))), past: {} },
  ];
  return {
    name: 'team',
    days,
    firstWeekday: 1,
    shifts: SHIFTS,
    staff,
    onRequests: [{ staff: 's2', day: 3, shift: 'L', weight: 2 }],
    offRequests: staff.map((m) => ({ staff: m.id, day: Math.floor(random() * days), shift: null, weight: 1 + Math.floor(random() * 3) })),
    cover,
    fairness: [
      { metric: 'nights', weight: 10, groups: groups((_d, s) => (s === 2 ? 1 : 0)) },
      { metric: 'weekends', weight: 5, groups: groups((d) => (d % 7 >= 5 ? 1 : 0)) },
      { metric: 'load', weight: 0.5, groups: groups((d, s) => 1 + ((d * 3 + s) % 4) / 2) },
    ],
  };
}

test('annealing keeps every hard rule, reports the exact objective and never returns a worse roster', () => {
  for (const seed of [1, 2, 3]) {
    const cp = compileProblem(teamProblem(seed));
    // The greedy construction uses neither HiGHS nor the MILP's model.
    const start = constructGreedy({ highs: null as never, cp, lm: buildRosterMilp(cp).model, random: rng(seed), integral: false, elapsed: () => 0 });
    assert.ok(checkCompiled(cp, { grid: start }).feasible, `seed ${seed}: feasible start`);
    const before = scoreCompiled(cp, { grid: start }).total;
    let moves = 0;
    const reported: number[] = [];
    const result = anneal(cp, start, {
      random: rng(seed),
      stop: () => ++moves > 400,
      progress: () => moves / 400,
      onBetter: (grid, objective) => {
        assert.ok(checkCompiled(cp, { grid }).feasible, `seed ${seed}: reported roster breaks a rule`);
        assert.ok(Math.abs(scoreCompiled(cp, { grid }).total - objective) < 1e-6, `seed ${seed}: reported objective`);
        reported.push(objective);
      },
    });
    assert.ok(checkCompiled(cp, { grid: result.grid }).feasible, `seed ${seed}: ${JSON.stringify(checkCompiled(cp, { grid: result.grid }).violations[0])}`);
    assert.ok(Math.abs(scoreCompiled(cp, { grid: result.grid }).total - result.objective) < 1e-6, `seed ${seed}: objective kept incrementally`);
    assert.ok(result.objective <= before, `seed ${seed}: ${result.objective} > ${before}`);
    assert.ok(result.objective < before, `seed ${seed}: a greedy roster of this team has something to improve`);
    assert.deepEqual(reported, [...reported].sort((a, b) => b - a), `seed ${seed}: reports only improve`);
  }
});

test('the roster state keeps the exact objective through random changes and reverts, wishes and fairness included', () => {
  for (const seed of [4, 5]) {
    const cp = compileProblem(teamProblem(seed));
    const random = rng(seed);
    const start = cp.staff.map(() => Array.from({ length: cp.days }, () => Math.floor(random() * (cp.shiftCount + 1)) - 1));
    const state = new RosterState(cp, start);
    assert.ok(Math.abs(state.total - scoreCompiled(cp, { grid: state.grid }).total) < 1e-9, `seed ${seed}: start`);
    const undo: [number, number, number][] = [];
    let requestsMoved = 0;
    for (let step = 0; step < 3000; step++) {
      const changes: [number, number, number][] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => [
        Math.floor(random() * 2) === 0 ? 2 : Math.floor(random() * cp.staffCount),
        Math.floor(random() * cp.days),
        Math.floor(random() * (cp.shiftCount + 1)) - 1,
      ]);
      const before = scoreCompiled(cp, { grid: state.grid });
      const gridBefore = state.grid.map((row) => [...row]);
      const delta = state.apply(changes, undo);
      const after = scoreCompiled(cp, { grid: state.grid });
      if (after.requests !== before.requests) requestsMoved++;
      assert.ok(Math.abs(delta - (after.total - before.total)) < 1e-9, `seed ${seed} step ${step}: delta ${delta}, scorer ${after.total - before.total}`);
      assert.ok(Math.abs(state.total - after.total) < 1e-6, `seed ${seed} step ${step}: kept total`);
      if (random() < 0.5) {
        state.revert(undo);
        assert.ok(Math.abs(state.total - before.total) < 1e-6, `seed ${seed} step ${step}: revert`);
        assert.deepEqual(state.grid, gridBefore, `seed ${seed} step ${step}: revert restores the grid`);
      }
    }
    assert.ok(requestsMoved > 0, `seed ${seed}: some changes touched a wish`);
  }
});
