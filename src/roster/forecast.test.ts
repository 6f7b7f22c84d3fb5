import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { forecastAlerts, type HourlyObservation } from './forecast.ts';
import { holidayCalendar } from './holidays.ts';
import { rng } from './neighbourhoods.ts';

const zone = 'Europe/London';
const region = { country: 'GB', state: 'ENG' };

function poisson(random: () => number, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = random();
  while (u > s) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

/** Hourly alerts: 20/h in business hours, 5/h at night, 6/h at weekends and on `quiet` days; growth per week. */
function series(from: string, to: string, seed: number, quiet: (date: string) => boolean, growth = 0): HourlyObservation[] {
  const random = rng(seed);
  const out: HourlyObservation[] = [];
  const start = DateTime.fromISO(from, { zone });
  for (let t = start; t < DateTime.fromISO(to, { zone }); t = t.plus({ hours: 1 })) {
    const week = Math.floor(t.diff(start, 'days').days / 7);
    const offDay = t.weekday >= 6 || quiet(t.toISODate() ?? '');
    const mean = (offDay ? 6 : t.hour >= 8 && t.hour < 18 ? 20 : 5) * (1 + growth * week);
    const n = poisson(random, mean);
    out.push({ hour: t.toUTC().toISO() ?? '', alerts: n, handlingSeconds: n * 600 });
  }
  return out;
}

test('the forecast beats the seasonal-naive baseline on held-out weeks and reports its error', () => {
  const calendar = holidayCalendar(region);
  const history = series('2024-01-08', '2024-04-29', 3, (d) => calendar.holidayOn(d) !== null);
  const f = forecastAlerts(history, { zone, holidays: region, weeks: 2 });
  assert.ok(f.error !== null);
  assert.equal(f.error.weeks, 4);
  assert.ok(f.error.hours >= 4 * 168 - 2, `hours ${f.error.hours}`);
  assert.ok(f.error.wape < f.error.baseline.wape, `WAPE ${f.error.wape} vs naive ${f.error.baseline.wape}`);
  // Poisson noise alone gives a WAPE of about 0.25 at these rates; the model should be close to it.
  assert.ok(f.error.wape < 0.3, `WAPE ${f.error.wape}`);
  assert.ok(Math.abs(f.error.bias) < 0.05, `bias ${f.error.bias}`);
  assert.equal(f.hours.length, 2 * 168);
  const tuesday10 = f.hours.find((h) => h.local.startsWith('2024-04-30T10:00'));
  assert.ok(tuesday10 !== undefined && Math.abs(tuesday10.alerts - 20) < 3, `Tuesday 10:00 ${tuesday10?.alerts}`);
  assert.ok(Math.abs((tuesday10?.workSeconds ?? 0) / (tuesday10?.alerts ?? 1) - 600) < 1e-6, 'handling time per alert');
});

test('holidays are forecast like weekends when the history has none, and follow the data when it has them', () => {
  // History without any holiday (Jan–Mar 2023 has none in England after New Year), forecast over Easter 2023.
  const plain = series('2023-01-09', '2023-04-03', 5, () => false);
  const f = forecastAlerts(plain, { zone, holidays: region, weeks: 2, holdoutWeeks: 0 });
  assert.equal(f.holidayDaysSeen, 0);
  const goodFriday = f.hours.filter((h) => h.local.startsWith('2023-04-07T1'));
  assert.ok(goodFriday.every((h) => h.holiday === 'Good Friday'));
  const thursday = f.hours.filter((h) => h.local.startsWith('2023-04-06T1'));
  const mean = (hs: typeof goodFriday): number => hs.reduce((a, h) => a + h.alerts, 0) / hs.length;
  assert.ok(mean(goodFriday) < 9 && mean(thursday) > 15, `Good Friday ${mean(goodFriday)} vs Thursday ${mean(thursday)}`);

  // Now a SOC where holidays are as busy as working days: the holiday shape moves towards the data.
  const busy = series('2023-01-09', '2024-05-06', 7, () => false);
  const g = forecastAlerts(busy, { zone, holidays: region, weeks: 1, from: '2024-05-06T00:00:00+01:00', holdoutWeeks: 0 });
  assert.ok(g.holidayDaysSeen >= 8, `holidays seen ${g.holidayDaysSeen}`);
  const bankHoliday = g.hours.filter((h) => h.local.startsWith('2024-05-06T1'));
  assert.ok(bankHoliday.every((h) => h.holiday !== null));
  assert.ok(mean(bankHoliday) > 12, `busy bank holiday forecast ${mean(bankHoliday)}`);
});

test('hours of the week follow the local clock across daylight saving changes', () => {
  const history = series('2024-02-05', '2024-04-29', 9, () => false);
  const f = forecastAlerts(history, { zone, weeks: 2, from: '2024-10-21T00:00:00+01:00', holdoutWeeks: 0 });
  // 27 October 2024: clocks go back in London; local 10:00 is 10:00Z after it and 09:00Z before.
  const before = f.hours.find((h) => h.start === '2024-10-25T09:00:00.000Z');
  const after = f.hours.find((h) => h.start === '2024-10-28T10:00:00.000Z');
  assert.equal(before?.hourOfWeek, 4 * 24 + 10);
  assert.equal(after?.hourOfWeek, 10);
  assert.throws(() => forecastAlerts(history, { zone: 'Mars/Base', weeks: 1 }), /time zone/);
  assert.throws(() => forecastAlerts([], { zone, weeks: 1 }), /empty/);
});

test('a trend in the volume is carried forward', () => {
  const growing = series('2024-01-08', '2024-04-29', 4, () => false, 0.05);
  const f = forecastAlerts(growing, { zone, weeks: 4, holdoutWeeks: 0 });
  const weekly = [0, 1, 2, 3].map((w) => f.hours.slice(w * 168, (w + 1) * 168).reduce((a, h) => a + h.alerts, 0));
  assert.ok((weekly[3] ?? 0) > (weekly[0] ?? 0), `weekly totals ${weekly.join(', ')}`);
});
