import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatCurtois, parseCurtois } from './curtois-format.ts';
import { rng } from './neighbourhoods.ts';
import type { RosterProblem } from './roster-problem.ts';
import { solveRoster } from './roster-solver.ts';
import { dataPath, skipUnlessData } from './test-data.ts';

test('the worker solver closes a small Curtois instance and its roster passes the checker', { skip: skipUnlessData('roster/curtois/Instance2.txt') }, async () => {
  const problem = parseCurtois(readFileSync(dataPath('roster/curtois/Instance2.txt'), 'utf8'), 'Instance2');
  const progress: number[] = [];
  const r = await solveRoster(problem, { timeLimit: 20, onProgress: (objective) => progress.push(objective) });
  assert.equal(r.feasible, true);
  assert.deepEqual(r.violations, []);
  assert.ok(r.bound <= 828 && 828 <= r.objective, `bound ${r.bound}, objective ${r.objective}, best known 828`);
  assert.ok(r.objective <= 828 * 1.02, `objective ${r.objective}`);
  if (r.optimal) assert.equal(r.objective, 828);
  assert.equal(r.objective, r.score.total);
  assert.ok(progress.length > 0 && progress.every((v, i) => i === 0 || v < (progress[i - 1] ?? Infinity)), 'progress improves');
});

/** A Curtois-format instance bigger than the twelve: 70 staff, 6 weeks, 4 shift types, random wishes. */
function largeInstance(seed: number): RosterProblem {
  const random = rng(seed);
  const days = 42;
  const shifts = ['E', 'D', 'L', 'N'];
  const lines = ['SECTION_HORIZON', String(days), '', 'SECTION_SHIFTS', 'E,480,', 'D,480,E', 'L,480,E|D', 'N,480,E|D|L', '', 'SECTION_STAFF'];
  for (let e = 0; e < 70; e++) lines.push(`S${e},E=${days}|D=${days}|L=${days}|N=${e % 3 === 0 ? 6 : 0},${17 * 480 * 1.5},${14 * 480 * 1.5},5,2,2,3`);
  lines.push('', 'SECTION_DAYS_OFF');
  for (let e = 0; e < 70; e += 5) lines.push(`S${e},${Math.floor(random() * days)}`);
  lines.push('', 'SECTION_SHIFT_ON_REQUESTS');
  for (let i = 0; i < 120; i++) lines.push(`S${Math.floor(random() * 70)},${Math.floor(random() * days)},${shifts[Math.floor(random() * 3)]},${1 + Math.floor(random() * 3)}`);
  lines.push('', 'SECTION_SHIFT_OFF_REQUESTS');
  for (let i = 0; i < 120; i++) lines.push(`S${Math.floor(random() * 70) + 0},${Math.floor(random() * days)},${shifts[Math.floor(random() * 4)]},${1 + Math.floor(random() * 3)}`);
  lines.push('', 'SECTION_COVER');
  for (let d = 0; d < days; d++) for (const s of shifts) lines.push(`${d},${s},${s === 'N' ? 2 : 4 + Math.floor(random() * 3)},100,1`);
  return parseCurtois(lines.join('\n'), 'large');
}

test('instances larger than the twelve work: a feasible roster within the limit', async () => {
  const problem = largeInstance(3);
  assert.deepEqual(parseCurtois(formatCurtois(problem), 'large'), problem);
  const r = await solveRoster(problem, { timeLimit: 4 });
  assert.equal(r.feasible, true);
  assert.ok(Number.isFinite(r.objective) && r.objective >= r.bound - 1e-6);
  assert.ok(r.seconds < 4 + 6, `took ${r.seconds} s`);
});

test('two workers search side by side: the best roster and the best bound of the two are kept', async () => {
  const problem = largeInstance(5);
  const progress: number[] = [];
  const r = await solveRoster(problem, { timeLimit: 4, workers: 2, seed: 3, onProgress: (objective) => progress.push(objective) });
  assert.equal(r.feasible, true);
  assert.ok(progress.length > 0 && progress.every((v, i) => i === 0 || v < (progress[i - 1] ?? Infinity)), 'progress merged across workers improves');
  assert.ok(r.objective <= (progress.at(-1) ?? Infinity) + 1e-9, `kept ${r.objective}, best reported ${progress.at(-1)}`);
  assert.ok(Number.isFinite(r.bound) && r.bound <= r.objective + 1e-9, `bound ${r.bound}`);
  assert.ok(r.seconds < 4 + 6, `took ${r.seconds} s`);
});
