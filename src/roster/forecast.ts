import { DateTime } from 'luxon';
import { userError } from '../core/errors.ts';
import { holidayCalendar, type HolidayCalendar, type HolidayRegion } from './holidays.ts';

/**
 * Alert-volume forecast per hour of the week, in the tenant's time zone. Method: a weekly level with a damped
 * trend (Holt) times a 168-hour seasonal shape, both updated by exponential smoothing week after week (Holt-
 * Winters, multiplicative season). Public holidays are kept out of the weekly shape and get their own 24-hour
 * shape, which starts as Sunday's (holidays behave like weekends) and moves towards the holidays actually
 * seen in the history as more of them are observed. Handling work is forecast as alerts × the smoothed mean
 * handling time of that hour of the week. The smoothing constants are chosen on the training weeks only;
 * the error is measured on held-out final weeks, next to a seasonal-naive baseline (same hour last week).
 */
export interface HourlyObservation {
  /** Start of the hour (ISO 8601 with offset, or a Date). */
  readonly hour: string | Date;
  readonly alerts: number;
  /** Total handling work in that hour, seconds (optional). */
  readonly handlingSeconds?: number;
}

export interface ForecastOptions {
  /** IANA time zone of the SOC's tenant, e.g. `Europe/London`. */
  readonly zone: string;
  readonly holidays?: HolidayRegion | null;
  /** Weeks to forecast. */
  readonly weeks: number;
  /** First forecast hour (ISO; local to `zone` when it has no offset); default: the hour after the last observation. */
  readonly from?: string;
  /** Final weeks held out to measure the error; default min(4, a quarter of the history). */
  readonly holdoutWeeks?: number;
  /** Mean handling seconds per alert when the history has none. */
  readonly defaultHandlingSeconds?: number;
}

export interface ForecastHour {
  /** UTC start of the hour. */
  readonly start: string;
  readonly local: string;
  /** 0 = Monday 00:00 … 167 = Sunday 23:00, local time. */
  readonly hourOfWeek: number;
  readonly holiday: string | null;
  readonly alerts: number;
  /** Expected handling work, seconds. */
  readonly workSeconds: number;
}

export interface ForecastError {
  readonly weeks: number;
  readonly hours: number;
  readonly mae: number;
  /** Mean absolute percentage error over hours with at least one alert. */
  readonly mape: number;
  /** Σ|error| / Σ actual. */
  readonly wape: number;
  /** Σ(forecast − actual) / Σ actual. */
  readonly bias: number;
  readonly baseline: { readonly mae: number; readonly wape: number };
}

export interface SmoothingParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

export interface Forecast {
  readonly hours: readonly ForecastHour[];
  readonly weeklyShape: readonly number[];
  readonly holidayShape: readonly number[];
  readonly holidayDaysSeen: number;
  readonly level: number;
  readonly trend: number;
  readonly params: SmoothingParams;
  readonly error: ForecastError | null;
  readonly method: string;
}

interface Point {
  readonly week: number;
  readonly how: number;
  readonly hod: number;
  readonly holiday: boolean;
  readonly alerts: number;
  readonly work: number | null;
}

interface Model {
  level: number;
  trend: number;
  shape: number[];
  /** Σ and count of alerts/level per hour of day over holiday hours seen (a plain mean: holidays are rare). */
  holidaySum: number[];
  holidayCount: number[];
  holidayDays: number;
  aht: number[];
  ahtWeight: number[];
  oneStepAbs: number;
  oneStepActual: number;
}

const HOURS = 168;
const SUNDAY = 6 * 24;

