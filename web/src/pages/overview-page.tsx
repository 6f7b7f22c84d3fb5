import { ApiError, describeError } from '../api/client.ts';
import type { CoreFigures, DurationStat, FigureSeries, FigureSet, HourBand, RateStat } from '../api/types.ts';
import { BAND_LABEL, HOUR_BANDS, TIER_LABEL, TIERS } from '../api/vocab.ts';
import { useApp, useLiveChanges } from '../app-context.ts';
import { LineChart } from '../components/line-chart.tsx';
import { useCoalesced } from '../lib/use-coalesced.ts';
import { formatDuration, formatRate } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { navigate, useLocation } from '../lib/router.ts';

type DurationKey = 'mttd' | 'mtta' | 'mttc' | 'mttr';
type RateKey = 'falsePositiveRate' | 'slaAcknowledge' | 'slaResolve';

interface FigureDef {
  readonly key: DurationKey | RateKey;
  readonly kind: 'duration' | 'rate';
  readonly name: string;
  readonly help: string;
  readonly better: 'lower' | 'higher';
}

const FIGURES: readonly FigureDef[] = [
  { key: 'mtta', kind: 'duration', name: 'MTTA · time to acknowledge', help: 'first human action − incident created', better: 'lower' },
  { key: 'mttr', kind: 'duration', name: 'MTTR · time to resolve', help: 'resolved with a verdict − incident created', better: 'lower' },
  { key: 'mttd', kind: 'duration', name: 'MTTD · time to detect', help: 'true positives: first detection − first malicious activity', better: 'lower' },
  { key: 'mttc', kind: 'duration', name: 'MTTC · time to contain', help: 'first containment step − incident created', better: 'lower' },
  { key: 'falsePositiveRate', kind: 'rate', name: 'False-positive rate', help: 'alerts closed by people as false positive', better: 'lower' },
  { key: 'slaAcknowledge', kind: 'rate', name: 'SLA: acknowledged in time', help: 'incidents acknowledged within their target', better: 'higher' },
  { key: 'slaResolve', kind: 'rate', name: 'SLA: resolved in time', help: 'incidents resolved within their target', better: 'higher' },
];

const RANGES = { '7': 7, '30': 30, '90': 90 } as const;
type RangeKey = keyof typeof RANGES;
const COLUMNS: readonly ('all' | HourBand)[] = ['all', ...HOUR_BANDS];

