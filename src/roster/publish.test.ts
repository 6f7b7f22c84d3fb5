import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coverageReport } from './coverage.ts';
import { analystCalendar, escapeText, foldLine, shiftUid, teamCalendar } from './ical.ts';
import { nextChangeAfter, onDutyAt } from './on-duty.ts';
import type { HourNeed, PublishedRoster, ShiftAssignment } from './published-roster.ts';
import { buildSocPlan } from './soc-model.ts';
import { teamSpecSchema } from './soc-spec.ts';
import { checkEdits } from './swaps.ts';

const shift = (analyst: string, tier: string, date: string, name: string, start: string, end: string, night = false): ShiftAssignment => ({
  analyst,
  tier,
  site: 'main',
  date,
  shift: name,
  start,
  end,
  night,
});

// Friday 29 March 2024 is Good Friday in England.
const roster: PublishedRoster = {
  team: 'Blue; team, 1',
  zone: 'Europe/London',
  from: '2024-03-28T00:00:00.000Z',
  to: '2024-03-30T00:00:00.000Z',
  assignments: [
    shift('ann', 't1', '2024-03-28', 'E', '2024-03-28T06:00:00.000Z', '2024-03-28T14:00:00.000Z'),
    shift('bob', 't2', '2024-03-28', 'E', '2024-03-28T06:00:00.000Z', '2024-03-28T14:00:00.000Z'),
    shift('cat', 't1', '2024-03-28', 'L', '2024-03-28T14:00:00.000Z', '2024-03-28T22:00:00.000Z'),
    shift('dan', 't1', '2024-03-28', 'N', '2024-03-28T22:00:00.000Z', '2024-03-29T06:00:00.000Z', true),
    shift('ann', 't1', '2024-03-29', 'E', '2024-03-29T06:00:00.000Z', '2024-03-29T14:00:00.000Z'),
  ],
};

const needs: HourNeed[] = Array.from({ length: 48 }, (_, h) => ({
  hour: new Date(Date.parse('2024-03-28T00:00:00.000Z') + h * 3_600_000).toISOString(),
  needs: { t1: 1, t2: (h >= 6 && h < 14) || (h >= 30 && h < 38) ? 1 : 0 },
}));

test('coverage: understaffed hours, deficit, nobody qualified, and the off-hours and holiday split', () => {
  const c = coverageReport(roster, needs, { zone: 'Europe/London', holidays: { country: 'GB', state: 'ENG' } });
  assert.equal(c.totalHours, 48);
  // t1 uncovered: 00–06 on the 28th and 14:00 on the 29th onwards (10 h) → 16 h; t2 on the 29th 06–14 → 8 h.
  assert.equal(c.byTier['t1']?.deficitAnalystHours, 16);
  assert.equal(c.byTier['t2']?.deficitAnalystHours, 8);
  assert.equal(c.deficitAnalystHours, 24);
  assert.equal(c.understaffedHours, 24);
  assert.equal(c.noneQualifiedHours, 24);
  assert.equal(c.uncoveredHours, 16);
  // Good Friday is a holiday all day (London is on GMT until the 31st); Thursday has 10 business hours.
  assert.equal(c.byBand.holiday.hours, 24);
  assert.equal(c.byBand.holiday.deficitAnalystHours, 18);
  assert.equal(c.byBand.business.hours, 10);
  assert.equal(c.byBand.business.deficitAnalystHours, 0);
  assert.equal(c.byBand['off-hours'].deficitAnalystHours, 6);
});

test('who is on duty at a time, and when that changes', () => {
  assert.deepEqual(onDutyAt(roster, '2024-03-28T07:30:00Z').map((d) => d.analyst), ['ann', 'bob']);
  assert.deepEqual(onDutyAt(roster, '2024-03-28T07:30:00Z', { tiers: ['t2'] }).map((d) => d.analyst), ['bob']);
  assert.deepEqual(onDutyAt(roster, '2024-03-28T14:00:00Z').map((d) => d.analyst), ['cat']);
  assert.deepEqual(onDutyAt(roster, new Date('2024-03-29T03:00:00Z')).map((d) => d.end), ['2024-03-29T06:00:00.000Z']);
  assert.deepEqual(onDutyAt(roster, '2024-03-29T20:00:00Z'), []);
  assert.equal(nextChangeAfter(roster, '2024-03-28T07:30:00Z'), '2024-03-28T14:00:00.000Z');
  assert.equal(nextChangeAfter(roster, '2024-03-29T20:00:00Z'), null);
  assert.throws(() => onDutyAt(roster, 'not a time'));
});

