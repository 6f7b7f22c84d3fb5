import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileProblem } from './compiled-problem.ts';
import { rng } from './neighbourhoods.ts';
import { priceStaff } from './pricing.ts';
import { checkCompiled } from './roster-check.ts';
import type { RosterProblem, StaffRules } from './roster-problem.ts';
import { randomRules } from './test-rules.ts';

/** A one-member problem over `days` days from a Saturday (so weekends bite), shifts E, L, N. */
function problemWith(rules: StaffRules, days: number): RosterProblem {
  return {
    name: 'pricing',
    days,
    firstWeekday: 6,
    shifts: [
      { id: 'E', minutes: 480, startMinute: 360, forbiddenNext: [], night: false },
      { id: 'L', minutes: 600, startMinute: 840, forbiddenNext: ['E'], night: false },
      { id: 'N', minutes: 480, startMinute: 1320, forbiddenNext: ['E', 'L'], night: true },
    ],
    staff: [{ id: 'A', qualifications: [], rules }],
    onRequests: [],
    offRequests: [],
    cover: [],
    fairness: [],
  };
}

/** Every roster of `days` days over shifts 0..S-1 and off. */
function* allRows(days: number, S: number): Generator<number[]> {
  const row = Array.from({ length: days }, () => -1);
  const total = (S + 1) ** days;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let d = 0; d < days; d++) {
      row[d] = (c % (S + 1)) - 1;
      c = Math.floor(c / (S + 1));
    }
    yield row;
  }
}

test('the pricing programme finds exactly the cheapest feasible roster (brute force over every roster)', () => {
  const random = rng(11);
  const days = 7;
  for (let trial = 0; trial < 16; trial++) {
    const rules = randomRules(random, days, 1);
    const cp = compileProblem(problemWith(rules, days));
    const cell = Float64Array.from({ length: days * 3 }, () => Math.round((random() - 0.6) * 20));
    const off = Float64Array.from({ length: days }, () => Math.round(random() * 4));
    const cost = (row: readonly number[]): number => row.reduce((a, s, d) => a + (s < 0 ? (off[d] ?? 0) : (cell[d * 3 + s] ?? 0)), 0);
    const feasible: number[] = [];
    for (const row of allRows(days, 3)) if (checkCompiled(cp, { grid: [row] }).feasible) feasible.push(cost(row));
    feasible.sort((a, b) => a - b);
    const found = priceStaff(cp, 0, { cell, off }, 3);
    if (feasible.length === 0) {
      assert.deepEqual(found, [], `trial ${trial}: rules admit no roster`);
      continue;
    }
    const best = found[0];
    assert.ok(best !== undefined, `trial ${trial}: nothing found`);
    assert.equal(best.cost, feasible[0], `trial ${trial}: optimum`);
    for (const r of found) {
      assert.ok(checkCompiled(cp, { grid: [r.row] }).feasible, `trial ${trial}: infeasible roster returned`);
      assert.equal(r.cost, cost(r.row), `trial ${trial}: reported cost`);
    }
    // A cost ceiling keeps only cheaper rosters, and never loses the optimum below it.
    const ceiling = (feasible[0] ?? 0) + 0.5;
    const below = priceStaff(cp, 0, { cell, off }, 3, ceiling);
    assert.deepEqual(below.map((r) => r.cost), found.filter((r) => r.cost < ceiling).map((r) => r.cost).slice(0, below.length));
    assert.equal(below[0]?.cost, feasible[0]);
  }
});
