import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../src/core/clock.ts';
import { startHarness, type Harness } from './support/vigil-harness.ts';

/**
 * AI triage inside the service: every routed alert gets a scored, explained decision on the timeline;
 * analysts' verdicts teach the model and are counted in its accuracy; a class the tenant trusts closes
 * what the AI is sure is noise, in an incident resolved by the AI; models are versioned and roll back.
 */
describe('AI triage in the workflow', () => {
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  let h: Harness;
  let analyst: string;

  before(async () => {
    h = await startHarness({ clock });
    const settings = await h.inject({
      method: 'PUT',
      url: '/api/v1/settings/workflow',
      token: h.tokens.admin,
      body: { triage: { policy: { trust: { pins: { 'wazuh:5716': 'autonomous' } }, qualityReview: { rate: 0 } }, snapshotEveryVerdicts: 1 } },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    const id = await h.vigil.identities.createUser({ email: 'ana@acme.test', name: 'Ana', memberships: [{ tenantId: 'acme', role: 't2' }] });
    analyst = (await h.vigil.identities.createUserToken(id, 't')).token;
  });
  after(async () => h.close());

  let n = 0;
  const sshFailure = async (host: string) => {
    const alert = {
      timestamp: clock.now().toISOString().replace('Z', '+0000'),
      rule: { level: 5, description: 'sshd: authentication failed.', id: '5716', groups: ['sshd'] },
      agent: { id: '001', name: host },
      id: `tri-${n++}`,
      data: { srcip: '198.51.100.7', srcuser: 'backup' },
    };
    assert.equal((await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: alert, token: h.tokens.ingest })).statusCode, 200);
    await h.vigil.router.drain();
  };
  const latestIncident = async () => (await h.vigil.store.incidents.list('acme', { statuses: ['new', 'acknowledged', 'in_progress', 'resolved'] }, 1)).items[0];

  it('puts a scored, explained decision for every alert on the timeline', async () => {
    await sshFailure('vpn-01');
    const incident = await latestIncident();
    assert.ok(incident !== undefined);
    const timeline = (await h.inject({ method: 'GET', url: `/api/v1/incidents/${incident.number}/timeline`, token: analyst })).json() as {
      items: { type: string; actor: { kind: string }; data: { score: number; modelVersion: string; reasons: string[]; trustLevel: string } }[];
    };
    const decision = timeline.items.find((e) => e.type === 'ai_decision');
    assert.ok(decision !== undefined);
    assert.equal(decision.actor.kind, 'ai');
    assert.ok(decision.data.score > 0 && decision.data.score < 1);
    assert.match(decision.data.modelVersion, /^v\d+/);
    assert.ok(decision.data.reasons.length > 0);
    assert.equal(decision.data.trustLevel, 'autonomous');
  });

  it('learns from analysts until it closes this noise itself, and measures its accuracy', async () => {
    for (let round = 0; round < 6; round++) {
      const incident = await latestIncident();
      assert.ok(incident !== undefined);
      if (incident.status !== 'resolved') {
        const closed = await h.inject({ method: 'POST', url: `/api/v1/incidents/${incident.number}/close`, token: analyst, body: { verdict: 'false_positive', note: 'backup job retrying' } });
        assert.equal(closed.statusCode, 200, closed.body);
        await new Promise((r) => setTimeout(r, 50)); // learning follows the close asynchronously
      }
      clock.advance(3 * 3_600_000); // past the grouping window: the next alert is a new item
      await sshFailure('vpn-01');
    }
    const aiClosed = (await h.vigil.store.incidents.list('acme', { statuses: ['resolved'] }, 50)).items.filter((i) => i.verdict === 'benign');
    assert.ok(aiClosed.length > 0, 'after enough benign verdicts the trusted class closes new noise');
    const closedTimeline = await h.vigil.store.timeline.forIncident('acme', aiClosed[0]?.id ?? '');
    assert.ok(closedTimeline.some((e) => e.type === 'closed' && e.actor.kind === 'ai'));

    const accuracy = (await h.inject({ method: 'GET', url: '/api/v1/triage/accuracy', token: analyst })).json() as { overall: { count: number; agreement: number | null } };
    // Only people's verdicts count: here the first incident, before the AI took over this noise.
    assert.ok(accuracy.overall.count >= 1);
    assert.ok(accuracy.overall.agreement !== null);

    // The figures count AI-closed incidents apart: they never reach a person's MTTA.
    const metrics = (await h.inject({ method: 'GET', url: '/api/v1/metrics?from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z', token: analyst })).json() as { all: { autoClosedIncidents: number; mtta: { count: number } } };
    assert.equal(metrics.all.autoClosedIncidents, aiClosed.length);
  });

  it('versions the model with every few verdicts and rolls back', async () => {
    assert.equal((await h.inject({ method: 'POST', url: '/api/v1/triage/snapshot', token: h.tokens.admin, body: {} })).statusCode, 200);
    const models = (await h.inject({ method: 'GET', url: '/api/v1/triage/models', token: analyst })).json() as { items: { version: number; active: boolean }[] };
    assert.ok(models.items.length >= 2, 'a version after the verdict, and one saved by hand');
    const oldest = models.items.at(-1)?.version ?? 0;
    const forbidden = await h.inject({ method: 'POST', url: `/api/v1/triage/models/${oldest}/activate`, token: analyst, body: {} });
    assert.equal(forbidden.statusCode, 403, 'a T2 may not roll back the model');
    const rolled = await h.inject({ method: 'POST', url: `/api/v1/triage/models/${oldest}/activate`, token: h.tokens.admin, body: {} });
    assert.equal(rolled.statusCode, 200, rolled.body);
    const after = (await h.inject({ method: 'GET', url: '/api/v1/triage/models', token: analyst })).json() as { items: { version: number; active: boolean }[] };
    assert.equal(after.items.find((m) => m.active)?.version, oldest);
    const trust = (await h.inject({ method: 'GET', url: '/api/v1/triage/trust', token: analyst })).json() as { items: { classKey: string; level: string; reason: string }[] };
    assert.ok(trust.items.some((c) => c.classKey === 'wazuh:5716' && c.level === 'autonomous'));
  });
});
