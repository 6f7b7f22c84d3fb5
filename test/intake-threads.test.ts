import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredRef } from '../src/store/alert-batch.ts';
import { startHarness, type Harness } from './support/vigil-harness.ts';

interface Summary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { position: { index: number; line?: number }; reason: string }[];
  alertIds: string[];
}

/** A Wazuh alerts.json line on host `agent` with a unique id. */
const wazuhLine = (id: string, agent: string) =>
  JSON.stringify({
    timestamp: '2026-03-04T18:02:04.347+0000',
    id,
    rule: { level: 10, description: 'sshd: brute force trying to get access to the system', id: '5712', groups: ['sshd'] },
    agent: { id: '007', name: agent, ip: '10.1.2.3' },
    full_log: `sshd[1]: Failed password for root from 203.0.113.9 (${id})`,
  });

/**
 * Bodies sent to /api/v1/alerts on a SQLite file are parsed and written by the intake threads: these
 * checks are about what crossing threads could break (enrichment, dedupe between threads, what the
 * request thread is told, errors found on a thread).
 */
describe('intake threads (SQLite file)', () => {
  let h: Harness;
  const announced: StoredRef[] = [];
  before(async () => {
    h = await startHarness({ config: { intake: { threads: 2 } } });
    h.vigil.intake.onStored((_tenant, alerts) => announced.push(...alerts));
  });
  after(async () => h.close());

  const post = async (body: string, format = 'wazuh') =>
    h.inject({ method: 'POST', url: `/api/v1/alerts?format=${format}`, body, token: h.tokens.ingest, headers: { 'content-type': 'application/x-ndjson' } });

  it('enriches with the inventory, and with the new inventory right after an import', async () => {
    await h.vigil.assets.importText('acme', 'hostname,ips,criticality,data_classes\npos-till-7,10.1.2.3,3,pci\n', 'csv');
    // Both threads answer (requests go to the least busy one), so send several at once.
    const first = await Promise.all(Array.from({ length: 4 }, (_, i) => post(wazuhLine(`enrich-a-${i}`, 'pos-till-7'))));
    for (const response of first) {
      const id = (response.json() as Summary).alertIds[0] ?? '';
      assert.deepEqual((await h.vigil.store.alerts.get('acme', id))?.assets.map((a) => a.criticality), [3]);
    }
    await h.vigil.assets.importText('acme', 'hostname,ips,criticality,data_classes\npos-till-7,10.1.2.3,5,pci\n', 'csv');
    const second = await Promise.all(Array.from({ length: 4 }, (_, i) => post(wazuhLine(`enrich-b-${i}`, 'pos-till-7'))));
    for (const response of second) {
      const id = (response.json() as Summary).alertIds[0] ?? '';
      assert.deepEqual((await h.vigil.store.alerts.get('acme', id))?.assets.map((a) => a.criticality), [5]);
    }
  });

  it('stores each alert once when overlapping batches race on both threads, and announces each once', async () => {
    announced.length = 0;
    const before = await h.vigil.store.alerts.count('acme');
    // Eight batches of 300 over 1,200 distinct alerts: every alert is sent twice, by different requests.
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 300 }, (_, i) => wazuhLine(`race-${((b % 4) * 300 + i) % 1200}`, `host-${i % 7}`)).join('\n'),
    );
    const summaries = (await Promise.all(batches.map((body) => post(body)))).map((r) => r.json() as Summary);
    const accepted = summaries.reduce((n, s) => n + s.accepted, 0);
    const duplicates = summaries.reduce((n, s) => n + s.duplicates, 0);
    assert.equal(accepted, 1200);
    assert.equal(duplicates, 1200);
    assert.equal(await h.vigil.store.alerts.count('acme'), before + 1200);
    assert.equal(announced.length, 1200);
    assert.equal(new Set(announced.map((a) => a.id)).size, 1200);
    assert.deepEqual(new Set(announced.map((a) => a.id)), new Set(summaries.flatMap((s) => s.alertIds)));
  });

  it('reports bad records by line from a thread and keeps the good ones', async () => {
    const response = await post([wazuhLine('bad-0', 'h'), '{"broken": ', wazuhLine('bad-1', 'h')].join('\n'));
    assert.equal(response.statusCode, 200, response.body);
    const s = response.json() as Summary;
    assert.equal(s.accepted, 2);
    assert.deepEqual(s.errors.map((e) => e.position.line), [2]);
  });

  it('answers a user error found on a thread as the same 400', async () => {
    const response = await post('   \n  ');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /empty_body/);
    const unknown = await post(wazuhLine('x', 'h'), 'no-such-format');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /supported formats are/);
  });
});