function toPoints(observations: readonly HourlyObservation[], zone: string, calendar: HolidayCalendar): { points: Point[]; firstMonday: DateTime } {
  const locals = observations.map((o) => {
    const t = typeof o.hour === 'string' ? DateTime.fromISO(o.hour, { setZone: true }) : DateTime.fromJSDate(o.hour);
    if (!t.isValid) throw userError('forecast_bad_hour', `not a valid time: ${String(o.hour)}`);
    return { local: t.setZone(zone), o };
  });
  if (locals.length === 0) throw userError('forecast_no_data', 'the hourly series is empty');
  locals.sort((a, b) => a.local.toMillis() - b.local.toMillis());
  const first = locals[0]?.local ?? DateTime.now();
  const firstMonday = first.startOf('day').minus({ days: first.weekday - 1 });
  const points = locals.map(({ local, o }) => {
    const monday = local.startOf('day').minus({ days: local.weekday - 1 });
    return {
      week: Math.round(monday.diff(firstMonday, 'days').days / 7),
      how: (local.weekday - 1) * 24 + local.hour,
      hod: local.hour,
      holiday: calendar.holidayOn(local.toISODate() ?? '') !== null,
      alerts: o.alerts,
      work: o.handlingSeconds ?? null,
    };
  });
  return { points, firstMonday };
}

/** Runs the smoothing through weeks [0, weeks) of the points. */
function fit(points: readonly Point[], weeks: number, p: SmoothingParams): Model {
  const byWeek: Point[][] = Array.from({ length: weeks }, () => []);
  for (const pt of points) if (pt.week < weeks) byWeek[pt.week]?.push(pt);
  const normal = points.filter((pt) => pt.week < weeks && !pt.holiday);
  const mean = normal.reduce((a, pt) => a + pt.alerts, 0) / Math.max(1, normal.length);
  const model: Model = {
    level: mean,
    trend: 0,
    shape: Array.from({ length: HOURS }, () => 1),
    holidaySum: Array.from({ length: 24 }, () => 0),
    holidayCount: Array.from({ length: 24 }, () => 0),
    holidayDays: 0,
    aht: Array.from({ length: HOURS }, () => 0),
    ahtWeight: Array.from({ length: HOURS }, () => 0),
    oneStepAbs: 0,
    oneStepActual: 0,
  };
  // Initial shape: the average of the first two weeks relative to their mean.
  const sums = new Float64Array(HOURS);
  const counts = new Float64Array(HOURS);
  for (const pt of normal) {
    if (pt.week > 1) continue;
    sums[pt.how] = (sums[pt.how] ?? 0) + pt.alerts;
    counts[pt.how] = (counts[pt.how] ?? 0) + 1;
  }
  const startMean = Math.max(1e-9, [...sums].reduce((a, b) => a + b, 0) / Math.max(1, [...counts].reduce((a, b) => a + b, 0)));
  model.shape = model.shape.map((_, h) => ((counts[h] ?? 0) > 0 ? (sums[h] ?? 0) / (counts[h] ?? 1) / startMean : 1));
  model.level = startMean;
  const holidayDays = new Set<string>();
  for (let w = 0; w < weeks; w++) {
    const obs = byWeek[w] ?? [];
    const predicted = model.level + p.phi * model.trend;
    const normalObs = obs.filter((pt) => !pt.holiday);
    if (w >= 2) {
      for (const pt of obs) {
        const f = predicted * (pt.holiday ? holidayFactor(model, pt.hod) : (model.shape[pt.how] ?? 1));
        model.oneStepAbs += Math.abs(f - pt.alerts);
        model.oneStepActual += pt.alerts;
      }
    }
    const shapeSum = normalObs.reduce((a, pt) => a + (model.shape[pt.how] ?? 1), 0);
    if (normalObs.length >= 24 && shapeSum > 0) {
      const observedLevel = normalObs.reduce((a, pt) => a + pt.alerts, 0) / shapeSum;
      const level = p.alpha * observedLevel + (1 - p.alpha) * predicted;
      model.trend = p.beta * (level - model.level) + (1 - p.beta) * p.phi * model.trend;
      model.level = level;
    }
    const level = Math.max(1e-9, model.level);
    for (const pt of obs) {
      if (pt.holiday) {
        const key = `${w}:${Math.floor(pt.how / 24)}`;
        holidayDays.add(key);
        model.holidaySum[pt.hod] = (model.holidaySum[pt.hod] ?? 0) + pt.alerts / level;
        model.holidayCount[pt.hod] = (model.holidayCount[pt.hod] ?? 0) + 1;
      } else {
        model.shape[pt.how] = p.gamma * (pt.alerts / level) + (1 - p.gamma) * (model.shape[pt.how] ?? 1);
      }
      if (pt.work !== null && pt.alerts > 0) {
        const aht = pt.work / pt.alerts;
        const wgt = model.ahtWeight[pt.how] ?? 0;
        model.aht[pt.how] = ((model.aht[pt.how] ?? 0) * wgt + aht * pt.alerts) / (wgt + pt.alerts);
        model.ahtWeight[pt.how] = wgt + pt.alerts;
      }
    }
    // Keep the shape's mean at 1 so the level stays "alerts per hour".
    const shapeMean = model.shape.reduce((a, b) => a + b, 0) / HOURS;
    if (shapeMean > 0) model.shape = model.shape.map((s) => s / shapeMean);
  }
  model.holidayDays = holidayDays.size;
  return model;
}

