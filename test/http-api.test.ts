import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startHarness, type Harness } from './support/vigil-harness.ts';
import { sharedData } from './support/shared-data.ts';

const eve = sharedData('alerts/suricata/eve-spiral.jsonl');

interface Page {
  items: { id: string; title: string; severity: string; source: string; occurredAt: string; assets: { hostname: string; criticality: number; dataClasses: string[] }[] }[];
  nextCursor: string | null;
}

describe('HTTP API: alerts, assets, admin, OpenAPI', { skip: eve.skip }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const csv = [
      'hostname,ips,owner,business_service,criticality,data_classes',
      'mail-gw,192.168.10.122,IT,E-mail,4,pii',
      'db-pci-01,"10.1.1.10;10.1.1.11",Payments,Cardholder data,5,pci;pii',
      'broken-row,not-an-ip,IT,,9,',
    ].join('\n');
    const imported = await h.inject({ method: 'POST', url: '/api/v1/assets/import', body: csv, token: h.tokens.admin, headers: { 'content-type': 'text/csv' } });
    assert.equal(imported.statusCode, 200, imported.body);
    const eveText = readFileSync(eve.path, 'utf8');
    const sent = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', body: eveText, token: h.tokens.ingest });
    assert.equal(sent.statusCode, 200, sent.body);
  });
  after(async () => h.close());

  it('reports the inventory import per row, keeping the good rows', async () => {
    const list = await h.inject({ method: 'GET', url: '/api/v1/assets', token: h.tokens.viewer });
    const items = (list.json() as { items: { hostname: string; ips: string[]; dataClasses: string[] }[] }).items;
    assert.deepEqual(items.map((a) => a.hostname), ['db-pci-01', 'mail-gw']);
    assert.deepEqual(items[0]?.ips, ['10.1.1.10', '10.1.1.11']);
    assert.deepEqual(items[0]?.dataClasses, ['pci', 'pii']);
    const again = await h.inject({ method: 'POST', url: '/api/v1/assets/import', body: 'hostname,criticality\nx,0\n', token: h.tokens.admin, headers: { 'content-type': 'text/csv' } });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /criticality/);
  });

  it('refuses an inventory import from a role that may not write assets', async () => {
    const r = await h.inject({ method: 'POST', url: '/api/v1/assets/import', body: 'hostname,criticality\nx,3', token: h.tokens.t1 });
    assert.equal(r.statusCode, 403);
  });

  it('enriches alerts with the asset they touch', async () => {
    const page = (await h.inject({ method: 'GET', url: '/api/v1/alerts?asset=mail-gw&limit=5', token: h.tokens.viewer })).json() as Page;
    assert.ok(page.items.length > 0);
    for (const alert of page.items) {
      assert.deepEqual(alert.assets.map((a) => [a.hostname, a.criticality, a.dataClasses]), [['mail-gw', 4, ['pii']]]);
    }
  });

  it('pages through every alert exactly once, newest first', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let previous = '9999';
    do {
      const url: string = `/api/v1/alerts?limit=40${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = (await h.inject({ method: 'GET', url, token: h.tokens.viewer })).json() as Page;
      for (const a of page.items) {
        assert.ok(!seen.has(a.id));
        assert.ok(a.occurredAt <= previous);
        previous = a.occurredAt;
        seen.add(a.id);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.equal(seen.size, await h.vigil.store.alerts.count('acme'));
  });

  it('filters by severity, source, time range and text', async () => {
    const high = (await h.inject({ method: 'GET', url: '/api/v1/alerts?severity=high&limit=1000', token: h.tokens.viewer })).json() as Page;
    assert.ok(high.items.length > 0);
    assert.ok(high.items.every((a) => a.severity === 'high'));
    const none = (await h.inject({ method: 'GET', url: '/api/v1/alerts?source=wazuh', token: h.tokens.viewer })).json() as Page;
    assert.equal(none.items.length, 0);
    const window = (await h.inject({ method: 'GET', url: '/api/v1/alerts?from=2020-03-04T18:00:00Z&to=2020-03-04T18:05:00Z&limit=1000', token: h.tokens.viewer })).json() as Page;
    assert.ok(window.items.length > 0);
    assert.ok(window.items.every((a) => a.occurredAt >= '2020-03-04T18:00:00' && a.occurredAt < '2020-03-04T18:05:00'));
    const text = (await h.inject({ method: 'GET', url: '/api/v1/alerts?q=coldfusion&limit=1000', token: h.tokens.viewer })).json() as Page;
    assert.ok(text.items.length > 0 && text.items.every((a) => /coldfusion/i.test(a.title)));
  });

  it('explains bad query parameters', async () => {
    const r = await h.inject({ method: 'GET', url: '/api/v1/alerts?from=yesterday', token: h.tokens.viewer });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /not an ISO 8601 time/);
    const s = await h.inject({ method: 'GET', url: '/api/v1/alerts?severity=urgent', token: h.tokens.viewer });
    assert.equal(s.statusCode, 400);
  });

  it('fetches one alert with its original payload, and hides it from other tenants', async () => {
    const page = (await h.inject({ method: 'GET', url: '/api/v1/alerts?limit=1', token: h.tokens.viewer })).json() as Page;
    const id = page.items[0]?.id ?? '';
    const one = (await h.inject({ method: 'GET', url: `/api/v1/alerts/${id}`, token: h.tokens.viewer })).json() as { raw: { event_type: string } };
    assert.equal(one.raw.event_type, 'alert');
    const other = await h.inject({ method: 'GET', url: `/api/v1/alerts/${id}`, token: h.tokens.otherAdmin });
    assert.equal(other.statusCode, 404);
    const forced = await h.inject({ method: 'GET', url: `/api/v1/alerts/${id}?tenant=acme`, token: h.tokens.otherAdmin });
    assert.equal(forced.statusCode, 403);
  });

  it('makes an MSSP operator with several tenants name one', async () => {
    const r = await h.inject({ method: 'GET', url: '/api/v1/alerts', token: h.tokens.mssp });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /several tenants/);
    const ok = await h.inject({ method: 'GET', url: '/api/v1/alerts?limit=1', token: h.tokens.mssp, headers: { 'x-vigil-tenant': 'globex' } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual((ok.json() as Page).items, []);
    const me = (await h.inject({ method: 'GET', url: '/api/v1/me', token: h.tokens.mssp })).json() as { tenants: { id: string }[] };
    assert.deepEqual(me.tenants.map((t) => t.id), ['acme', 'globex']);
  });

  it('lets a tenant admin issue and revoke an ingest token, shown once', async () => {
    const created = await h.inject({ method: 'POST', url: '/api/v1/tokens', body: { name: 'fluent-bit' }, token: h.tokens.admin });
    assert.equal(created.statusCode, 201);
    const { id, token } = created.json() as { id: string; token: string };
    assert.match(token, /^vgl_/);
    const listed = await h.inject({ method: 'GET', url: '/api/v1/tokens', token: h.tokens.admin });
    assert.ok(!listed.body.includes(token));
    const use = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', body: readFileSync(eve.path, 'utf8').split('\n')[0] ?? '', token });
    assert.equal(use.statusCode, 200);
    assert.equal((await h.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, token: h.tokens.admin })).statusCode, 204);
    h.vigil.authenticator.forget();
    const after = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', body: '{}', token });
    assert.equal(after.statusCode, 401);
    assert.match(after.body, /revoked/);
    const notAdmin = await h.inject({ method: 'POST', url: '/api/v1/tokens', body: { name: 'x' }, token: h.tokens.t1 });
    assert.equal(notAdmin.statusCode, 403);
  });

  it('serves an OpenAPI description of the API without authentication', async () => {
    const r = await h.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(r.statusCode, 200);
    const doc = r.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/api/v1/alerts', '/api/v1/alerts/{id}', '/api/v1/events', '/api/v1/assets/import']) {
      assert.ok(path in doc.paths, `${path} missing from OpenAPI`);
    }
  });
});
