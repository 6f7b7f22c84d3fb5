import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ColumnGeneration } from './column-generation.ts';
import { compileProblem, type CompiledProblem } from './compiled-problem.ts';
import { rediveGroup, repairCover, repairGroup } from './cover-repair.ts';
import { highsRuntime } from './highs-mip.ts';
import { constructGreedy, Incumbent, type Grid } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { dive, solveRoot } from './price-and-dive.ts';
import { checkCompiled } from './roster-check.ts';
import { buildRosterMilp } from './roster-milp.ts';
import { coverCount } from './roster-score.ts';
import { buildSocPlan } from './soc-model.ts';
import { teamSpecSchema } from './soc-spec.ts';

/** Two tiers (6 + 5 analysts), two weeks, 8-hour shifts, tight rules: greedy rosters end short of cover. */
function team(): CompiledProblem {
  const analysts = [
    ...Array.from({ length: 6 }, (_, k) => ({ id: `a${k}`, tier: 't1', contractHoursPerWeek: 40 })),
    ...Array.from({ length: 5 }, (_, k) => ({ id: `b${k}`, tier: 't2', contractHoursPerWeek: 40 })),
  ];
  const spec = teamSpecSchema.parse({
    name: 'repair',
    zone: 'Europe/London',
    start: '2024-04-08',
    weeks: 2,
    tiers: ['t1', 't2'],
    shifts: [{ id: 'E', start: '06:00', hours: 8 }, { id: 'L', start: '14:00', hours: 8 }, { id: 'N', start: '22:00', hours: 8 }],
    analysts,
    rules: { maxConsecutiveShifts: 5, minDaysOffInRow: 2, maxConsecutiveNights: 3, maxWeekends: 1, forbiddenSuccessions: [['N', 'E']] },
    coverage: [{ tier: 't1', min: 2, fromHour: 6, toHour: 22 }, { tier: 't1', min: 1 }, { tier: 't2', min: 1 }],
    weights: { understaffed: 100, overstaffed: 0, nights: 10, weekends: 10, holidays: 10, load: 0 },
  });
  return compileProblem(buildSocPlan(spec).problem);
}

const underCost = (cp: CompiledProblem, grid: Grid): number =>
  cp.cover.reduce((sum, d, c) => sum + Math.max(0, d.requirement - coverCount(cp, grid, c)) * d.underWeight, 0);

test('a tier re-dived with everyone else fixed fills cover the greedy roster missed, and touches no one else', async () => {
  const cp = team();
  const highs = await highsRuntime();
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const ctx = { highs, cp, lm: buildRosterMilp(cp).model, random: rng(5), integral: false, elapsed };
  const cg = new ColumnGeneration(highs, cp);
  try {
    const greedy = constructGreedy(ctx);
    greedy.forEach((row, e) => cg.addRoster(e, row));
    const everyone = Array.from({ length: cp.staffCount }, (_, e) => e);
    const root = solveRoot(cg, everyone, () => false, () => 30, () => false);
    assert.ok(root.primal !== null, 'the master LP solves');
    const lpShort = cg.lpShortfall(root.primal);
    assert.equal(lpShort.length, cp.cover.length);
    const lpCover = cp.cover.reduce((sum, d, c) => sum + (lpShort[c] ?? 0) * d.underWeight, 0);
    assert.ok(lpCover <= root.lpValue + 1e-6, `LP under-cover ${lpCover} within the LP value ${root.lpValue}`);

    // A roster short nowhere more than the LP is not repaired.
    assert.deepEqual(repairGroup(cp, greedy, Float64Array.from(cp.cover, (d) => d.requirement)), []);

    assert.ok(underCost(cp, greedy) > lpCover + 50, `greedy under-cover ${underCost(cp, greedy)} against the LP's ${lpCover}`);
    const group = repairGroup(cp, greedy, lpShort);
    const tierOf = (e: number): string => (cp.staff[e]?.id ?? '').charAt(0);
    assert.ok(group.length > 0 && group.length <= cp.staffCount / 2, `group ${group.join(',')}`);
    assert.ok(group.every((e) => tierOf(e) === tierOf(group[0] ?? 0)), 'one tier');

    const repaired = rediveGroup(cg, greedy, group, { seconds: 30, elapsed, jump: Math.max(1, root.bound * 0.01) });
    assert.ok(repaired !== null);
    everyone.filter((e) => !group.includes(e)).forEach((e) => { assert.deepEqual(repaired.grid[e], greedy[e], `member ${e} kept`); });
    assert.deepEqual(checkCompiled(cp, { grid: repaired.grid }).violations, []);
    assert.ok(underCost(cp, repaired.grid) < underCost(cp, greedy), `under-cover ${underCost(cp, repaired.grid)} < ${underCost(cp, greedy)}`);
    assert.ok(everyone.every((e) => !cg.isFixed(e)), 'the master is left unfixed');

    // The search's entry point: the incumbent takes the re-dived roster; nothing to do once it is repaired
    // as far as one re-dive can see, or when too little time is left.
    const incumbent = new Incumbent(ctx, greedy);
    const before = incumbent.objective;
    const options = { elapsed, remaining: () => 30, jump: Math.max(1, root.bound * 0.01), random: rng(1), log: (): void => undefined };
    const repair = repairCover(cg, incumbent, lpShort, options);
    assert.ok(repair !== null && repair.steps > 0);
    assert.ok(incumbent.objective < before, `${incumbent.objective} < ${before}`);
    assert.equal(repair.accepted, incumbent.grid);
    assert.equal(repairCover(cg, new Incumbent(ctx, greedy), lpShort, { ...options, remaining: () => 1 }), null);

    // The master still dives from the root afterwards (the repair left no column fixed or forbidden).
    const dived = dive(cg, everyone, { primal: root.primal, value: root.lpValue }, { jump: Math.max(1, root.bound * 0.01), leaveOpen: 0, until: () => false, remaining: () => 30, fallback: greedy });
    assert.deepEqual(dived.open, []);
  } finally {
    cg.dispose();
  }
});
