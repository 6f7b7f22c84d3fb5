import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { compileProblem } from './compiled-problem.ts';
import { coverageReport } from './coverage.ts';
import { fairnessReport, gini, maxMinusMin } from './fairness.ts';
import { highsRuntime } from './highs-mip.ts';
import { constructGreedy } from './lns.ts';
import { rng } from './neighbourhoods.ts';
import { hourKey, type HourNeed, type PublishedRoster } from './published-roster.ts';
import { checkCompiled } from './roster-check.ts';
import { buildRosterMilp } from './roster-milp.ts';
import { scoreCompiled } from './roster-score.ts';
import { searchRoster } from './roster-search.ts';
import { buildSocPlan, publishRoster } from './soc-model.ts';
import { teamSpecSchema, type TeamSpec } from './soc-spec.ts';

const HOUR = 3_600_000;

/** A random small team: 1–2 weeks, 8- or 12-hour shifts, 2–3 tiers, random rules, time off and wishes. */
function randomTeam(seed: number): TeamSpec {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const twelve = random() < 0.4;
  const tiers = random() < 0.5 ? ['t1', 't2'] : ['t1', 't2', 't3'];
  const weeks = pick([1, 2]);
  const start = DateTime.fromISO('2024-03-18').plus({ days: Math.floor(random() * 14) });
  const dates = Array.from({ length: weeks * 7 }, (_, d) => start.plus({ days: d }).toISODate() ?? '');
  const analysts = Array.from({ length: 4 + Math.floor(random() * 4) }, (_, i) => ({
    id: `a${i}`,
    tier: tiers[i % tiers.length] ?? 't1',
    contractHoursPerWeek: pick([32, 40]),
    timeOff: random() < 0.3 ? [pick(dates)] : [],
    wishes: random() < 0.5 ? [{ date: pick(dates), off: random() < 0.7, weight: 1 + Math.floor(random() * 3) }] : [],
    past: { nights: Math.floor(random() * 4), weekends: Math.floor(random() * 3) },
  }));
  return teamSpecSchema.parse({
    name: `team ${seed}`,
    zone: pick(['Europe/London', 'America/New_York', 'Asia/Kolkata']),
    start: start.toISODate(),
    weeks,
    holidays: { country: 'GB', state: 'ENG' },
    tiers,
    shifts: twelve
      ? [{ id: 'D', start: '07:00', hours: 12 }, { id: 'N', start: '19:00', hours: 12 }]
      : [{ id: 'E', start: '06:00', hours: 8 }, { id: 'L', start: '14:00', hours: 8 }, { id: 'N', start: '22:00', hours: 8 }],
    analysts,
    rules: {
      minRestHours: pick([10, 11, 12]),
      maxConsecutiveShifts: pick([4, 5, 6]),
      minDaysOffInRow: pick([1, 2]),
      maxConsecutiveNights: pick([2, 3]),
      contractToleranceHours: twelve ? 16 : 8,
    },
    weights: { understaffed: 1000, overstaffed: 0, nights: 1, weekends: 1, holidays: 1, load: 0 },
  });
}

/** Needs a roster of this team is known to meet: what a feasible roster of it covers, less a random part. */
function coverableNeeds(spec: TeamSpec, seed: number): HourNeed[] {
  const plan = buildSocPlan(spec);
  const cp = compileProblem(plan.problem);
  const random = rng(seed);
  const grid = constructGreedy({ highs: null as never, cp, lm: buildRosterMilp(cp).model, random, integral: true, elapsed: () => 0 });
  const counts = new Map<string, Record<string, number>>();
  for (const a of publishRoster(plan, { grid }).assignments) {
    for (let t = Date.parse(a.start); t < Date.parse(a.end); t += HOUR) {
      const key = hourKey(t);
      const c = counts.get(key) ?? {};
      c[a.tier] = (c[a.tier] ?? 0) + 1;
      counts.set(key, c);
    }
  }
  return [...counts].map(([hour, c]) => ({ hour, needs: Object.fromEntries(Object.entries(c).map(([t, n]) => [t, random() < 0.5 ? n : Math.max(0, n - 1)])) }));
}

