import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable, ParsedAlert } from '../../core/alert.ts';
import type { ParseOutcome } from '../parser.ts';
import { SURICATA_EVE, sharedDataLines, skipUnlessData } from './golden-data.ts';
import { suricataParser } from './suricata-parser.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';
const skip = skipUnlessData(SURICATA_EVE);
const lines = sharedDataLines(SURICATA_EVE);

function alertOf(outcome: ParseOutcome): ParsedAlert {
  if (outcome.kind !== 'alert') assert.fail(`expected an alert, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.alert;
}
const line = (n: number): ParsedAlert => alertOf(suricataParser.parse(JSON.parse(lines[n - 1] ?? 'null'), RECEIVED));
const values = (a: ParsedAlert, kind: Observable['kind'], role?: Observable['role']): string[] =>
  a.observables.filter((o) => o.kind === kind && (role === undefined || o.role === role)).map((o) => o.value);

const BAND: Readonly<Record<number, string>> = { 1: 'high', 2: 'medium', 3: 'low' };

void test('golden: every line of eve-spiral.jsonl parses into an alert with its signature, priority band, time and flow', { skip }, () => {
  assert.equal(lines.length, 138);
  for (const [i, text] of lines.entries()) {
    const r = JSON.parse(text) as {
      timestamp: string; src_ip: string; src_port: number; dest_ip: string; dest_port: number;
      alert: { signature: string; severity: number; gid: number; signature_id: number; rev: number; category: string };
      http?: { hostname?: string };
    };
    const a = alertOf(suricataParser.parse(r, RECEIVED));
    const where = `line ${i + 1}`;
    assert.equal(a.source, 'suricata', where);
    assert.equal(a.title, r.alert.signature, where);
    assert.equal(a.severity, BAND[r.alert.severity], where);
    assert.equal(a.sourceSeverity, String(r.alert.severity), where);
    assert.equal(a.ruleId, `${r.alert.gid}:${r.alert.signature_id}:${r.alert.rev}`, where);
    assert.equal(a.category, r.alert.category, where);
    const t = new Date(Date.parse(r.timestamp.replace('+0000', 'Z'))).toISOString();
    assert.equal(a.occurredAt, t, where);
    assert.equal(a.detectedAt, t, where);
    assert.deepEqual(values(a, 'ip', 'src'), [r.src_ip], where);
    assert.deepEqual(values(a, 'ip', 'dst'), [r.dest_ip], where);
    assert.deepEqual(values(a, 'port', 'src'), [String(r.src_port)], where);
    assert.deepEqual(values(a, 'port', 'dst'), [String(r.dest_port)], where);
    // A Host header that is a name is a domain; one that is an address (line 9) is the destination IP again.
    const host = r.http?.hostname;
    if (host !== undefined && !/^[\d.]+$/.test(host)) assert.deepEqual(values(a, 'domain', 'dst'), [host], where);
    else assert.deepEqual(values(a, 'domain'), [], where);
    assert.equal(a.raw, r, where);
  }
});

void test('golden line 1: invalid Host header, priority 3, no hostname', { skip }, () => {
  const a = line(1);
  assert.equal(a.title, 'SURICATA HTTP Host header invalid');
  assert.equal(a.severity, 'low');
  assert.equal(a.ruleId, '1:2221028:1');
  assert.equal(a.occurredAt, '2020-03-04T18:02:04.347Z');
  assert.deepEqual(values(a, 'ip', 'src'), ['192.168.10.81']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['192.168.10.122']);
  assert.deepEqual(values(a, 'url'), ['/']);
  assert.deepEqual(values(a, 'domain'), []);
});

void test('golden line 2: ColdFusion admin access, priority 1, URL rebuilt from Host and path', { skip }, () => {
  const a = line(2);
  assert.equal(a.title, 'ET WEB_SERVER ColdFusion administrator access');
  assert.equal(a.severity, 'high');
  assert.equal(a.category, 'Web Application Attack');
  assert.equal(a.ruleId, '1:2016184:5');
  assert.equal(a.occurredAt, '2020-03-04T18:03:51.271Z');
  assert.deepEqual(values(a, 'domain', 'dst'), ['mail.spiral.com']);
  assert.deepEqual(values(a, 'url', 'dst'), ['http://mail.spiral.com/cfide/Administrator/startstop.html']);
  assert.deepEqual(values(a, 'port', 'src'), ['59676']);
});

void test('golden line 136: cleartext password POST', { skip }, () => {
  const a = line(136);
  assert.equal(a.title, 'ET POLICY Http Client Body contains pass= in cleartext');
  assert.equal(a.severity, 'high');
  assert.equal(a.occurredAt, '2020-03-04T18:33:33.964Z');
  assert.deepEqual(values(a, 'url'), ['http://mail.spiral.com/login.php']);
  assert.deepEqual(values(a, 'user_agent', 'src'), ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:73.0) Gecko/20100101 Firefox/73.0']);
});

void test('golden line 138: reverse shell response from the server, priority 2', { skip }, () => {
  const a = line(138);
  assert.equal(a.title, 'GPL ATTACK_RESPONSE id check returned root');
  assert.equal(a.severity, 'medium');
  assert.equal(a.occurredAt, '2020-03-04T18:35:55.256Z');
  assert.deepEqual(values(a, 'ip', 'src'), ['192.168.10.122']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['192.168.10.81']);
  assert.deepEqual(values(a, 'port', 'dst'), ['9952']);
});

// Samples written from the EVE format documentation (alert metadata, dns, tls, flow records).
void test('ATT&CK from Emerging Threats metadata, TLS SNI and sensor host', () => {
  const a = alertOf(
    suricataParser.parse(
      {
        timestamp: '2024-03-01T08:00:00.123456+0100',
        event_type: 'alert',
        host: 'sensor-dmz-1',
        src_ip: '2001:DB8::10',
        src_port: 51515,
        dest_ip: '203.0.113.9',
        dest_port: 443,
        proto: 'TCP',
        alert: {
          gid: 1, signature_id: 2035465, rev: 2, severity: 1, category: 'Domain Observed Used for C2 Detected',
          signature: 'ET MALWARE Cobalt Strike Beacon TLS SNI',
          metadata: {
            mitre_tactic_id: ['TA0011'], mitre_tactic_name: ['Command_And_Control'],
            mitre_technique_id: ['T1071'], mitre_technique_name: ['Application_Layer_Protocol'],
          },
        },
        tls: { sni: 'Evil.Example.NET', version: 'TLS 1.2' },
      },
      RECEIVED,
    ),
  );
  assert.equal(a.occurredAt, '2024-03-01T07:00:00.123Z');
  assert.deepEqual(a.attacks, [
    { tacticId: 'TA0011', tactic: 'Command And Control', techniqueId: 'T1071', technique: 'Application Layer Protocol' },
  ]);
  assert.deepEqual(values(a, 'ip', 'src'), ['2001:db8::10']);
  assert.deepEqual(values(a, 'domain', 'dst'), ['evil.example.net']);
  assert.deepEqual(values(a, 'hostname', 'device'), ['sensor-dmz-1']);
});

void test('DNS query names (v2 rrname and v3 queries[]) become domains', () => {
  const a = alertOf(
    suricataParser.parse(
      {
        timestamp: '2024-03-01T08:00:00Z', event_type: 'alert', src_ip: '10.0.0.5', dest_ip: '10.0.0.53',
        alert: { signature: 'ET DNS Query to a *.top domain', severity: 2, signature_id: 1 },
        dns: { rrname: 'bad.top', queries: [{ rrname: 'bad.top' }, { rrname: 'worse.top.' }] },
      },
      RECEIVED,
    ),
  );
  assert.deepEqual(values(a, 'domain'), ['bad.top', 'worse.top']);
  assert.equal(a.ruleId, '1:1:0');
});

void test('non-alert event types are raw events with the EVE record as fields', () => {
  const flow = { timestamp: '2024-03-01T08:00:00Z', event_type: 'flow', host: 's1', src_ip: '10.0.0.1', flow: { pkts_toserver: 3 } };
  const o = suricataParser.parse(flow, RECEIVED);
  if (o.kind !== 'event') assert.fail(`expected an event, got ${o.kind}`);
  assert.equal(o.event.source, 'suricata');
  assert.equal(o.event.occurredAt, '2024-03-01T08:00:00.000Z');
  assert.equal(o.event.host, 's1');
  assert.equal(o.event.fields, flow);
  assert.equal(o.event.raw, flow);
});

void test('errors name the field', () => {
  const reason = (record: unknown): string => {
    const o = suricataParser.parse(record, RECEIVED);
    return o.kind === 'error' ? o.reason : assert.fail(`expected an error, got ${o.kind}`);
  };
  assert.match(reason({ timestamp: '2024-03-01T08:00:00Z' }), /^event_type: missing/);
  assert.match(reason({ event_type: 'alert', timestamp: '2024-03-01T08:00:00Z' }), /^alert: expected an object/);
  assert.match(reason({ event_type: 'alert', alert: { severity: 1 } }), /^alert\.signature: missing/);
  assert.match(reason({ event_type: 'alert', timestamp: '2024-13-01T08:00:00Z', alert: { signature: 'x' } }), /^timestamp: not a valid date\/time/);
  assert.match(reason('{"event_type":"alert"}'), /expected an EVE JSON object, got a string/);
});
