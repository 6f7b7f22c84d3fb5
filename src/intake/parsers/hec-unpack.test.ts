import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitConcatenatedJson } from './json-stream.ts';
import { createMappingParser } from './mapping-parser.ts';
import { parserForSourcetype, unpackHec } from './hec-unpack.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';

const wazuhEvent = {
  timestamp: '2024-05-02T10:15:03.000+0000',
  rule: { level: 10, description: 'sshd: brute force trying to get access to the system.', id: '5712' },
  agent: { name: 'bastion-1' },
  data: { srcip: '203.0.113.5' },
};
const eveEvent = { timestamp: '2024-05-02T10:15:04Z', event_type: 'alert', src_ip: '10.0.0.5', dest_ip: '198.51.100.1', alert: { signature: 'ET SCAN', severity: 2 } };

void test('concatenated objects, with and without whitespace between, each routed by sourcetype', () => {
  const body =
    JSON.stringify({ time: 1714644903.5, host: 'wazuh-mgr', sourcetype: 'wazuh-alerts', index: 'sec', event: wazuhEvent }) +
    JSON.stringify({ sourcetype: 'suricata:eve', event: eveEvent }) +
    '\n\n  ' +
    JSON.stringify({ time: '1714644905', host: 'fw01', sourcetype: 'cef', event: 'CEF:0|Acme|NGFW|9|1|Blocked {weird} "quote"|3|src=1.2.3.4' }) +
    '\r\n' +
    JSON.stringify({ sourcetype: 'syslog', host: 'web-1', event: '<13>Jun  1 11:00:00 web-1 app: hello' });
  const out = unpackHec(body, { receivedAt: RECEIVED });
  assert.deepEqual(out.map((r) => [r.index, r.format, r.outcome.kind]), [
    [0, 'wazuh', 'alert'],
    [1, 'suricata', 'alert'],
    [2, 'cef', 'alert'],
    [3, 'syslog', 'event'],
  ]);
  const [wazuh, eve, cef] = out;
  if (wazuh?.outcome.kind !== 'alert' || eve === undefined || cef?.outcome.kind !== 'alert') assert.fail('expected alerts');
  assert.equal(wazuh.meta.time, '2024-05-02T10:15:03.500Z');
  assert.equal(wazuh.meta.index, 'sec');
  assert.equal(eve.offset, body.indexOf('{"sourcetype":"suricata:eve"'));
  assert.equal(cef.outcome.alert.title, 'Blocked {weird} "quote"');
  assert.equal(cef.outcome.alert.occurredAt, '2024-05-02T10:15:05.000Z'); // HEC time, CEF carries none
  assert.ok(cef.outcome.alert.observables.some((o) => o.kind === 'hostname' && o.value === 'fw01' && o.role === 'device'));
  // The Wazuh alert names its own device; the HEC host is not added.
  assert.deepEqual(wazuh.outcome.alert.observables.filter((o) => o.role === 'device').map((o) => o.value), ['bastion-1']);
});

void test('malformed objects are rejected with their position; the good ones are kept', () => {
  const good = JSON.stringify({ sourcetype: 'suricata', event: eveEvent });
  const body = [good, '{"event": nope}', good, 'garbage here', good, '{"sourcetype":"suricata"}', '{"event":""}', '{"event":{"a":1},"time":"yesterday"}', good, '{"event": {"unclosed": 1}'].join('\n');
  const out = unpackHec(body, { receivedAt: RECEIVED });
  const summary = out.map((r) => (r.outcome.kind === 'error' ? `${r.index}:error` : `${r.index}:${r.outcome.kind}`));
  assert.deepEqual(summary, ['0:alert', '1:error', '2:alert', '3:error', '4:alert', '5:error', '6:error', '7:error', '8:alert', '9:error']);
  const reasons = out.filter((r) => r.outcome.kind === 'error').map((r) => (r.outcome.kind === 'error' ? r.outcome.reason : ''));
  assert.match(reasons[0] ?? '', new RegExp(`^object 1 at offset ${good.length + 1}: invalid JSON`));
  assert.match(reasons[1] ?? '', /^object 3 at offset \d+: expected "\{" but found "garbage here\\n"/);
  assert.match(reasons[2] ?? '', /^object 5 at offset \d+: event: missing/);
  assert.match(reasons[3] ?? '', /^object 6 at offset \d+: event: blank/);
  assert.match(reasons[4] ?? '', /^object 7 at offset \d+: time: expected epoch seconds, got "yesterday"/);
  assert.match(reasons[5] ?? '', /^object 9 at offset \d+: unterminated JSON object/);
});