test('iCal: escaping, folding at 75 octets, UTC times and stable UIDs', () => {
  assert.equal(escapeText('a;b,c\\d\ne'), 'a\\;b\\,c\\\\d\\ne');
  const long = `DESCRIPTION:${'é'.repeat(60)}`;
  const folded = foldLine(long);
  for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line of ${Buffer.byteLength(line, 'utf8')} octets`);
  assert.equal(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join(''), long);
  const now = new Date('2024-03-01T12:00:00Z');
  const ann = analystCalendar(roster, 'ann', { now });
  assert.ok(ann.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n') && ann.endsWith('END:VCALENDAR\r\n'));
  assert.equal(ann.split('BEGIN:VEVENT').length - 1, 2);
  assert.match(ann, /DTSTART:20240328T060000Z\r\nDTEND:20240328T140000Z/);
  assert.match(ann, /DTSTAMP:20240301T120000Z/);
  assert.match(ann, /X-WR-CALNAME:Blue\\; team\\, 1: ann/);
  assert.ok(!/[^\r]\n/.test(ann), 'every line ends with CRLF');
  // The same shift keeps its UID when the roster is published again; another shift gets another one.
  const first = roster.assignments[0];
  const second = roster.assignments[4];
  assert.ok(first !== undefined && second !== undefined);
  assert.equal(shiftUid(roster.team, first), shiftUid(roster.team, { ...first, start: '2024-03-28T07:00:00.000Z' }));
  assert.notEqual(shiftUid(roster.team, first), shiftUid(roster.team, second));
  assert.equal(teamCalendar(roster, { now }).split('BEGIN:VEVENT').length - 1, 5);
  assert.equal(analystCalendar(roster, 'nobody', { now }).includes('VEVENT'), false);
});

test('swaps and overrides are checked against the rules, naming the rule they would break', () => {
  const spec = teamSpecSchema.parse({
    name: 'swap team',
    zone: 'UTC',
    start: '2024-04-01',
    weeks: 1,
    tiers: ['t1', 't2'],
    shifts: [
      { id: 'E', start: '06:00', hours: 8 },
      { id: 'N', start: '22:00', hours: 8 },
    ],
    analysts: [
      { id: 'ann', tier: 't1', timeOff: ['2024-04-05'] },
      { id: 'bob', tier: 't1' },
      { id: 'cy', tier: 't2' },
    ],
    rules: { minRestHours: 11, maxConsecutiveShifts: 3, minDaysOffInRow: 1, contractToleranceHours: 40 },
    coverage: [{ tier: 't2', min: 1, fromHour: 6, toHour: 14 }],
  });
  const plan = buildSocPlan(spec);
  // ann: N Mon; bob: E Mon–Wed; cy: E Mon.
  const grid = [
    [1, -1, -1, -1, -1, -1, -1],
    [0, 0, 0, -1, -1, -1, -1],
    [0, -1, -1, -1, -1, -1, -1],
  ];
  const roster = { grid };
  // ann taking bob's Tuesday E right after her Monday night breaks the minimum rest (N → E).
  const give = checkEdits(plan, roster, [{ kind: 'give', from: 'bob', to: 'ann', date: '2024-04-02' }]);
  assert.equal(give.ok, false);
  assert.deepEqual(give.broken.map((v) => v.rule), ['forbidden-succession']);
  // Friday is ann's time off.
  assert.deepEqual(checkEdits(plan, roster, [{ kind: 'assign', analyst: 'ann', date: '2024-04-05', shift: 'E' }]).broken.map((v) => v.rule), ['day-off']);
  // A fourth day in a row for bob.
  assert.deepEqual(checkEdits(plan, roster, [{ kind: 'assign', analyst: 'bob', date: '2024-04-04', shift: 'E' }]).broken.map((v) => v.rule), ['max-consecutive-shifts']);
  // Swapping cy (t2) out of Monday's E for ann breaks no rule but opens a t2 gap of 8 analyst-hours.
  const swap = checkEdits(plan, roster, [{ kind: 'swap', a: 'ann', b: 'cy', date: '2024-04-01' }]);
  assert.equal(swap.ok, true);
  assert.equal(swap.deficitChange, 8);
  assert.deepEqual(swap.roster.grid[0]?.slice(0, 2), [0, -1]);
  assert.deepEqual(swap.roster.grid[2]?.slice(0, 2), [1, -1]);
  assert.throws(() => checkEdits(plan, roster, [{ kind: 'give', from: 'ann', to: 'bob', date: '2024-04-03' }]), /no shift/);
  assert.throws(() => checkEdits(plan, roster, [{ kind: 'unassign', analyst: 'zed', date: '2024-04-03' }]), /unknown analyst/);
});