/** Holiday factor for an hour of the day: Sunday's shape, moved towards the mean of the holidays seen (n/(n+2)). */
function holidayFactor(model: Model, hod: number): number {
  const prior = model.shape[SUNDAY + hod] ?? 1;
  const seen = model.holidayCount[hod] ?? 0;
  if (seen === 0) return prior;
  const w = seen / (seen + 2);
  return w * ((model.holidaySum[hod] ?? 0) / seen) + (1 - w) * prior;
}

const GRID: SmoothingParams[] = [0.1, 0.3, 0.5].flatMap((alpha) =>
  [0, 0.1].flatMap((beta) => [0.05, 0.15, 0.3].map((gamma) => ({ alpha, beta, gamma, phi: 0.9 }))),
);

/** Smoothing constants with the least one-step-ahead weekly error on the given weeks. */
function chooseParams(points: readonly Point[], weeks: number): SmoothingParams {
  let best = GRID[0] ?? { alpha: 0.3, beta: 0, gamma: 0.15, phi: 0.9 };
  let bestError = Number.POSITIVE_INFINITY;
  for (const p of GRID) {
    const m = fit(points, weeks, p);
    const e = m.oneStepActual > 0 ? m.oneStepAbs / m.oneStepActual : Number.POSITIVE_INFINITY;
    if (e < bestError - 1e-12) {
      bestError = e;
      best = p;
    }
  }
  return best;
}

function predict(model: Model, weeksAhead: number, how: number, holiday: boolean, phi: number): number {
  let damp = 0;
  for (let k = 1; k <= weeksAhead; k++) damp += phi ** k;
  const level = Math.max(0, model.level + damp * model.trend);
  return level * (holiday ? holidayFactor(model, how % 24) : (model.shape[how] ?? 1));
}

function measure(points: readonly Point[], trainWeeks: number, holdout: number): ForecastError | null {
  if (trainWeeks < 3 || holdout < 1) return null;
  const params = chooseParams(points, trainWeeks);
  const model = fit(points, trainWeeks, params);
  const lastWeek = new Map<number, number>();
  for (const pt of points) if (pt.week === trainWeeks - 1) lastWeek.set(pt.how, pt.alerts);
  let abs = 0;
  let signed = 0;
  let actual = 0;
  let apeSum = 0;
  let apeCount = 0;
  let baseAbs = 0;
  let hours = 0;
  for (const pt of points) {
    if (pt.week < trainWeeks || pt.week >= trainWeeks + holdout) continue;
    const f = predict(model, pt.week - trainWeeks + 1, pt.how, pt.holiday, params.phi);
    abs += Math.abs(f - pt.alerts);
    signed += f - pt.alerts;
    actual += pt.alerts;
    baseAbs += Math.abs((lastWeek.get(pt.how) ?? 0) - pt.alerts);
    if (pt.alerts > 0) {
      apeSum += Math.abs(f - pt.alerts) / pt.alerts;
      apeCount++;
    }
    hours++;
  }
  if (hours === 0) return null;
  return {
    weeks: holdout,
    hours,
    mae: abs / hours,
    mape: apeCount > 0 ? apeSum / apeCount : Number.NaN,
    wape: actual > 0 ? abs / actual : Number.NaN,
    bias: actual > 0 ? signed / actual : Number.NaN,
    baseline: { mae: baseAbs / hours, wape: actual > 0 ? baseAbs / actual : Number.NaN },
  };
}