/** Independent checks of the published shifts against the spec (not through the model's own checker). */
function assertRulesHold(spec: TeamSpec, published: PublishedRoster, label: string): void {
  for (const a of spec.analysts) {
    const mine = published.assignments.filter((s) => s.analyst === a.id).sort((x, y) => x.start.localeCompare(y.start));
    for (const s of mine) assert.ok(!a.timeOff.includes(s.date), `${label}: ${a.id} works on time off ${s.date}`);
    assert.equal(new Set(mine.map((s) => s.date)).size, mine.length, `${label}: ${a.id} has two shifts on one day`);
    for (let i = 1; i < mine.length; i++) {
      const rest = (Date.parse(mine[i]?.start ?? '') - Date.parse(mine[i - 1]?.end ?? '')) / HOUR;
      assert.ok(rest >= spec.rules.minRestHours - 1e-9, `${label}: ${a.id} rests ${rest} h before ${mine[i]?.date}`);
    }
    let nights = 0;
    let run = 0;
    let previous: string | null = null;
    for (const s of mine) {
      const consecutive = previous !== null && DateTime.fromISO(s.date).diff(DateTime.fromISO(previous), 'days').days === 1;
      run = consecutive ? run + 1 : 1;
      nights = s.night ? (consecutive ? nights + 1 : 1) : 0;
      assert.ok(run <= spec.rules.maxConsecutiveShifts, `${label}: ${a.id} works ${run} days in a row`);
      assert.ok(nights <= spec.rules.maxConsecutiveNights, `${label}: ${a.id} works ${nights} nights in a row`);
      previous = s.date;
    }
    const hours = mine.reduce((h, s) => h + (Date.parse(s.end) - Date.parse(s.start)) / HOUR, 0);
    assert.ok(hours <= a.contractHoursPerWeek * spec.weeks + 1e-9, `${label}: ${a.id} works ${hours} h over contract`);
  }
}

test('property: random SOC teams get rosters where every hard rule holds, cover is met and fairness figures add up', async () => {
  const highs = await highsRuntime();
  for (let seed = 1; seed <= 6; seed++) {
    const base = randomTeam(seed);
    const needs = coverableNeeds(base, seed);
    const plan = buildSocPlan(base, { needs });
    const cp = compileProblem(plan.problem);
    const result = searchRoster(highs, cp, { timeLimit: 8, seed });
    const label = `seed ${seed} (${base.zone}, ${base.shifts.length} shifts, ${base.analysts.length} analysts)`;
    assert.deepEqual(checkCompiled(cp, { grid: result.grid }).violations, [], label);
    const published = publishRoster(plan, { grid: result.grid });
    assertRulesHold(base, published, label);

    // Coverage: the report agrees with the model's cover term, and a coverable need is covered.
    const coverage = coverageReport(published, plan.needs, { zone: base.zone, holidays: base.holidays });
    const score = scoreCompiled(cp, { grid: result.grid });
    assert.equal(coverage.deficitAnalystHours * base.weights.understaffed, score.coverUnder, `${label}: coverage vs score`);
    assert.equal(coverage.deficitAnalystHours, 0, `${label}: ${coverage.deficitAnalystHours} analyst-hours short though a covering roster exists`);
    assert.ok(result.objective >= result.bound - 1e-6, `${label}: objective below the bound`);

    // Fairness: recount nights and weekend shifts from the published shifts and recompute both figures.
    for (const figure of fairnessReport(plan.problem, { grid: result.grid })) {
      if (figure.metric !== 'nights' && figure.metric !== 'weekends') continue;
      for (const [analyst, value] of Object.entries(figure.roster)) {
        const shifts = published.assignments.filter((s) => s.analyst === analyst);
        const expected: number =
          figure.metric === 'nights' ? shifts.filter((s) => s.night).length : shifts.filter((s) => DateTime.fromISO(s.date, { zone: base.zone }).weekday >= 6).length;
        assert.equal(value, expected, `${label}: ${figure.metric} of ${analyst}`);
        const past: number = base.analysts.find((a) => a.id === analyst)?.past[figure.metric] ?? 0;
        assert.equal(figure.cumulative[analyst], expected + past, `${label}: cumulative ${figure.metric} of ${analyst}`);
      }
      const values = Object.values(figure.roster);
      let pairs = 0;
      for (const x of values) for (const y of values) pairs += Math.abs(x - y);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      assert.ok(Math.abs(figure.gini - (mean === 0 ? 0 : pairs / (2 * values.length ** 2 * mean))) < 1e-12, `${label}: Gini`);
      assert.equal(figure.maxMinusMin, Math.max(...values) - Math.min(...values));
    }
  }
});

