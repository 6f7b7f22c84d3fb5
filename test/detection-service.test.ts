import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startHarness, type Harness } from './support/vigil-harness.ts';

const rules = fileURLToPath(new URL('../rules/demo', import.meta.url));

/** Raw events sent to Vigil run through the Sigma rules; every match becomes an alert in the normal path. */
describe('detection in the service', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: { detect: { ruleDirs: [rules] } } });
  });
  after(async () => h.close());

  const sysmon = (i: number, commandLine: string) => ({
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Hostname: 'pos-store-007',
    UtcTime: `2026-04-03 02:1${i}:00.000`,
    Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    CommandLine: commandLine,
    User: 'NORTHWIND\\svc_backup',
  });

  it('turns a matching event into an alert with the rule, level, ATT&CK tags and the event time', async () => {
    const body = [sysmon(1, 'powershell.exe -NoProfile -enc SQBFAFgA'), sysmon(2, 'powershell.exe Get-Date')].map((e) => JSON.stringify(e)).join('\n');
    const r = await h.inject({ method: 'POST', url: '/api/v1/events?source=windows', body, token: h.tokens.ingest });
    assert.equal(r.statusCode, 200, r.body);
    const detection = h.vigil.detection;
    assert.ok(detection !== undefined);
    assert.equal(await detection.drain(), 1);
    const page = await h.vigil.store.alerts.list('acme', { sources: ['sigma'] }, 10);
    assert.equal(page.items.length, 1);
    const alert = page.items[0];
    assert.equal(alert?.title, 'PowerShell started with an encoded command');
    assert.equal(alert?.severity, 'high');
    assert.equal(alert?.occurredAt, '2026-04-03T02:11:00.000Z');
    assert.ok(alert?.attacks.some((a) => a.techniqueId === 'T1059.001'));
    assert.ok(alert?.observables.some((o) => o.kind === 'hostname' && o.value === 'pos-store-007'));
    // Evaluating again finds nothing new: the offset moved, and a repeat would be a duplicate anyway.
    assert.equal(await detection.drain(), 0);
  });

  it('fires a correlation over the live stream (ten failed logons for one account in five minutes)', async () => {
    const failed = Array.from({ length: 10 }, (_, i) => ({ Channel: 'Security', EventID: 4625, Hostname: 'dc-01', TargetUserName: 'j.smith', EventTime: `2026-04-03 03:00:${String(i * 10).padStart(2, '0')}` }));
    await h.inject({ method: 'POST', url: '/api/v1/events?source=windows', body: failed.map((e) => JSON.stringify(e)).join('\n'), token: h.tokens.ingest });
    await h.vigil.detection?.drain();
    const burst = await h.vigil.store.alerts.list('acme', { text: 'Burst of failed logons' }, 10);
    assert.equal(burst.items.length, 1);
    assert.equal(burst.items[0]?.severity, 'high');
  });
});