void test('a parser error inside an object carries the object position', () => {
  const out = unpackHec(JSON.stringify({ sourcetype: 'wazuh', event: { rule: { level: 3 } } }), { receivedAt: RECEIVED });
  const first = out[0]?.outcome;
  if (first?.kind !== 'error') assert.fail('expected an error');
  assert.equal(first.reason, 'object 0 at offset 0: rule.description: missing or empty, got undefined');
});

void test('unknown sourcetypes and _json without a mapping are raw events; _json with a mapping is parsed', () => {
  const body = JSON.stringify({ sourcetype: 'WinEventLog:Security', host: 'dc01', time: 1714644903, event: { EventCode: 4625 } }) + JSON.stringify({ sourcetype: '_json', event: { name: 'x', sev: 'high' } }) + JSON.stringify({ event: 'no sourcetype at all' });
  const raw = unpackHec(body, { receivedAt: RECEIVED });
  assert.deepEqual(raw.map((r) => [r.format, r.outcome.kind]), [['raw', 'event'], ['raw', 'event'], ['raw', 'event']]);
  const first = raw[0]?.outcome;
  if (first?.kind === 'event') {
    assert.deepEqual([first.event.source, first.event.host, first.event.occurredAt, first.event.fields], ['WinEventLog:Security', 'dc01', '2024-05-02T10:15:03.000Z', { EventCode: 4625 }]);
  }
  const third = raw[2]?.outcome;
  if (third?.kind === 'event') assert.deepEqual([third.event.source, third.event.fields], ['hec', { message: 'no sourcetype at all' }]);

  const jsonParser = createMappingParser({ name: 'custom', fields: { title: 'name', severity: 'sev' } });
  const mapped = unpackHec(body, { receivedAt: RECEIVED, jsonParser, defaultSourcetype: '_json' });
  assert.deepEqual(mapped.map((r) => [r.format, r.outcome.kind]), [['raw', 'event'], ['custom', 'alert'], ['custom', 'error']]);
});

void test('JSON-format events sent as strings are parsed; line formats refuse objects', () => {
  const body = JSON.stringify({ sourcetype: 'suricata', event: JSON.stringify(eveEvent) }) + JSON.stringify({ sourcetype: 'cef', event: { not: 'a line' } }) + JSON.stringify({ sourcetype: 'ocsf', event: 'not json' });
  const out = unpackHec(body, { receivedAt: RECEIVED });
  assert.deepEqual(out.map((r) => r.outcome.kind), ['alert', 'error', 'error']);
});

void test('a JSON array body and a Buffer body', () => {
  const arr = JSON.stringify([{ sourcetype: 'suricata', event: eveEvent }, { sourcetype: 'suricata', event: eveEvent }]);
  assert.deepEqual(unpackHec(Buffer.from(arr), { receivedAt: RECEIVED }).map((r) => [r.index, r.outcome.kind]), [[0, 'alert'], [1, 'alert']]);
  assert.equal(unpackHec('', { receivedAt: RECEIVED }).length, 0);
});

void test('sourcetype routing table', () => {
  const f = (st: string): string | undefined => parserForSourcetype(st)?.format;
  assert.deepEqual(
    ['wazuh', 'wazuh-alerts', 'suricata', 'suricata:eve', 'cef', 'cef:syslog', 'fortigate:cef', 'syslog', 'linux:syslog', 'ocsf', 'ocsf:detection_finding', 'elastic', 'elastic:alerts', '_json', 'access_combined'].map(f),
    ['wazuh', 'wazuh', 'suricata', 'suricata', 'cef', 'cef', 'cef', 'syslog', 'syslog', 'ocsf', 'ocsf', 'elastic', 'elastic', undefined, undefined],
  );
});

void test('the splitter copes with braces and escapes inside strings', () => {
  const chunks = splitConcatenatedJson('{"a":"}{\\"\\\\"}{"b":[1,{"c":"]"}]}');
  assert.deepEqual(chunks.map((c) => (c.kind === 'value' ? c.value : c.reason)), [{ a: '}{"\\' }, { b: [1, { c: ']' }] }]);
});
