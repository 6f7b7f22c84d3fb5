import { HOUR_BANDS, TIERS, type HourBand, type Tier } from '../workflow/incident.ts';
import type { TenantCalendar } from '../workflow/hour-bands.ts';
import type { Store } from '../store/index.ts';
import { rate, summarize, summarizeBuckets, type DurationStat, type RateStat } from './statistics.ts';

/** The core figures of shared/design/metrics.md for one slice (a band, a tier, or everything). */
export interface FigureSet {
  /** Incidents people handled (the AI's own closes are counted apart). */
  readonly incidents: number;
  /** Incidents the AI triage closed on its own (benign noise in trusted classes). */
  readonly autoClosedIncidents: number;
  readonly mttd: DurationStat;
  readonly mtta: DurationStat;
  readonly mttc: DurationStat;
  readonly mttr: DurationStat;
  /** Share of human-reviewed alerts closed as false positive. */
  readonly falsePositiveRate: RateStat;
  readonly slaAcknowledge: RateStat;
  readonly slaResolve: RateStat;
}

export interface CoreFigures {
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  readonly all: FigureSet & { readonly timeToIngest: DurationStat };
  readonly bands: Readonly<Record<HourBand, FigureSet & { readonly timeToIngest: DurationStat }>>;
  readonly tiers: Readonly<Record<Tier, FigureSet>>;
  readonly definitions: Readonly<Record<string, string>>;
}

export type MetricsRow = Awaited<ReturnType<Store['incidents']['forMetrics']>>[number];

const DEFINITIONS = {
  mttd: 'true-positive incidents: first alert detectedAt − earliest occurredAt of its alerts',
  timeToIngest: 'alerts: receivedAt − detectedAt (median and p90 from 5%-wide log buckets)',
  mtta: 'first human action on the incident − incident created (automation and AI do not count)',
  mttc: 'first containment step − incident created',
  mttr: 'resolved with a verdict − incident created',
  autoClosedIncidents: 'incidents closed by AI triage on its own; left out of every other figure',
  falsePositiveRate: 'alerts in human-closed incidents with verdict false_positive ÷ alerts in human-closed incidents',
  slaAcknowledge: 'incidents acknowledged within their target ÷ incidents whose acknowledge clock has stopped or breached',
  slaResolve: 'incidents resolved within their target ÷ incidents resolved or past their resolve target',
  bands: "incidents by their creation time, alerts by detectedAt, in the tenant's time zone and holiday calendar",
  tiers: 'incidents by the queue they are in now (or were closed in)',
} as const;

/**
 * MTTD, time to ingest, MTTA, MTTC, MTTR, false-positive rate and SLA compliance over incidents created
 * in [from, to), per hour band and per tier, each with mean, median, p90 and the count behind it.
 */
export async function computeCoreFigures(store: Store, tenantId: string, calendar: TenantCalendar, from: number, to: number): Promise<CoreFigures> {
  const rows = await store.incidents.forMetrics(tenantId, from, to);
  const byBand = new Map<HourBand, MetricsRow[]>(HOUR_BANDS.map((b) => [b, []]));
  const byTier = new Map<Tier, MetricsRow[]>(TIERS.map((t) => [t, []]));
  for (const row of rows) {
    byBand.get(row.created_band as HourBand)?.push(row);
    byTier.get(row.tier as Tier)?.push(row);
  }

  const cells = await store.alerts.ingestDelays(tenantId, Math.floor(from / 3_600_000), Math.ceil(to / 3_600_000));
  const bandOfHour = new Map<number, HourBand>();
  const cellsByBand = new Map<HourBand, typeof cells>(HOUR_BANDS.map((b) => [b, []]));
  for (const cell of cells) {
    let band = bandOfHour.get(cell.hour);
    if (band === undefined) {
      band = calendar.band(cell.hour * 3_600_000 + 1_800_000);
      bandOfHour.set(cell.hour, band);
    }
    cellsByBand.get(band)?.push(cell);
  }

  const bands = Object.fromEntries(
    HOUR_BANDS.map((b) => [b, { ...figures(byBand.get(b) ?? []), timeToIngest: summarizeBuckets(cellsByBand.get(b) ?? []) }]),
  ) as Record<HourBand, FigureSet & { timeToIngest: DurationStat }>;
  const tiers = Object.fromEntries(TIERS.map((t) => [t, figures(byTier.get(t) ?? [])])) as Record<Tier, FigureSet>;
  return {
    tenantId,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    all: { ...figures(rows), timeToIngest: summarizeBuckets(cells) },
    bands,
    tiers,
    definitions: DEFINITIONS,
  };
}

export function figures(rows: readonly MetricsRow[]): FigureSet {
  const mttd: number[] = [];
  const mtta: number[] = [];
  const mttc: number[] = [];
  const mttr: number[] = [];
  let fpAlerts = 0;
  let reviewedAlerts = 0;
  let ackMet = 0;
  let ackTotal = 0;
  let resolveMet = 0;
  let resolveTotal = 0;
  let incidents = 0;
  let autoClosedIncidents = 0;
  for (const r of rows) {
    // A merged incident's alerts and history live on in the incident it was merged into.
    if (r.merged_into !== null) continue;
    // The AI's own closes never reach a person: they would flatter MTTR and SLA compliance.
    if (r.resolved_by_kind === 'ai') {
      autoClosedIncidents++;
      continue;
    }
    incidents++;
    if (r.verdict === 'true_positive') mttd.push(r.first_detected_at - r.first_occurred_at);
    if (r.first_human_action_at !== null) mtta.push(r.first_human_action_at - r.created_at);
    if (r.contained_at !== null) mttc.push(r.contained_at - r.created_at);
    if (r.resolved_at !== null && r.verdict !== null) mttr.push(r.resolved_at - r.created_at);
    if (r.resolved_at !== null && r.resolved_by_kind === 'human') {
      reviewedAlerts += r.alert_count;
      if (r.verdict === 'false_positive') fpAlerts += r.alert_count;
    }
    if (r.acknowledged_at !== null) {
      ackTotal++;
      if (r.acknowledged_at <= r.ack_due_at) ackMet++;
    } else if (r.ack_breached_at !== null) ackTotal++;
    if (r.resolved_at !== null) {
      resolveTotal++;
      if (r.resolved_at <= r.resolve_due_at) resolveMet++;
    } else if (r.resolve_breached_at !== null) resolveTotal++;
  }
  return {
    incidents,
    autoClosedIncidents,
    mttd: summarize(mttd),
    mtta: summarize(mtta),
    mttc: summarize(mttc),
    mttr: summarize(mttr),
    falsePositiveRate: rate(fpAlerts, reviewedAlerts),
    slaAcknowledge: rate(ackMet, ackTotal),
    slaResolve: rate(resolveMet, resolveTotal),
  };
}