/** The core figures per hour band side by side (the off-hours gap is the point), with a chart each over time. */
export function OverviewPage() {
  const { api, tenant } = useApp();
  const { query } = useLocation();
  const rangeParam = query.get('days') ?? '30';
  const range: RangeKey = rangeParam in RANGES ? (rangeParam as RangeKey) : '30';
  const days = RANGES[range];

  const data = useResource(async (signal) => {
    // Whole days up to the end of today, so a figure recorded a second ago is inside the range.
    const to = new Date(Math.ceil((Date.now() + 1) / 86_400_000) * 86_400_000);
    const from = new Date(to.getTime() - days * 86_400_000);
    const span = { from: from.toISOString(), to: to.toISOString() };
    const [figures, series] = await Promise.all([
      api.get<CoreFigures>('/api/v1/metrics', span, signal),
      api.get<FigureSeries>('/api/v1/metrics/series', { ...span, bucket: days > 45 ? 'week' : 'day' }, signal).catch((error: unknown) => {
        // Charts are an extra: the figures stand on their own if the series cannot be had.
        if (error instanceof ApiError && error.status !== 401) return error;
        throw error;
      }),
    ]);
    return { figures, series };
  }, `${tenant.id}|${days}`);

  const { reload } = data;
  const refresh = useCoalesced(reload, 5_000);
  useLiveChanges((change) => {
    if (['closed', 'acknowledged', 'reopened', 'contained', 'created', 'assigned', 'status_changed', 'resync'].includes(change.type)) refresh();
  });

  if (data.error !== undefined && data.data === undefined) {
    return (
      <p className="inline-error" role="alert">
        Could not load the figures: {describeError(data.error)}
      </p>
    );
  }
  const figures = data.data?.figures;
  const series = data.data?.series;
  const labels = series === undefined || series instanceof ApiError ? [] : series.buckets.map((b) => b.start.slice(5, 10));
  return (
    <section className="overview" aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">Overview</h1>
        <label>
          Period
          <select value={range} onChange={(e) => { navigate(`/overview?days=${e.target.value}`, { replace: true }); }}>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
          </select>
        </label>
        {figures !== undefined && <p className="muted">{figures.all.incidents} incidents in the period</p>}
      </div>
      {series instanceof ApiError && <p className="banner warning">Charts over time are unavailable: {series.message}</p>}
      {figures === undefined ? (
        <p className="empty">Loading the figures…</p>
      ) : (
        <div className="figures">
          {FIGURES.map((f) => (
            <section key={f.key} className="panel figure" aria-labelledby={`fig-${f.key}`} data-figure={f.key}>
              <h2 id={`fig-${f.key}`}>{f.name}</h2>
              <p className="muted help">
                {f.help} · {f.better} is better
              </p>
              <table className="bands">
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <th key={c} scope="col">
                        {c === 'all' ? 'All hours' : BAND_LABEL[c]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {COLUMNS.map((c) => {
                      const set: FigureSet = c === 'all' ? figures.all : figures.bands[c];
                      return (
                        <td key={c} data-band={c}>
                          {f.kind === 'duration' ? <DurationCell stat={set[f.key as DurationKey]} /> : <RateCell stat={set[f.key as RateKey]} />}
                        </td>
                      );
                    })}
                  </tr>
                </tbody>
              </table>
              {series !== undefined && !(series instanceof ApiError) && series.buckets.length > 0 && (
                <>
                  <LineChart
                    labels={labels}
                    format={f.kind === 'duration' ? (v) => formatDuration(v) : (v) => formatRate(v)}
                    summary={`${f.name} per ${days > 45 ? 'week' : 'day'}, by hour band`}
                    series={HOUR_BANDS.map((band) => ({
                      label: BAND_LABEL[band],
                      className: `series-${band}`,
                      values: series.buckets.map((b) => (f.kind === 'duration' ? b.bands[band][f.key as DurationKey].median : b.bands[band][f.key as RateKey].rate)),
                    }))}
                  />
                  <p className="legend" aria-hidden="true">
                    {HOUR_BANDS.map((b) => (
                      <span key={b} className={`legend-item series-${b}`}>
                        {BAND_LABEL[b]}
                      </span>
                    ))}
                  </p>
                </>
              )}
            </section>
          ))}
        </div>
      )}
      {figures !== undefined && <TiersTable tiers={figures.tiers} />}
    </section>
  );
}

/** The same figures per queue (where the incident is now, or was closed): where the work piles up. */
function TiersTable({ tiers }: { tiers: CoreFigures['tiers'] }) {
  const shown = TIERS.filter((t) => tiers[t].incidents > 0 || t !== 'mssp');
  const median = (s: DurationStat) => (s.median === null ? '—' : `${formatDuration(s.median)} (n=${s.count})`);
  const rate = (s: RateStat) => (s.denominator === 0 ? '—' : `${formatRate(s.rate)} (${s.numerator}/${s.denominator})`);
  return (
    <section className="panel" aria-labelledby="tiers-title">
      <h2 id="tiers-title">By queue</h2>
      <table className="grid compact-grid">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col" className="num">
              Incidents
            </th>
            <th scope="col">MTTA (median)</th>
            <th scope="col">MTTR (median)</th>
            <th scope="col">False positives</th>
            <th scope="col">SLA acknowledge</th>
            <th scope="col">SLA resolve</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <tr key={t} data-tier={t}>
              <th scope="row">{TIER_LABEL[t]}</th>
              <td className="num">{tiers[t].incidents}</td>
              <td>{median(tiers[t].mtta)}</td>
              <td>{median(tiers[t].mttr)}</td>
              <td>{rate(tiers[t].falsePositiveRate)}</td>
              <td>{rate(tiers[t].slaAcknowledge)}</td>
              <td>{rate(tiers[t].slaResolve)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DurationCell({ stat }: { stat: DurationStat }) {
  if (stat.count === 0 || stat.median === null) return <span className="figure-value muted" data-count={0}>—</span>;
  return (
    <>
      <span className="figure-value" data-count={stat.count}>
        {formatDuration(stat.median)}
      </span>
      <span className="figure-sub">
        median · mean {formatDuration(stat.mean ?? 0)} · p90 {formatDuration(stat.p90 ?? 0)} · n={stat.count}
      </span>
    </>
  );
}

function RateCell({ stat }: { stat: RateStat }) {
  if (stat.denominator === 0) return <span className="figure-value muted" data-count={0}>—</span>;
  return (
    <>
      <span className="figure-value" data-count={stat.denominator}>
        {formatRate(stat.rate)}
      </span>
      <span className="figure-sub">
        {stat.numerator} of {stat.denominator}
      </span>
    </>
  );
}
