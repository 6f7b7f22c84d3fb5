import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startHarness, type Harness } from './support/vigil-harness.ts';
import { sharedData } from './support/shared-data.ts';

interface Summary {
  accepted: number;
  duplicates: number;
  rejected: number;
  events: number;
  errors: { position: { index: number; line?: number }; reason: string }[];
  alertIds: string[];
}

const wazuh = sharedData('alerts/wazuh/ossec_spiral.jsonl');
const eve = sharedData('alerts/suricata/eve-spiral.jsonl');

describe('HTTP intake', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: { server: { bodyLimitBytes: 2 * 1024 * 1024 } } });
  });
  after(async () => h.close());

  it('refuses requests without a valid token', async () => {
    const none = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: '{}' });
    assert.equal(none.statusCode, 401);
    const bad = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: '{}', token: 'vgl_nope' });
    assert.equal(bad.statusCode, 401);
    assert.match(bad.body, /unknown API token/);
  });

  it('stores a Wazuh NDJSON batch once; the same batch again is all duplicates', { skip: wazuh.skip }, async () => {
    const text = readFileSync(wazuh.path, 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '').length;
    const first = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: text, token: h.tokens.ingest, headers: { 'content-type': 'application/x-ndjson' } });
    assert.equal(first.statusCode, 200, first.body);
    const s1 = first.json() as Summary;
    assert.equal(s1.accepted + s1.duplicates + s1.rejected + s1.events, lines);
    assert.ok(s1.accepted > lines * 0.9, `accepted ${s1.accepted} of ${lines}`);
    const second = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: text, token: h.tokens.ingest, headers: { 'content-type': 'application/x-ndjson' } });
    const s2 = second.json() as Summary;
    assert.equal(s2.accepted, 0);
    assert.equal(s2.duplicates, s1.accepted + s1.duplicates);
    assert.equal(await h.vigil.store.alerts.count('acme'), s1.accepted);
  });

  it('keeps the good records of a batch and names the bad ones by line', { skip: eve.skip }, async () => {
    const good = readFileSync(eve.path, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 3);
    const body = [good[0], '{"broken": ', good[1], '[1,2]', good[2]].join('\n');
    const response = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', body, token: h.tokens.ingest });
    assert.equal(response.statusCode, 200, response.body);
    const s = response.json() as Summary;
    assert.equal(s.accepted + s.duplicates, 3);
    assert.equal(s.rejected, 2);
    assert.deepEqual(s.errors.map((e) => e.position.line), [2, 4]);
    assert.match(s.errors[0]?.reason ?? '', /not valid JSON/);
    assert.match(s.errors[1]?.reason ?? '', /expected a JSON object/);
  });

  it('accepts a JSON array and a single object', { skip: eve.skip }, async () => {
    const records = readFileSync(eve.path, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(10, 14).map((l) => JSON.parse(l) as object);
    const array = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', body: records.slice(0, 3), token: h.tokens.ingest });
    assert.equal((array.json() as Summary).accepted + (array.json() as Summary).duplicates, 3);
    const single = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=suricata', body: records[3] ?? {}, token: h.tokens.ingest });
    assert.equal(single.statusCode, 200);
    assert.equal((single.json() as Summary).accepted + (single.json() as Summary).duplicates, 1);
  });

  it('answers 400 with the supported formats for an unknown format', async () => {
    const response = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=nope', body: '{}', token: h.tokens.ingest });
    assert.equal(response.statusCode, 400);
    assert.match((response.json() as { error: { message: string } }).error.message, /unknown format "nope": supported formats are .*wazuh/);
  });

  it('answers 413 to an oversized body', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const response = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: huge, token: h.tokens.ingest });
    assert.equal(response.statusCode, 413);
    assert.match(response.body, /body_too_large/);
  });

  it('answers 400 when every record is rejected, with each reason', async () => {
    const response = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: 'nope\n{"x":', token: h.tokens.ingest });
    assert.equal(response.statusCode, 400);
    const body = response.json() as { error: { code: string; details: Summary } };
    assert.equal(body.error.code, 'all_rejected');
    assert.equal(body.error.details.rejected, 2);
  });

  it('lets an ingest token write but not read, and never another tenant', async () => {
    const read = await h.inject({ method: 'GET', url: '/api/v1/alerts', token: h.tokens.ingest });
    assert.equal(read.statusCode, 403);
    const other = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh&tenant=globex', body: '{}', token: h.tokens.ingest });
    assert.equal(other.statusCode, 403);
    assert.match(other.body, /no access to tenant globex/);
  });

  it('lets a viewer read but not write', async () => {
    const write = await h.inject({ method: 'POST', url: '/api/v1/alerts?format=wazuh', body: '{}', token: h.tokens.viewer });
    assert.equal(write.statusCode, 403);
    const read = await h.inject({ method: 'GET', url: '/api/v1/alerts?limit=5', token: h.tokens.viewer });
    assert.equal(read.statusCode, 200);
  });

  it('stores non-alert records as raw events', async () => {
    const response = await h.inject({
      method: 'POST',
      url: '/api/v1/events?source=windows',
      body: '{"EventID": 4625, "Hostname": "DC01", "UtcTime": "2026-03-01 10:00:00.000"}\n{"EventID": 1}',
      token: h.tokens.ingest,
    });
    const s = response.json() as Summary;
    assert.equal(s.events, 2);
    const events = await h.vigil.store.rawEvents.list('acme', 0, 10);
    const dc = events.find((e) => e.host === 'DC01');
    assert.equal(dc?.occurredAt, '2026-03-01T10:00:00.000Z');
  });
});
