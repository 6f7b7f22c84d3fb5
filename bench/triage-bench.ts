/**
 * Triage figures (issue 6).
 * 1. Scoring throughput: alerts/s on one core for a full decision (history update, features, score, policy,
 *    grouping against open incidents, reasons), median of --runs runs, on a model already trained on a
 *    real scenario (the synthetic stream when ../shared/data is absent).
 * 2. Cost of one online update: an analyst's verdict on a one-alert incident and on a 50-alert incident.
 * 3. The evaluation table of the issue on AIT-ADS: warm leave-one-scenario-out over the five scenarios and
 *    cold for each alone, printed as a table and as JSON (--json).
 * Usage: node --import tsx bench/triage-bench.ts [--runs 5] [--alerts 200000] [--skip-table] [--scenarios a,b] [--modes warm,cold] [--json]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TriageEngine, type DecisionRecord, type TriageAlert } from '../src/triage/engine.ts';
import { aitAlert, loadAitScenario, parseAitCsv, type AitScenario } from '../src/triage/evaluation/ait-ads-loader.ts';
import { EVALUATION_GROUPING, evaluateScenarios, TARGETS, type EvaluationReport } from '../src/triage/evaluation/evaluate.ts';
import { replayScenario } from '../src/triage/evaluation/replay.ts';
import { syntheticAitCsv } from '../src/triage/evaluation/synthetic-scenario.ts';
import { median } from '../src/triage/stats.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    alerts: { type: 'string', default: '200000' },
    'skip-table': { type: 'boolean', default: false },
    scenarios: { type: 'string', default: 'fox,harrison,russellmitchell,santos,shaw' },
    modes: { type: 'string', default: 'warm,cold' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const DATA = fileURLToPath(new URL('../../shared/data/triage/ait-ads/', import.meta.url));
const haveData = existsSync(`${DATA}russellmitchell.csv.gz`);
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

// ---- 1. throughput --------------------------------------------------------------------------------------
const source: AitScenario = haveData ? loadAitScenario(`${DATA}russellmitchell.csv.gz`) : parseAitCsv(syntheticAitCsv({ days: 5 }), 'synthetic');
if (!haveData) log('AIT-ADS data not found beside the checkout: throughput on the synthetic stream, no evaluation table');
const trained = new TriageEngine({ tenantId: 'bench', grouping: EVALUATION_GROUPING });
replayScenario(source, trained, EVALUATION_GROUPING);
const snapshot = trained.snapshot('bench');
const total = Number(args.alerts);
// Alerts are built up front (a replay of the scenario, shifted in time on each lap) so only triage is timed.
const span = (source.times[source.size - 1] ?? 0) - (source.times[0] ?? 0) + 3_600_000;
const alerts: TriageAlert[] = [];
for (let i = 0; i < total; i++) {
  const k = i % source.size;
  const a = aitAlert(source, k);
  alerts.push({ ...a, id: `b${i}`, occurredAt: new Date((source.times[k] ?? 0) + Math.floor(i / source.size) * span).toISOString() });
}
const open = [{ id: 'inc-1', lastAlertAtMs: 0, alertCount: 1, ruleKeys: new Set<string>(), entityKeys: new Set<string>(['hostname:intranet_server']) }];
const perSecond: number[] = [];
let lastRecords: DecisionRecord[] = [];
for (let r = 0; r < runs + 1; r++) {
  const engine = new TriageEngine({ tenantId: 'bench', grouping: EVALUATION_GROUPING, model: snapshot });
  const records: DecisionRecord[] = [];
  const t = performance.now();
  for (const a of alerts) {
    const d = engine.triage(a, { candidates: open });
    if (records.length < 1000) records.push(d.record);
  }
  const s = (performance.now() - t) / 1000;
  if (r > 0) perSecond.push(total / s); // the first lap warms the JIT
  lastRecords = records;
}

// ---- 2. online update cost ------------------------------------------------------------------------------
const updateMicros = (size: number): number => {
  const engine = new TriageEngine({ tenantId: 'bench', grouping: EVALUATION_GROUPING, model: snapshot });
  const laps: number[] = [];
  for (let r = 0; r < runs; r++) {
    const n = 2000;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const start = (i * size) % Math.max(1, lastRecords.length - size);
      engine.recordIncidentVerdict(lastRecords.slice(start, start + size), i % 50 === 0, { incidentId: `u${r}-${i}` });
    }
    laps.push(((performance.now() - t) * 1000) / n);
  }
  return median(laps);
};
const throughput = {
  scenario: source.name,
  alerts: total,
  runs,
  alertsPerSecond: Math.round(median(perSecond)),
  minAlertsPerSecond: Math.round(Math.min(...perSecond)),
  target: 50_000,
  onlineUpdateMicroseconds: { oneAlertIncident: Math.round(updateMicros(1) * 10) / 10, fiftyAlertIncident: Math.round(updateMicros(50) * 10) / 10 },
};
log(`scoring: ${throughput.alertsPerSecond.toLocaleString('en')} alerts/s (median of ${runs}, min ${throughput.minAlertsPerSecond.toLocaleString('en')}), target ≥ 50,000`);
log(`online update: ${throughput.onlineUpdateMicroseconds.oneAlertIncident} µs per one-alert verdict, ${throughput.onlineUpdateMicroseconds.fiftyAlertIncident} µs per 50-alert incident`);

// ---- 3. evaluation table --------------------------------------------------------------------------------
const rows: { mode: string; scenario: string; report: EvaluationReport }[] = [];
if (haveData && !args['skip-table']) {
  const names = args.scenarios.split(',');
  const all = ['fox', 'harrison', 'russellmitchell', 'santos', 'shaw'];
  const cache = new Map<string, AitScenario>();
  const load = (n: string): AitScenario => {
    let s = cache.get(n);
    if (s === undefined) {
      s = loadAitScenario(`${DATA}${n}.csv.gz`);
      cache.set(n, s);
    }
    return s;
  };
  for (const name of names) {
    for (const mode of (['warm', 'cold'] as const).filter((m) => args.modes.split(',').includes(m))) {
      const t = performance.now();
      const report = evaluateScenarios(load(name), mode === 'warm' ? all.filter((x) => x !== name).map(load) : []);
      rows.push({ mode, scenario: name, report });
      log(`${mode} ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;
  const header = ['mode', 'scenario', 'alerts', 'autoClosed', 'items', 'items/day', 'workload red.', 'attack alerts', 'atk auto-closed', 'steps ≤15 min', 'max delay', 'high-prio prec.', 'all targets', '| baseline items/day', 'baseline WR', 'baseline atk AC'];
  const table = rows.map(({ mode, scenario, report: r }) => [
    mode,
    scenario,
    String(r.alerts),
    String(r.autoClosed),
    String(r.reviewItems),
    r.reviewItemsPerDay.toFixed(1),
    pct(r.workloadReduction),
    String(r.attackAlerts),
    `${r.attackAlertsAutoClosed} (${pct(r.attackAlertsAutoClosedShare)})`,
    r.stepsSurfacedWithinTarget,
    `${Math.max(...r.steps.map((s) => s.delayMinutes ?? Infinity)).toFixed(1)} min`,
    r.highPriorityPrecision === null ? 'n/a' : `${r.highPriorityPrecision.toFixed(2)} (${r.highPriorityItems})`,
    r.targets.all ? 'yes' : 'no',
    `| ${r.baseline.reviewItemsPerDay.toFixed(1)}`,
    pct(r.baseline.workloadReduction),
    String(r.baseline.attackAlertsAutoClosed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`targets: ≤ ${TARGETS.reviewItemsPerDay} items/day, ≤ ${TARGETS.attackAutoClosedShare * 100}% attack alerts auto-closed, every step surfaced ≤ ${TARGETS.surfaceMinutes} min, high-priority precision ≥ ${TARGETS.highPriorityPrecision}`);
  console.log(line(header));
  for (const row of table) console.log(line(row));
}
console.log(`scoring throughput: ${throughput.alertsPerSecond.toLocaleString('en')} alerts/s on one core (median of ${runs} runs of ${total.toLocaleString('en')} alerts, ${throughput.scenario}); online update ${throughput.onlineUpdateMicroseconds.oneAlertIncident} µs (1-alert incident), ${throughput.onlineUpdateMicroseconds.fiftyAlertIncident} µs (50-alert incident)`);
if (args.json) {
  console.log(
    JSON.stringify(
      {
        throughput,
        evaluation: rows.map(({ mode, scenario, report: r }) => ({
          mode,
          scenario,
          ...Object.fromEntries(['alerts', 'autoClosed', 'reviewItems', 'reviewItemsPerDay', 'workloadReduction', 'attackAlerts', 'attackAlertsAutoClosed', 'attackAlertsAutoClosedShare', 'stepsSurfacedWithinTarget', 'highPriorityPrecision', 'highPriorityItems', 'targets', 'steps'].map((k) => [k, r[k as keyof EvaluationReport]])),
          baseline: { reviewItems: r.baseline.reviewItems, reviewItemsPerDay: r.baseline.reviewItemsPerDay, workloadReduction: r.baseline.workloadReduction, attackAlertsAutoClosed: r.baseline.attackAlertsAutoClosed, stepsSurfacedWithinTarget: r.baseline.stepsSurfacedWithinTarget },
        })),
      },
      null,
      2,
    ),
  );
}
