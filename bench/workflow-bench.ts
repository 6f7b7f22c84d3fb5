/**
 * Workflow figures (issue 3):
 *  1. the workflow's cost per alert on top of intake: alerts/s of intake alone, of routing alone
 *     (grouping, priority, assignment, timeline), and of both, in process on SQLite;
 *  2. the metrics query over a 90-day range on a store of --alerts alerts and --incidents incidents.
 * Usage: node --import tsx bench/workflow-bench.ts [--route-alerts 100000] [--alerts 1000000] [--incidents 50000]
 *        [--runs 5] [--database postgres://…]   (SQLite in a temp dir by default)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { newId } from '../src/core/ids.ts';
import { computeCoreFigures } from '../src/metrics/core-figures.ts';
import { splitJsonBody } from '../src/intake/records.ts';
import { createVigil, type Vigil } from '../src/vigil.ts';
import type { Incident } from '../src/workflow/incident.ts';
import { sharedData } from '../test/support/shared-data.ts';
import { makeAlert } from '../test/support/alert-fixtures.ts';

const { values: args } = parseArgs({
  options: {
    'route-alerts': { type: 'string', default: '100000' },
    alerts: { type: 'string', default: '1000000' },
    incidents: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '5' },
    database: { type: 'string' },
  },
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function open(): Promise<{ vigil: Vigil; done: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-wf-bench-'));
  const url = args.database ?? join(dir, 'v.db');
  const vigil = await createVigil(loadConfig({ env: {}, overrides: { database: { url } } }), { logger: false });
  return { vigil, done: async () => { await vigil.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function routingCost(): Promise<Record<string, number>> {
  const wazuh = sharedData('alerts/wazuh/ossec_spiral.jsonl');
  if (wazuh.skip) throw new Error(wazuh.skip);
  const base = readFileSync(wazuh.path, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  const n = Number(args['route-alerts']);
  const { vigil, done } = await open();
  try {
    await vigil.identities.createTenant({ id: 'bench', name: 'Bench', timeZone: 'Europe/London', settings: { country: 'GB' } });
    for (let t = 0; t < 6; t++) {
      const id = await vigil.identities.createUser({ email: `a${t}@b.test`, name: `A${t}`, memberships: [{ tenantId: 'bench', role: 't1' }] });
      await vigil.store.duty.upsertAnalyst({ tenantId: 'bench', userId: id, tier: t < 4 ? 't1' : 't2', skills: [] }, 0);
      await vigil.store.duty.addShift({ id: `s${t}`, tenantId: 'bench', userId: id, startsAt: 0, endsAt: Date.now() + 86_400_000, source: 'manual' });
    }
    const parser = vigil.formats.require('wazuh');
    // 2,000 hosts, so alerts group into incidents the way a real fleet's do.
    const bodies: string[] = [];
    for (let s = 0; s < n; s += 1000) {
      const lines = [];
      for (let i = s; i < Math.min(n, s + 1000); i++) {
        const r = base[i % base.length] ?? {};
        lines.push(JSON.stringify({ ...r, id: `w-${i}`, agent: { id: '1', name: `host-${i % 2000}` } }));
      }
      bodies.push(lines.join('\n'));
    }
    let t0 = performance.now();
    for (const body of bodies) await vigil.intake.ingest('bench', parser, splitJsonBody(body));
    const intakeSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const routed = await vigil.router.drain();
    const routeSeconds = (performance.now() - t0) / 1000;
    const incidents = (await vigil.store.incidents.forMetrics('bench', 0, Date.now() + 1)).length;
    return {
      alerts: n,
      routed,
      incidents,
      intakeAlertsPerSecond: Math.round(n / intakeSeconds),
      routingAlertsPerSecond: Math.round(routed / routeSeconds),
      intakePlusWorkflowAlertsPerSecond: Math.round(n / (intakeSeconds + routeSeconds)),
      workflowMicrosecondsPerAlert: Math.round((routeSeconds * 1e6) / routed),
    };
  } finally {
    await done();
  }
}

async function metricsQuery(): Promise<Record<string, number>> {
  const { vigil, done } = await open();
  try {
    await vigil.identities.createTenant({ id: 'bench', name: 'Bench', timeZone: 'Europe/London', settings: { country: 'GB' } });
    const end = Date.parse('2026-11-01T00:00:00Z');
    const span = 90 * 86_400_000;
    const alerts = Number(args.alerts);
    let t0 = performance.now();
    for (let s = 0; s < alerts; s += 5000) {
      const batch = Array.from({ length: Math.min(5000, alerts - s) }, (_, k) => {
        const at = end - span + Math.floor(((s + k) / alerts) * span);
        return makeAlert({
          tenantId: 'bench',
          findingUid: `m-${s + k}`,
          occurredAt: new Date(at).toISOString(),
          detectedAt: new Date(at + 1000).toISOString(),
          receivedAt: new Date(at + 1000 + ((s + k) % 120) * 1000).toISOString(),
          observables: [{ kind: 'hostname', value: `host-${(s + k) % 5000}` }],
        });
      });
      await vigil.store.handle.db.transaction().execute((trx) => vigil.store.alerts.insertBatch(trx, 'bench', batch));
    }
    const loadAlerts = (performance.now() - t0) / 1000;
    const n = Number(args.incidents);
    t0 = performance.now();
    for (let s = 0; s < n; s += 1000) {
      await vigil.store.handle.db.transaction().execute(async (trx) => {
        for (let k = s; k < Math.min(n, s + 1000); k++) {
          const created = end - span + Math.floor((k / n) * span);
          const resolved = k % 10 !== 0;
          const incident: Incident = {
            id: `inc_${newId(created)}`, tenantId: 'bench', number: k + 1, title: 'bench', status: resolved ? 'resolved' : 'acknowledged',
            tier: (['t1', 't1', 't2', 't3'] as const)[k % 4] ?? 't1', priority: (['p1', 'p2', 'p3', 'p4'] as const)[k % 4] ?? 'p4', priorityReasons: [], severityId: 3,
            assigneeId: null, verdict: resolved ? (k % 3 === 0 ? 'true_positive' : 'false_positive') : null, alertCount: 20,
            firstOccurredAt: created - 600_000, firstDetectedAt: created - 60_000, lastAlertAt: created, createdAt: created,
            createdBand: (['business', 'off_hours', 'off_hours', 'holiday'] as const)[k % 4] ?? 'business',
            firstHumanActionAt: created + (k % 60) * 60_000, acknowledgedAt: created + (k % 60) * 60_000, containedAt: k % 5 === 0 ? created + 3_600_000 : null,
            resolvedAt: resolved ? created + (k % 240) * 60_000 : null, ackDueAt: created + 30 * 60_000, resolveDueAt: created + 480 * 60_000,
            ackBreachedAt: null, resolveBreachedAt: null, handoverFlaggedAt: null, mergedInto: null, triageScore: null, entityKeys: [`hostname:host-${k % 5000}`], ruleKeys: ['wazuh:1'], version: 1,
          };
          await vigil.store.incidents.insert(trx, incident, created);
          await trx.updateTable('incidents').set({ resolved_by_kind: resolved ? 'human' : null }).where('id', '=', incident.id).execute();
        }
      });
    }
    const loadIncidents = (performance.now() - t0) / 1000;
    const ctx = await vigil.contexts.get('bench');
    const times: number[] = [];
    for (let r = 0; r < Number(args.runs); r++) {
      t0 = performance.now();
      const figures = await computeCoreFigures(vigil.store, 'bench', ctx.calendar, end - span, end);
      times.push(performance.now() - t0);
      if (figures.all.incidents !== n) throw new Error(`expected ${n} incidents in range, got ${figures.all.incidents}`);
    }
    return { alerts, incidents: n, loadAlertsSeconds: Math.round(loadAlerts), loadIncidentsSeconds: Math.round(loadIncidents), metricsQueryMsMedian: Math.round(median(times)), metricsQueryMsRuns: times.length };
  } finally {
    await done();
  }
}

const routing = await routingCost();
console.log(`workflow on top of intake: intake ${routing.intakeAlertsPerSecond} alerts/s, routing ${routing.routingAlertsPerSecond} alerts/s, both ${routing.intakePlusWorkflowAlertsPerSecond} alerts/s (${routing.workflowMicrosecondsPerAlert} µs/alert; ${routing.incidents} incidents from ${routing.alerts} alerts)`);
const metrics = await metricsQuery();
console.log(`metrics, 90 days over ${metrics.alerts} alerts and ${metrics.incidents} incidents: ${metrics.metricsQueryMsMedian} ms (median of ${metrics.metricsQueryMsRuns})`);
console.log(JSON.stringify({ routing, metrics }));
