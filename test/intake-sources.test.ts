import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { createLogger } from '../src/logger.ts';

/** The other ways alerts arrive: Splunk HEC, CEF and syslog lines, syslog over UDP and TCP, and config mappings. */
describe('intake sources end to end', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-src-'));
    const config = loadConfig({
      env: {},
      overrides: {
        database: { url: join(dir, 'v.db') },
        server: { port: 0 },
        syslog: { enabled: true, udpPort: 0, tcpPort: 0, tenant: 'acme' },
        intake: {
          mappings: [
            { name: 'edr-x', fields: { title: 'detection.name', severity: 'detection.level', occurredAt: 'ts', findingUid: 'uuid', host: 'endpoint.hostname', user: 'endpoint.user' }, severityMap: { '1': 'low', '2': 'high' } },
          ],
        },
      },
    });
    // The syslog tenant must exist before the listener starts: create it through a first, short-lived server.
    const seed = await startServer({ ...config, syslog: { ...config.syslog, enabled: false } }, createLogger('silent'));
    await seed.vigil.identities.createTenant({ id: 'acme', name: 'Acme', timeZone: 'UTC' });
    token = (await seed.vigil.identities.createServiceToken('acme', 'ingest', 'shipper')).token;
    await seed.stop();
    server = await startServer(config, createLogger('silent'));
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: string, auth = `Bearer ${token}`) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'text/plain' }, body });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  const waitFor = async (predicate: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await predicate()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('timed out waiting');
  };
  const titles = async () => (await server.vigil.store.alerts.list('acme', {}, 1000)).items.map((a) => a.title);

  it('takes Splunk HEC bodies with the Splunk token scheme, routing by sourcetype', async () => {
    const body = [
      JSON.stringify({ time: 1767225600, host: 'sensor-1', sourcetype: 'suricata', event: { timestamp: '2026-01-01T00:00:00.000000+0000', event_type: 'alert', src_ip: '10.0.0.1', dest_ip: '10.0.0.2', alert: { signature: 'ET TEST HEC alert', severity: 1, signature_id: 1 } } }),
      '{"broken":',
      JSON.stringify({ sourcetype: 'linux:audit', event: { type: 'EXECVE' } }),
    ].join('\n');
    const r = await post('/services/collector/event', body, `Splunk ${token}`);
    assert.equal(r.status, 200);
    assert.equal(r.json['text'], 'Success');
    assert.equal(r.json['code'], 0);
    assert.equal(r.json['accepted'], 1);
    assert.equal(r.json['events'], 1);
    assert.equal(r.json['rejected'], 1);
    assert.ok((await titles()).includes('ET TEST HEC alert'));
    const health = await fetch(`${server.url}/services/collector/health`);
    assert.equal(health.status, 200);
  });

  it('takes CEF lines, with and without a syslog header', async () => {
    const lines = [
      'CEF:0|Fortinet|FortiGate|7.2|0419016384|ips: Exploit.Struts|9|src=10.1.1.5 dst=10.1.1.9 rt=1767225600000',
      '<134>Jan  1 00:00:01 fw01 CEF:0|Palo Alto|PAN-OS|10|threat|Credential phishing page|7|src=10.2.2.2 dhost=mail.example.com',
    ].join('\n');
    const r = await post('/api/v1/alerts?format=cef', lines);
    assert.equal(r.status, 200);
    assert.equal(r.json['accepted'], 2);
    const t = await titles();
    assert.ok(t.includes('ips: Exploit.Struts') && t.includes('Credential phishing page'));
  });

  it('takes generic JSON through a mapping from the config', async () => {
    const r = await post('/api/v1/alerts?format=edr-x', JSON.stringify({ uuid: 'e-1', ts: '2026-01-02T03:04:05Z', detection: { name: 'Ransomware behaviour', level: 2 }, endpoint: { hostname: 'lt-9', user: 'kim' } }));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const alert = (await server.vigil.store.alerts.list('acme', { text: 'Ransomware' }, 5)).items[0];
    assert.equal(alert?.severity, 'high');
    assert.equal(alert?.occurredAt, '2026-01-02T03:04:05.000Z');
    assert.ok(alert?.observables.some((o) => o.kind === 'user' && o.value === 'kim'));
  });

  it('receives syslog over UDP and TCP (octet-counted and newline framing); an unparseable line is kept as an event', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => { udp.send('<13>Jan  2 10:00:00 fw02 CEF:0|Acme|NGFW|1|100|UDP syslog alert|8|src=10.9.9.9', server.syslog?.udp ?? 0, '127.0.0.1', (e) => {
        if (e) reject(e);
        else resolve();
      }); });
    udp.close();
    const cef = '<13>1 2026-01-02T10:00:00Z fw03 ngfw - - - CEF:0|Acme|NGFW|1|101|TCP octet alert|8|src=10.8.8.8';
    const socket = connect(server.syslog?.tcp ?? 0, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', r));
    socket.write(`${Buffer.byteLength(cef)} ${cef}`);
    socket.write('<13>Jan  2 10:00:02 fw04 CEF:0|Acme|NGFW|1|102|TCP newline alert|8|src=10.7.7.7\nthis is not syslog at all\n');
    socket.end();
    await waitFor(async () => {
      const t = await titles();
      return ['UDP syslog alert', 'TCP octet alert', 'TCP newline alert'].every((x) => t.includes(x));
    });
    await waitFor(async () => (await server.vigil.store.rawEvents.list('acme', 0, 100)).some((e) => JSON.stringify(e.raw).includes('not syslog')));
  });

  it('routes arriving alerts into incidents while serving', async () => {
    await waitFor(async () => (await server.vigil.store.incidents.list('acme', {}, 10)).items.length > 0);
  });
});