test('Gini and max−min on known loads', () => {
  assert.equal(gini([3, 3, 3, 3]), 0);
  assert.equal(gini([0, 0, 0, 4]), 0.75);
  assert.equal(gini([]), 0);
  assert.ok(Math.abs(gini([1, 2, 3]) - 2 / 9) < 1e-12);
  assert.equal(maxMinusMin([2, 7, 4]), 5);
  assert.throws(() => gini([1, -1]));
});

test('the SOC model derives forbidden successions from minimum rest, night shifts and contract minutes', () => {
  const spec = randomTeam(3);
  const plan = buildSocPlan(teamSpecSchema.parse({ ...spec, shifts: [{ id: 'E', start: '06:00', hours: 8 }, { id: 'L', start: '14:00', hours: 8 }, { id: 'N', start: '22:00', hours: 8 }], rules: { ...spec.rules, minRestHours: 11 } }));
  const byId = Object.fromEntries(plan.problem.shifts.map((s) => [s.id, s]));
  assert.deepEqual([...(byId['N']?.forbiddenNext ?? [])].sort(), ['E', 'L']);
  assert.deepEqual(byId['L']?.forbiddenNext, ['E']);
  assert.deepEqual(byId['E']?.forbiddenNext, []);
  assert.deepEqual(plan.problem.shifts.map((s) => s.night), [false, false, true]);
  const member = plan.problem.staff[0];
  const analyst = spec.analysts[0];
  assert.ok(member !== undefined && analyst !== undefined);
  assert.ok(member.rules.maxMinutes <= analyst.contractHoursPerWeek * spec.weeks * 60);
});

test('follow-the-sun: each site works its own local shifts and together they cover the clock', async () => {
  const spec = teamSpecSchema.parse({
    name: 'sun',
    zone: 'UTC',
    start: '2024-06-03',
    weeks: 1,
    tiers: ['t1'],
    sites: [
      { id: 'syd', zone: 'Australia/Sydney' },
      { id: 'ldn', zone: 'Europe/London' },
      { id: 'nyc', zone: 'America/New_York' },
    ],
    shifts: [
      { id: 'SYD', start: '08:00', hours: 8, site: 'syd' },
      { id: 'LDN', start: '08:00', hours: 8, site: 'ldn' },
      { id: 'NYC', start: '12:00', hours: 8, site: 'nyc' },
    ],
    analysts: ['syd', 'ldn', 'nyc'].flatMap((site) => [0, 1, 2].map((i) => ({ id: `${site}${i}`, tier: 't1', site, contractHoursPerWeek: 24 }))),
    rules: { minDaysOffInRow: 1, maxConsecutiveShifts: 5, contractToleranceHours: 24 },
    coverage: [{ tier: 't1', min: 1 }],
    weights: { understaffed: 100, overstaffed: 0, nights: 0, weekends: 0, holidays: 0, load: 0 },
  });
  const plan = buildSocPlan(spec);
  // Sydney 08:00 (UTC+10 in June) is 22:00 UTC the day before; London 08:00 is 07:00 UTC; New York 12:00 is 16:00 UTC.
  assert.deepEqual([0, 1, 2].map((s) => new Date(plan.interval(1, s)[0]).toISOString().slice(11, 16)), ['22:00', '07:00', '16:00']);
  const cp = compileProblem(plan.problem);
  const bounds: number[] = [];
  const result = searchRoster(await highsRuntime(), cp, { timeLimit: 5, onBound: (b) => bounds.push(b) });
  assert.deepEqual(checkCompiled(cp, { grid: result.grid }).violations, []);
  assert.ok(bounds.length === 1 && (bounds[0] ?? Infinity) <= result.bound + 1e-9, `root bound ${bounds.join()} reported before the final ${result.bound}`);
  const published = publishRoster(plan, { grid: result.grid });
  for (const a of published.assignments) assert.equal(a.shift.toLowerCase(), a.site, `${a.analyst} works another site's shift`);
  // The sites cover 22:00–06:00, 07:00–15:00 and 16:00–24:00 UTC. With three analysts a site every site shift
  // of the week is staffed, so only 06:00 and 15:00 UTC stay open, every day.
  const coverage = coverageReport(published, plan.needs, { zone: 'UTC' });
  const gaps = new Set(coverage.hours.filter((h) => (h.deficit['t1'] ?? 0) > 0).map((h) => h.hour.slice(11, 13)));
  assert.deepEqual([...gaps].sort(), ['06', '15']);
  assert.equal(coverage.deficitAnalystHours, 7 * 2);
});
