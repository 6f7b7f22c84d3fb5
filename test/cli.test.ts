import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedData } from './support/shared-data.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const wazuh = sharedData('alerts/wazuh/ossec_spiral.jsonl');

/** The `vigil` command as a user runs it: bin/vigil from the checkout, store named by VIGIL_DATABASE_URL. */
describe('vigil command', { skip: wazuh.skip }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const vigil = (...args: string[]) => {
    const r = spawnSync(join(repo, 'bin/vigil'), args, { env, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    env = { ...process.env, VIGIL_DATABASE_URL: join(dir, 'v.db') };
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('creates a tenant, ingests a file with a bad line, recognises the re-sent file, and lists incidents', () => {
    assert.equal(vigil('tenant', 'create', 'acme', '--name', 'Acme', '--time-zone', 'Europe/Vienna', '--country', 'AT').status, 0);
    const lines = readFileSync(wazuh.path, 'utf8').split('\n').filter((l) => l !== '').slice(0, 50);
    lines.splice(10, 0, '{"rule": "not an object"}', 'not json at all');
    const file = join(dir, 'alerts.jsonl');
    writeFileSync(file, lines.join('\n'));

    const first = vigil('ingest', '--tenant', 'acme', '--format', 'wazuh', file);
    assert.equal(first.status, 0, first.err);
    const s1 = first.json();
    assert.equal(s1['accepted'], 50);
    assert.equal(s1['rejected'], 2);
    const rejected = s1['rejectedRecords'] as { position: { line: number }; reason: string }[];
    assert.deepEqual(rejected.map((r) => r.position.line), [11, 12]);
    assert.match(rejected[0]?.reason ?? '', /rule/);
    assert.match(rejected[1]?.reason ?? '', /not valid JSON/);

    const second = vigil('ingest', '--tenant', 'acme', '--format', 'wazuh', file).json();
    assert.equal(second['accepted'], 0);
    assert.equal(second['duplicates'], 50);

    const incidents = vigil('incidents', '--tenant', 'acme');
    assert.equal(incidents.status, 0, incidents.err);
    assert.ok((JSON.parse(incidents.out) as unknown[]).length > 0);
  });

  it('issues an ingest token once and reports figures', () => {
    const token = vigil('token', 'create', '--tenant', 'acme', '--role', 'ingest', '--name', 'shipper').json();
    assert.match(String(token['token']), /^vgl_/);
    const metrics = vigil('metrics', '--tenant', 'acme', '--from', '2020-01-01T00:00:00Z');
    assert.equal(metrics.status, 0, metrics.err);
    assert.ok('bands' in metrics.json());
  });

  it('explains mistakes instead of crashing', () => {
    const r = vigil('ingest', '--tenant', 'acme', '--format', 'nope', join(dir, 'alerts.jsonl'));
    assert.notEqual(r.status, 0);
    assert.match(r.err, /unknown format "nope": supported formats are/);
  });
});
