import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileProblem } from './compiled-problem.ts';
import { parseCurtois } from './curtois-format.ts';
import { highsRuntime } from './highs-mip.ts';
import { constructGreedy, Incumbent, type SearchContext } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { checkCompiled } from './roster-check.ts';
import { buildRosterMilp } from './roster-milp.ts';
import { scoreCompiled } from './roster-score.ts';
import { dataPath, skipUnlessData } from './test-data.ts';
import { sweepWindows, windowLength } from './window-sweep.ts';

async function context(instance: number): Promise<SearchContext> {
  const problem = parseCurtois(readFileSync(dataPath(`roster/curtois/Instance${instance}.txt`), 'utf8'), `Instance${instance}`);
  const cp = compileProblem(problem);
  const started = performance.now();
  return { highs: await highsRuntime(), cp, lm: buildRosterMilp(cp).model, random: rng(3), integral: true, elapsed: () => (performance.now() - started) / 1000 };
}

test('a window sweep improves the greedy roster of Instance5, keeps it feasible and reports it to the incumbent', { skip: skipUnlessData('roster/curtois/Instance5.txt') }, async () => {
  const ctx = await context(5);
  const greedy = constructGreedy(ctx);
  const incumbent = new Incumbent(ctx, greedy);
  const before = incumbent.objective;
  const length = windowLength(ctx.cp);
  assert.ok(length >= 3 && length <= Math.floor(ctx.cp.days * 0.4), `window of ${length} days`);
  const swept = sweepWindows(ctx, incumbent, { length, offset: 0, timeLimit: 60, until: ctx.elapsed() + 30 });
  assert.ok(swept.iterations >= 2, 'more than one window');
  assert.equal(swept.improved, true);
  assert.ok(incumbent.objective < before, `${incumbent.objective} < ${before}`);
  assert.equal(scoreCompiled(ctx.cp, { grid: incumbent.grid }).total, incumbent.objective);
  assert.deepEqual(checkCompiled(ctx.cp, { grid: incumbent.grid }).violations, []);
});

test('a sweep from a roster worse than the incumbent never makes the incumbent worse', { skip: skipUnlessData('roster/curtois/Instance5.txt') }, async () => {
  const ctx = await context(5);
  const greedy = constructGreedy(ctx);
  const incumbent = new Incumbent(ctx, greedy);
  sweepWindows(ctx, incumbent, { length: windowLength(ctx.cp), offset: 0, timeLimit: 60, until: ctx.elapsed() + 30 });
  const good = incumbent.objective;
  // An empty roster leaves every shift short: far worse than the incumbent, and one short sweep will not catch up.
  const empty = ctx.cp.staff.map(() => Array.from({ length: ctx.cp.days }, () => -1));
  assert.ok(scoreCompiled(ctx.cp, { grid: empty }).total > good);
  sweepWindows(ctx, incumbent, { length: 3, offset: 0, timeLimit: 60, until: ctx.elapsed() + 1, start: empty });
  assert.ok(incumbent.objective <= good, `${incumbent.objective} <= ${good}`);
});

test('an integral bound is rounded up with a relative tolerance (4040.0000013 is 4040, 4040.3 is 4041)', { skip: skipUnlessData('roster/curtois/Instance1.txt') }, async () => {
  const ctx = await context(1);
  const incumbent = new Incumbent(ctx, constructGreedy(ctx));
  incumbent.raiseBound(4040.0000013);
  assert.equal(incumbent.roundedBound(), 4040);
  incumbent.raiseBound(4040.3);
  assert.equal(incumbent.roundedBound(), 4041);
  const fractional = new Incumbent({ ...ctx, integral: false }, incumbent.grid);
  fractional.raiseBound(4040.3);
  assert.equal(fractional.roundedBound(), 4040.3);
});