export function forecastAlerts(observations: readonly HourlyObservation[], options: ForecastOptions): Forecast {
  if (!DateTime.local().setZone(options.zone).isValid) throw userError('forecast_bad_zone', `unknown time zone "${options.zone}"`);
  const calendar = holidayCalendar(options.holidays);
  const { points } = toPoints(observations, options.zone, calendar);
  const weeks = Math.max(...points.map((p) => p.week)) + 1;
  const holdout = options.holdoutWeeks ?? Math.min(4, Math.floor(weeks / 4));
  const error = measure(points, weeks - holdout, holdout);
  const params = chooseParams(points, weeks);
  const model = fit(points, weeks, params);
  const totalWork = observations.reduce((a, o) => a + (o.handlingSeconds ?? 0), 0);
  const totalAlerts = observations.filter((o) => o.handlingSeconds !== undefined).reduce((a, o) => a + o.alerts, 0);
  const meanAht = totalAlerts > 0 ? totalWork / totalAlerts : (options.defaultHandlingSeconds ?? 0);

  const lastObserved = observations.reduce((max, o) => {
    const t = typeof o.hour === 'string' ? DateTime.fromISO(o.hour, { setZone: true }) : DateTime.fromJSDate(o.hour);
    return t.toMillis() > max ? t.toMillis() : max;
  }, Number.NEGATIVE_INFINITY);
  // A start without an offset is local time in the SOC's zone.
  const start = options.from !== undefined ? DateTime.fromISO(options.from, { zone: options.zone, setZone: true }) : DateTime.fromMillis(lastObserved).plus({ hours: 1 });
  if (!start.isValid) throw userError('forecast_bad_start', `not a valid time: ${options.from ?? ''}`);
  const lastLocal = DateTime.fromMillis(lastObserved).setZone(options.zone);
  const lastMonday = lastLocal.startOf('day').minus({ days: lastLocal.weekday - 1 });
  const hours: ForecastHour[] = [];
  for (let i = 0; i < options.weeks * HOURS; i++) {
    const utc = start.toUTC().startOf('hour').plus({ hours: i });
    const local = utc.setZone(options.zone);
    const how = (local.weekday - 1) * 24 + local.hour;
    const holiday = calendar.holidayOn(local.toISODate() ?? '');
    const monday = local.startOf('day').minus({ days: local.weekday - 1 });
    const ahead = Math.max(1, Math.round(monday.diff(lastMonday, 'days').days / 7));
    const alerts = predict(model, ahead, how, holiday !== null, params.phi);
    const aht = (model.ahtWeight.at(how) ?? 0) > 0 ? (model.aht.at(how) ?? meanAht) : meanAht;
    hours.push({ start: utc.toISO(), local: local.toISO() ?? '', hourOfWeek: how, holiday, alerts, workSeconds: alerts * aht });
  }
  return {
    hours,
    weeklyShape: model.shape,
    holidayShape: Array.from({ length: 24 }, (_, h) => holidayFactor(model, h)),
    holidayDaysSeen: model.holidayDays,
    level: model.level,
    trend: model.trend,
    params,
    error,
    method: 'Holt-Winters (weekly level with damped trend × 168-hour multiplicative shape), holiday shape shrunk to Sunday',
  };
}
