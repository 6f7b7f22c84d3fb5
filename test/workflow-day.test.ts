import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { FakeClock } from '../src/core/clock.ts';
import type { CoreFigures } from '../src/metrics/core-figures.ts';
import type { Incident } from '../src/workflow/incident.ts';
import { startHarness, type Harness } from './support/vigil-harness.ts';

/**
 * A whole day (and the bank holiday before it) of a three-tier SOC in London: alerts arrive through
 * intake at different hours, are grouped into incidents, assigned only to analysts on duty,
 * acknowledged, escalated by a breached SLA at night, closed with verdicts; the figures per band are
 * then checked against values worked out by hand below.
 *
 * Times are local (Europe/London, BST = UTC+1). Shifts: Ana T1 08–16 (Mon and Tue), Ben T1 16–24,
 * Cara T2 08–20, Dan T2 20–08, Erin T3 09–17. Nobody of T1 is on duty 00–08.
 */
const local = (iso: string) => new Date(`${iso}+01:00`);

describe('workflow: a whole day, by hand', () => {
  const clock = new FakeClock(local('2026-05-25T07:00:00'));
  let h: Harness;
  let webhook: Server;
  const notifications: { text: string }[] = [];
  const users: Record<string, { id: string; token: string }> = {};

  const at = (iso: string) => { clock.set(local(iso)); };
  const call = async (who: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: object) => {
    const token = who === 'admin' ? h.tokens.admin : who === 'ingest' ? h.tokens.ingest : (users[who]?.token ?? '');
    return h.inject({ method, url, token, ...(body === undefined ? {} : { body }) });
  };
  let nextId = 1;
  /** A Wazuh alert detected at `detected` (local), received 20 s later, routed 10 s after that. */
  const alert = async (detected: string, host: string, level: number, title: string, occurred?: string) => {
    at(detected);
    const record = {
      timestamp: clock.now().toISOString().replace('Z', '+0000'),
      rule: { level, description: title, id: String(1000 + level), groups: ['test'] },
      agent: { id: '001', name: host },
      id: `day-${nextId++}`,
      full_log: title,
      data: occurred === undefined ? {} : { timestamp: local(occurred).toISOString() },
    };
    clock.advance(20_000);
    const r = await call('ingest', 'POST', '/api/v1/alerts?format=wazuh', record);
    assert.equal(r.statusCode, 200, r.body);
    clock.advance(10_000);
    await h.vigil.router.drain();
  };
  const incident = async (number: number): Promise<Incident> => (await h.vigil.incidents.get('acme', String(number)));
  const act = async (who: string, number: number, action: string, body: object = {}) => {
    const r = await call(who, 'POST', `/api/v1/incidents/${number}/${action}`, body);
    return r;
  };

  before(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        notifications.push(JSON.parse(body) as { text: string });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    const port = (webhook.address() as { port: number }).port;
    h = await startHarness({ clock });
    const settings = await call('admin', 'PUT', '/api/v1/settings/workflow', {
      country: 'GB',
      region: 'ENG',
      notifyWebhookUrl: `http://127.0.0.1:${port}/hook`,
      grouping: { windowMinutes: 30 },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    const inventory = 'hostname,criticality,data_classes\npos-1,4,pci\ndc-1,5,pci\n';
    assert.equal((await h.inject({ method: 'POST', url: '/api/v1/assets/import', body: inventory, token: h.tokens.admin, headers: { 'content-type': 'text/csv' } })).statusCode, 200);

    const team: [string, 't1' | 't2' | 't3', [string, string][]][] = [
      ['ana', 't1', [['2026-05-25T08:00:00', '2026-05-25T16:00:00'], ['2026-05-26T08:00:00', '2026-05-26T16:00:00']]],
      ['ben', 't1', [['2026-05-26T16:00:00', '2026-05-27T00:00:00']]],
      ['cara', 't2', [['2026-05-26T08:00:00', '2026-05-26T20:00:00']]],
      ['dan', 't2', [['2026-05-26T20:00:00', '2026-05-27T08:00:00']]],
      ['erin', 't3', [['2026-05-26T09:00:00', '2026-05-26T17:00:00']]],
    ];
    for (const [name, tier, shifts] of team) {
      const id = await h.vigil.identities.createUser({ email: `${name}@acme.test`, name, memberships: [{ tenantId: 'acme', role: tier }] });
      users[name] = { id, token: (await h.vigil.identities.createUserToken(id, 'test')).token };
      assert.equal((await call('admin', 'PUT', `/api/v1/analysts/${id}`, { tier })).statusCode, 200);
      for (const [start, end] of shifts) {
        const r = await call('admin', 'POST', '/api/v1/shifts', { userId: id, startsAt: local(start).toISOString(), endsAt: local(end).toISOString() });
        assert.equal(r.statusCode, 201, r.body);
      }
    }
  });
  after(async () => {
    await h.close();
    webhook.close();
  });

  it('runs the day and records every step', async () => {
    // Bank holiday Monday: INC-1 on fs-1, medium (P4), Ana takes it, closes it benign.
    await alert('2026-05-25T11:00:00', 'fs-1', 8, 'Unusual file share access');
    const i1 = await incident(1);
    assert.equal(i1.createdBand, 'holiday');
    assert.equal(i1.assigneeId, users['ana']?.id);
    at('2026-05-25T11:30:30');
    assert.equal((await act('ana', 1, 'acknowledge')).statusCode, 200);
    at('2026-05-25T12:00:30');
    assert.equal((await act('ana', 1, 'close', { verdict: 'benign', note: 'backup job' })).statusCode, 200);

    // Tuesday, business hours. INC-2 on pos-1 (PCI, criticality 4): medium + asset → P2. A second alert groups in.
    await alert('2026-05-26T09:00:00', 'pos-1', 8, 'Integrity checksum changed');
    await alert('2026-05-26T09:05:00', 'pos-1', 8, 'Integrity checksum changed');
    const i2 = await incident(2);
    assert.equal(i2.alertCount, 2);
    assert.equal(i2.priority, 'p2');
    assert.equal(i2.createdBand, 'business');
    assert.equal(i2.assigneeId, users['ana']?.id);
    assert.ok(i2.priorityReasons.some((r) => r.includes('PCI')));
    at('2026-05-26T09:10:30');
    assert.equal((await act('ana', 2, 'acknowledge', { version: i2.version })).statusCode, 200);
    at('2026-05-26T10:00:30');
    assert.equal((await act('ana', 2, 'close', { verdict: 'false_positive', note: 'POS update' })).statusCode, 200);

    // INC-3 on web-1: high (P3), activity at 13:50, detected 14:00 (MTTD 10 min). Escalated by hand, contained, closed TP.
    await alert('2026-05-26T14:00:00', 'web-1', 12, 'Web shell upload attempt', '2026-05-26T13:50:00');
    const i3 = await incident(3);
    assert.equal(i3.priority, 'p3');
    at('2026-05-26T14:20:30');
    await act('ana', 3, 'acknowledge');
    at('2026-05-26T14:30:00');
    const noNote = await act('ana', 3, 'escalate', {});
    assert.equal(noNote.statusCode, 400, 'an escalation needs a note');
    assert.equal((await act('ana', 3, 'escalate', { note: 'web shell on the shop server' })).statusCode, 200);
    assert.equal((await incident(3)).assigneeId, users['cara']?.id);
    at('2026-05-26T15:00:30');
    assert.equal((await act('cara', 3, 'contain', { note: 'isolated web-1' })).statusCode, 200);
    at('2026-05-26T16:00:30');
    assert.equal((await act('cara', 3, 'close', { verdict: 'true_positive', note: 'web shell removed' })).statusCode, 200);

    // Evening, off-hours. INC-4 on laptop-7, low (P4) → Ben; he acknowledges.
    await alert('2026-05-26T22:00:00', 'laptop-7', 5, 'Multiple failed logins');
    assert.equal((await incident(4)).assigneeId, users['ben']?.id);
    at('2026-05-26T22:05:30');
    await act('ben', 4, 'acknowledge');

    // INC-5 on dc-1 (PCI, criticality 5), critical → P1 for Ben. He may not close it; nobody acknowledges in 15 min.
    await alert('2026-05-26T23:30:00', 'dc-1', 15, 'Kerberos golden ticket suspected', '2026-05-26T23:25:00');
    const i5 = await incident(5);
    assert.equal(i5.priority, 'p1');
    assert.equal(i5.createdBand, 'off_hours');
    assert.equal(i5.assigneeId, users['ben']?.id);
    at('2026-05-26T23:38:00');
    const t1Close = await act('ben', 5, 'close', { verdict: 'false_positive', note: 'looks fine' });
    assert.equal(t1Close.statusCode, 403);
    assert.match(t1Close.body, /P1/);
    at('2026-05-26T23:41:00');
    const warned = await h.vigil.sla.runOnce();
    assert.ok(warned.some((e) => e.type === 'sla_warning' && e.incidentId === i5.id));
    at('2026-05-26T23:46:00');
    const breached = await h.vigil.sla.runOnce();
    assert.ok(breached.some((e) => e.type === 'sla_breached' && e.incidentId === i5.id));
    const escalated = await incident(5);
    assert.equal(escalated.tier, 't2');
    assert.equal(escalated.assigneeId, users['dan']?.id, 'escalated to the T2 on duty at night');
    assert.ok(notifications.some((n) => n.text.includes('INC-5') && n.text.includes('breached')));
    at('2026-05-26T23:50:30');
    assert.equal((await act('dan', 5, 'acknowledge')).statusCode, 200);

    // Midnight: Ben goes off duty holding INC-4; no T1 on duty, so it is flagged and waits.
    at('2026-05-27T00:01:00');
    const handover = await h.vigil.sla.runOnce();
    const i4 = await incident(4);
    assert.ok(handover.some((e) => e.type === 'handover_flagged' && e.incidentId === i4.id));

    at('2026-05-27T01:30:30');
    assert.equal((await act('dan', 5, 'close', { verdict: 'true_positive', note: 'krbtgt reset twice' })).statusCode, 200);

    // 03:00: INC-6 with no T1 on duty is queued unassigned, never given to someone off shift.
    await alert('2026-05-27T03:00:00', 'pos-2', 8, 'Integrity checksum changed');
    const i6 = await incident(6);
    assert.equal(i6.assigneeId, null);
    assert.equal(i6.tier, 't1');

    const timeline = (await call('dan', 'GET', `/api/v1/incidents/5/timeline`)).json() as { items: { type: string; actor: { kind: string } }[] };
    // Each alert's AI triage decision is on the timeline (actor kind ai); the rest is the workflow and people.
    assert.ok(timeline.items.some((e) => e.type === 'ai_decision' && e.actor.kind === 'ai'));
    const kinds = timeline.items.filter((e) => e.type !== 'ai_decision').map((e) => `${e.type}/${e.actor.kind}`);
    assert.deepEqual(kinds, [
      'created/automation',
      'assigned/automation',
      'sla_warning/automation',
      'notified/automation',
      'sla_breached/automation',
      'escalated/automation',
      'assigned/automation',
      'notified/automation',
      'acknowledged/human',
      'closed/human',
    ]);
  });

  it('computes the figures per band and tier as worked out by hand', async () => {
    at('2026-05-27T08:00:00');
    const r = await call('admin', 'GET', `/api/v1/metrics?from=${local('2026-05-25T00:00:00').toISOString()}&to=${local('2026-05-27T08:00:00').toISOString()}`);
    assert.equal(r.statusCode, 200, r.body);
    const f = r.json() as CoreFigures;
    const { business, off_hours: night, holiday } = f.bands;

    // Holiday: INC-1. MTTA 30 min, MTTR 60 min, benign (not a false positive), both clocks met.
    assert.equal(holiday.incidents, 1);
    assert.deepEqual(holiday.mtta, { count: 1, mean: 1800, median: 1800, p90: 1800 });
    assert.deepEqual(holiday.mttr, { count: 1, mean: 3600, median: 3600, p90: 3600 });
    assert.deepEqual(holiday.falsePositiveRate, { rate: 0, numerator: 0, denominator: 1 });

    // Business: INC-2 (MTTA 10, MTTR 60, 2 FP alerts) and INC-3 (MTTA 20, MTTC 60, MTTR 120, MTTD 10, TP).
    assert.equal(business.incidents, 2);
    assert.deepEqual(business.mtta, { count: 2, mean: 900, median: 900, p90: 1140 });
    assert.deepEqual(business.mttr, { count: 2, mean: 5400, median: 5400, p90: 6840 });
    assert.deepEqual(business.mttc, { count: 1, mean: 3600, median: 3600, p90: 3600 });
    assert.deepEqual(business.mttd, { count: 1, mean: 600, median: 600, p90: 600 });
    assert.deepEqual(business.falsePositiveRate, { rate: 0.6667, numerator: 2, denominator: 3 });
    assert.deepEqual(business.slaAcknowledge, { rate: 1, numerator: 2, denominator: 2 });

    // Off-hours: INC-4 (MTTA 5, open), INC-5 (MTTA 20 but ack breached, MTTR 120, MTTD 5, TP), INC-6 (untouched).
    assert.equal(night.incidents, 3);
    assert.deepEqual(night.mtta, { count: 2, mean: 750, median: 750, p90: 1110 });
    assert.deepEqual(night.mttr, { count: 1, mean: 7200, median: 7200, p90: 7200 });
    assert.deepEqual(night.mttd, { count: 1, mean: 300, median: 300, p90: 300 });
    assert.deepEqual(night.slaAcknowledge, { rate: 0.5, numerator: 1, denominator: 2 });
    assert.deepEqual(night.slaResolve, { rate: 1, numerator: 1, denominator: 1 });
    assert.deepEqual(night.falsePositiveRate, { rate: 0, numerator: 0, denominator: 1 });

    // Time to ingest: every alert reached Vigil 20 s after detection (median read from 5% buckets).
    assert.equal(f.all.timeToIngest.count, 7);
    assert.equal(f.all.timeToIngest.mean, 20);
    assert.ok(Math.abs((f.all.timeToIngest.median ?? 0) - 20) <= 1);
    assert.equal(business.timeToIngest.count, 3);
    assert.equal(holiday.timeToIngest.count, 1);

    // The same figures per local day, for charts: Monday's holiday, Tuesday's two business incidents.
    const series = (await call('admin', 'GET', `/api/v1/metrics/series?bucket=day&from=${local('2026-05-25T00:00:00').toISOString()}&to=${local('2026-05-27T08:00:00').toISOString()}`)).json() as {
      buckets: { start: string; bands: CoreFigures['bands'] }[];
    };
    assert.deepEqual(series.buckets.map((b) => b.start), ['2026-05-24T23:00:00.000Z', '2026-05-25T23:00:00.000Z', '2026-05-26T23:00:00.000Z']);
    assert.equal(series.buckets[0]?.bands.holiday.incidents, 1);
    assert.equal(series.buckets[1]?.bands.business.incidents, 2);
    assert.equal(series.buckets[1]?.bands.off_hours.incidents, 2);
    assert.equal(series.buckets[2]?.bands.off_hours.incidents, 1);

    // Per tier (the queue each incident is in now): T2 holds INC-3 and INC-5.
    assert.deepEqual(f.tiers.t2.mtta, { count: 2, mean: 1200, median: 1200, p90: 1200 });
    assert.deepEqual(f.tiers.t1.mtta, { count: 3, mean: 900, median: 600, p90: 1560 });
  });
});
