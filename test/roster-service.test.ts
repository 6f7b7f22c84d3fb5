import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../src/core/clock.ts';
import { startHarness, type Harness } from './support/vigil-harness.ts';

/**
 * Rosters in the service: forecast from the tenant's own alerts, plan a fair 24/7 roster, check a swap that
 * would break a rule, publish it, and the workflow's on-duty port answers from it; iCal feeds per analyst.
 */
describe('rosters in the service', () => {
  const clock = new FakeClock('2026-05-04T00:00:00Z');
  let h: Harness;
  const ids: string[] = [];
  let rosterId = '';

  before(async () => {
    h = await startHarness({ clock });
    await h.inject({ method: 'PUT', url: '/api/v1/settings/workflow', token: h.tokens.admin, body: { country: 'GB', region: 'ENG' } });
    for (let i = 0; i < 8; i++) {
      ids.push(await h.vigil.identities.createUser({ email: `a${i}@acme.test`, name: `Analyst ${i}`, memberships: [{ tenantId: 'acme', role: i < 5 ? 't1' : 't2' }] }));
    }
    // Three weeks of history: busier in the day than at night.
    const start = Date.parse('2026-04-13T00:00:00Z');
    const records = [];
    for (let hour = 0; hour < 21 * 24; hour++) {
      const at = start + hour * 3_600_000;
      const local = new Date(at).getUTCHours();
      const count = local >= 8 && local < 18 ? 6 : 2;
      for (let k = 0; k < count; k++) {
        records.push({ timestamp: new Date(at + k * 60_000).toISOString(), event_type: 'alert', src_ip: `10.0.${hour % 250}.${k}`, dest_ip: '10.1.1.1', alert: { signature: 'ET TEST', severity: 3, signature_id: hour * 10 + k } });
      }
    }
    clock.set('2026-05-04T00:00:00Z');
    const r = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', token: h.tokens.ingest, body: records });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  });
  after(async () => h.close());

  it('forecasts next week per hour from the history, with an error measured on held-out weeks', async () => {
    const r = await h.inject({ method: 'GET', url: '/api/v1/roster/forecast?weeks=1&historyWeeks=3', token: h.tokens.admin });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    const f = r.json() as { hours: { alerts: number; local: string }[]; error: unknown };
    assert.equal(f.hours.length, 168);
    const noon = f.hours.find((x) => x.local.includes('T13:'));
    const night = f.hours.find((x) => x.local.includes('T03:'));
    assert.ok(noon !== undefined && night !== undefined && noon.alerts > night.alerts, 'days busier than nights');
  });

  const spec = () => ({
    name: 'London SOC',
    zone: 'Europe/London',
    start: '2026-05-11',
    weeks: 1,
    holidays: { country: 'GB', region: 'ENG' },
    tiers: ['t1', 't2'],
    shifts: [
      { id: 'E', start: '06:00', hours: 8 },
      { id: 'L', start: '14:00', hours: 8 },
      { id: 'N', start: '22:00', hours: 8 },
    ],
    analysts: ids.map((id, i) => ({ id, tier: i < 5 ? 't1' : 't2' })),
    rules: { forbiddenSuccessions: [['N', 'E']] },
    coverage: [
      { tier: 't1', min: 1 },
      { tier: 't2', min: 1, weekdays: [1, 2, 3, 4, 5], fromHour: 8, toHour: 18 },
    ],
  });

  it('plans a roster that meets coverage, with its fairness figures', async () => {
    const r = await h.inject({ method: 'POST', url: '/api/v1/rosters', token: h.tokens.admin, body: { spec: spec(), timeLimitSeconds: 5 } });
    assert.equal(r.statusCode, 201, r.body.slice(0, 500));
    const planned = r.json() as { id: string; summary: { feasible: boolean; coverage: { understaffedHours: number }; fairness: unknown[] } };
    rosterId = planned.id;
    assert.equal(planned.summary.feasible, true);
    // Only 00:00–06:00 of the first day can be short: that night's shift began the evening before the horizon.
    assert.ok(planned.summary.coverage.understaffedHours <= 6, `understaffed ${planned.summary.coverage.understaffedHours} h`);
    assert.ok(planned.summary.fairness.length > 0);
    const t1 = await h.inject({ method: 'POST', url: '/api/v1/rosters', token: h.tokens.t1, body: { spec: spec() } });
    assert.equal(t1.statusCode, 403, 'only managers plan rosters');
  });

  it('says which rule a swap would break, and refuses to apply it', async () => {
    const roster = (await h.inject({ method: 'GET', url: `/api/v1/rosters/${rosterId}`, token: h.tokens.admin })).json() as { grid: Record<string, (string | null)[]> };
    // Someone who works a night: put them on the early shift the morning after.
    const [analyst, row] = Object.entries(roster.grid).find(([, days]) => days.slice(0, 6).includes('N')) ?? ['', []];
    const night = row.indexOf('N');
    assert.ok(analyst !== '' && night >= 0);
    const date = `2026-05-${String(11 + night + 1).padStart(2, '0')}`;
    const r = await h.inject({ method: 'POST', url: `/api/v1/rosters/${rosterId}/edits`, token: h.tokens.admin, body: { edits: [{ kind: 'assign', analyst, date, shift: 'E' }], apply: true } });
    assert.equal(r.statusCode, 422, r.body.slice(0, 300));
    assert.match(r.body, /succession|rest/i);
  });

  it('publishes: the workflow then assigns from the roster', async () => {
    const r = await h.inject({ method: 'POST', url: `/api/v1/rosters/${rosterId}/publish`, token: h.tokens.admin, body: {} });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok((r.json() as { shifts: number }).shifts > 0);
    const onDuty = (await h.inject({ method: 'GET', url: `/api/v1/on-duty?at=${encodeURIComponent('2026-05-12T12:00:00+01:00')}`, token: h.tokens.admin })).json() as { items: { userId: string; tier: string }[] };
    assert.ok(onDuty.items.some((a) => a.tier === 't1'));
    assert.ok(onDuty.items.some((a) => a.tier === 't2'), 'a T2 is on in business hours, as the coverage asked');
    assert.ok(onDuty.items.every((a) => ids.includes(a.userId)));
  });

  it('serves iCal feeds with stable ids', async () => {
    const team = await h.inject({ method: 'GET', url: `/api/v1/rosters/${rosterId}/ical`, token: h.tokens.viewer });
    assert.equal(team.statusCode, 200);
    assert.match(team.body, /^BEGIN:VCALENDAR\r\n/);
    const again = await h.inject({ method: 'GET', url: `/api/v1/rosters/${rosterId}/ical`, token: h.tokens.viewer });
    const uids = (text: string) => [...text.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(uids(team.body), uids(again.body));
    const one = await h.inject({ method: 'GET', url: `/api/v1/rosters/${rosterId}/ical?analyst=${ids[0] ?? ''}`, token: h.tokens.viewer });
    assert.ok(uids(one.body).length > 0 && uids(one.body).length < uids(team.body).length);
  });
});
