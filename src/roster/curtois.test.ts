import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatCurtois, formatRosterText, parseCurtois, parseRosterText } from './curtois-format.ts';
import { checkAssignments, checkRoster, HARD_RULES, type HardRule } from './roster-check.ts';
import type { RosterProblem } from './roster-problem.ts';
import { scoreRoster } from './roster-score.ts';
import { dataPath, skipUnlessData } from './test-data.ts';

const README_ROSTER = `A: . D D D . . . D D D . . D D
B: D D D D D . . D D . . . D D
C: D D D . . D D . . D D D . .
D: D D . . . D D D D D . . . .
E: . D D D D . . D D . . D D D
F: D D D D D . . D D . . D D .
G: . . D D D . . D D . . D D D
H: D D . . D D D . . D D D . .`;

test('the scorer reproduces 608 (cover 601 + requests 7) on the README roster of Instance1', { skip: skipUnlessData('roster/curtois/Instance1.txt') }, () => {
  const problem = parseCurtois(readFileSync(dataPath('roster/curtois/Instance1.txt'), 'utf8'), 'Instance1');
  assert.equal(problem.days, 14);
  assert.equal(problem.staff.length, 8);
  const roster = parseRosterText(problem, README_ROSTER);
  const score = scoreRoster(problem, roster);
  assert.equal(score.total, 608);
  assert.equal(score.cover, 601);
  assert.equal(score.requests, 7);
  assert.deepEqual(checkRoster(problem, roster), { feasible: true, violations: [] });
  assert.equal(formatRosterText(problem, roster), README_ROSTER);
  // Moving one shift changes the score by what the format says: B's Monday off costs B's on-request (3)
  // and leaves day 0 one short (100).
  const changed = roster.grid.map((r) => [...r]);
  const b = changed[1];
  if (b !== undefined) b[0] = -1;
  assert.equal(scoreRoster(problem, { grid: changed }).total, 608 + 3 + 100);
});

test('every instance parses and survives a write/read round trip', { skip: skipUnlessData('roster/curtois/Instance12.txt') }, () => {
  for (let i = 1; i <= 12; i++) {
    const problem = parseCurtois(readFileSync(dataPath(`roster/curtois/Instance${i}.txt`), 'utf8'), `Instance${i}`);
    assert.ok(problem.staff.length > 0 && problem.cover.length > 0);
    assert.deepEqual(parseCurtois(formatCurtois(problem), `Instance${i}`), problem);
  }
});

test('the importer rejects malformed input with a message', () => {
  assert.throws(() => parseCurtois('SECTION_HORIZON\nseven\n'), /horizon/);
  assert.throws(() => parseCurtois('A,1\n'), /before the first section/);
  assert.throws(() => parseCurtois('SECTION_HORIZON\n7\nSECTION_NOPE\n'), /unknown section/);
});

/** Two weeks from a Monday, shifts E and N (N may not be followed by E), one member with every rule set. */
const small: RosterProblem = {
  name: 'rules',
  days: 14,
  firstWeekday: 1,
  shifts: [
    { id: 'E', minutes: 480, startMinute: 360, forbiddenNext: [], night: false },
    { id: 'N', minutes: 480, startMinute: 1320, forbiddenNext: ['E'], night: true },
  ],
  staff: [
    {
      id: 'A',
      qualifications: [],
      rules: {
        maxShifts: { N: 3 },
        minMinutes: 4 * 480,
        maxMinutes: 9 * 480,
        maxConsecutiveShifts: 4,
        minConsecutiveShifts: 2,
        minConsecutiveDaysOff: 2,
        maxWeekends: 1,
        maxConsecutiveNights: 2,
        daysOff: [10],
        unavailable: [{ day: 12, shift: 'N' }],
      },
    },
  ],
  onRequests: [],
  offRequests: [],
  cover: [],
  fairness: [],
};

const rulesOf = (row: string): HardRule[] => checkRoster(small, parseRosterText(small, `A: ${row}`)).violations.map((v) => v.rule);

test('the feasibility checker catches each hard rule', () => {
  assert.deepEqual(rulesOf('E E E . . . . E E . . E E .'), []);
  // Runs cut by the horizon's edges are exempt from the minimums.
  assert.deepEqual(rulesOf('E . . E E . . . E E . . E E'), []);
  const cases: [HardRule, string][] = [
    ['day-off', 'E E E . . . . E E . E E E .'],
    ['shift-not-allowed', 'E E E . . . . E E . . E N .'],
    ['forbidden-succession', 'N E E . . . . E E . . E E .'],
    ['max-shifts', 'N N . . . . . N N . . E E .'],
    ['max-minutes', 'E E E E . . E E E E . E E .'],
    ['min-minutes', 'E E . . . . . . . . . . . .'],
    ['max-consecutive-shifts', 'E E E E E . . E E . . E E .'],
    ['min-consecutive-shifts', 'E E E . . . . E . . . E E .'],
    ['min-consecutive-days-off', 'E E . E E . . E E . . E E .'],
    ['max-weekends', 'E E E . . E E . . . . E E .'],
    ['max-consecutive-nights', 'N N N . . . . E E . . E E .'],
  ];
  for (const [rule, row] of cases) assert.ok(rulesOf(row).includes(rule), `${rule} not reported for "${row}": ${rulesOf(row).join(', ')}`);
  assert.deepEqual(
    checkRoster(small, { grid: [[0, 0, 0]] }).violations.map((v) => v.rule),
    ['roster-shape'],
  );
  const twoShifts = checkAssignments(small, [
    { staff: 'A', day: 0, shift: 'E' },
    { staff: 'A', day: 0, shift: 'N' },
  ]);
  assert.ok(twoShifts.violations.some((v) => v.rule === 'one-shift-a-day'));
  const covered = new Set(cases.map(([r]) => r));
  for (const rule of HARD_RULES) assert.ok(covered.has(rule) || rule === 'roster-shape' || rule === 'one-shift-a-day', `no case for ${rule}`);
});
