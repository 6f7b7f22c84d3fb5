import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable, ParsedAlert } from '../../core/alert.ts';
import type { ParseOutcome } from '../parser.ts';
import { parseCefMessage, parseExtension } from './cef-line.ts';
import { cefParser } from './cef-parser.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';

function alertOf(outcome: ParseOutcome): ParsedAlert {
  if (outcome.kind !== 'alert') assert.fail(`expected an alert, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.alert;
}
const parse = (line: string): ParsedAlert => alertOf(cefParser.parse(line, RECEIVED));
const values = (a: ParsedAlert, kind: Observable['kind'], role?: Observable['role']): string[] =>
  a.observables.filter((o) => o.kind === kind && (role === undefined || o.role === role)).map((o) => o.value);
const reason = (line: unknown): string => {
  const o = cefParser.parse(line, RECEIVED);
  return o.kind === 'error' ? o.reason : assert.fail(`expected an error, got ${o.kind}`);
};

void test('the basic CEF example: header fields, severity 10, observables', () => {
  const line = 'CEF:0|security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232';
  const a = parse(line);
  assert.equal(a.source, 'cef');
  assert.equal(a.title, 'worm successfully stopped');
  assert.equal(a.severity, 'critical');
  assert.equal(a.sourceSeverity, '10');
  assert.equal(a.ruleId, '100');
  assert.deepEqual(values(a, 'ip', 'src'), ['10.0.0.1']);
  assert.deepEqual(values(a, 'port', 'src'), ['1232']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['2.1.2.2']);
  assert.equal(a.occurredAt, RECEIVED); // no time anywhere: the receive time
  assert.equal(a.raw, line);
});

void test('header escaping: \\| and \\\\ in header fields', () => {
  const r = parseCefMessage('CEF:0|secu\\|rity|threat\\\\manager|1.0|100|detected a \\| in message|10|src=10.0.0.1');
  if (!r.ok) assert.fail(r.reason);
  assert.equal(r.cef.deviceVendor, 'secu|rity');
  assert.equal(r.cef.deviceProduct, 'threat\\manager');
  assert.equal(r.cef.name, 'detected a | in message');
  assert.deepEqual(r.cef.extension, { src: '10.0.0.1' });
});

void test('extension escaping: \\=, \\\\, \\n, \\r; unescaped pipes; spaces in values; Windows paths kept', () => {
  assert.deepEqual(parseExtension('act=blocked a \\= dst=1.1.1.1'), { act: 'blocked a =', dst: '1.1.1.1' });
  assert.deepEqual(parseExtension('act=blocked a \\\\ dst=1.1.1.1'), { act: 'blocked a \\', dst: '1.1.1.1' });
  assert.deepEqual(parseExtension('act=blocked a | dst=1.1.1.1'), { act: 'blocked a |', dst: '1.1.1.1' });
  assert.deepEqual(parseExtension('msg=line one\\nline two\\r end  cs1=x'), { msg: 'line one\nline two\r end', cs1: 'x' });
  assert.deepEqual(parseExtension('filePath=C:\\Windows\\System32\\evil.dll fname=evil.dll'), {
    filePath: 'C:\\Windows\\System32\\evil.dll',
    fname: 'evil.dll',
  });
  assert.deepEqual(parseExtension('request=https://x.example/a?b=c&d=e src=1.2.3.4'), { request: 'https://x.example/a?b=c&d=e', src: '1.2.3.4' });
  assert.deepEqual(parseExtension('  '), {});
  assert.deepEqual(parseExtension('msg='), { msg: '' });
  assert.match(parseExtension('garbage without pairs') as string, /no key=value pair/);
  assert.match(parseExtension('lead text src=1.1.1.1') as string, /text before the first key: "lead text"/);
});

void test('severity words and bands', () => {
  const sev = (s: string): string => parse(`CEF:0|v|p|1|1|n|${s}|`).severity;
  assert.deepEqual(['0', '3', '4', '6', '7', '8', '9', '10'].map(sev), ['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  assert.deepEqual(['Low', 'Medium', 'High', 'Very-High', 'very high', 'Unknown', ''].map(sev), ['low', 'medium', 'high', 'critical', 'critical', 'unknown', 'unknown']);
  assert.match(reason('CEF:0|v|p|1|1|n|11|'), /^Severity: expected 0–10 or Low, Medium, High, Very-High, got "11"/);
  assert.match(reason('CEF:0|v|p|1|1|n|Severe|'), /^Severity:/);
});

void test('times: rt and start as epoch ms and as ArcSight formats, dtz for zone-less ones', () => {
  const a = parse('CEF:0|v|p|1|1|n|5|rt=1714644903412 start=May 02 2024 10:14:55 src=10.1.1.1');
  assert.equal(a.detectedAt, '2024-05-02T10:15:03.412Z');
  assert.equal(a.occurredAt, '2024-05-02T10:14:55.000Z');
  const b = parse('CEF:0|v|p|1|1|n|5|rt=May 02 2024 12:15:03.412 CEST');
  assert.equal(b.detectedAt, '2024-05-02T10:15:03.412Z');
  assert.equal(b.occurredAt, '2024-05-02T10:15:03.412Z');
  const c = parse('CEF:0|v|p|1|1|n|5|rt=May 02 12:15:03 dtz=Europe/Berlin');
  assert.equal(c.detectedAt, '2024-05-02T10:15:03.000Z'); // year from the receive time
  assert.match(reason('CEF:0|v|p|1|1|n|5|rt=Feb 30 2024 10:00:00'), /^rt: not a valid date\/time: "Feb 30 2024 10:00:00"/);
  assert.match(reason('CEF:0|v|p|1|1|n|5|start=yesterday'), /^start: not a valid date\/time/);
});

void test('full observable set, ids, message, category and ATT&CK in labelled custom strings', () => {
  const a = parse(
    'CEF:0|Acme|NGFW|9.1|THREAT-4711|Cobalt Strike beacon|8|externalId=ev-991 cat=/Malware/C2 msg=Beacon to known C2 ' +
      'src=10.20.1.57 spt=51515 shost=ws-fin-07 suser=CORP\\\\bob smac=00:11:22:33:44:55 ' +
      'dst=203.0.113.40 dpt=443 dhost=evil.example.net duser=svc request=https://evil.example.net/beacon ' +
      'requestClientApplication=Mozilla/5.0 fname=beacon.exe fileHash=' + 'AB'.repeat(32) + ' sproc=rundll32.exe ' +
      'dvchost=fw-edge-1 dvc=192.0.2.1 cs1Label=MITRE Technique cs1=T1071.001 cs2Label=MITRE Tactic cs2=TA0011',
  );
  assert.equal(a.findingUid, 'ev-991');
  assert.equal(a.ruleId, 'THREAT-4711');
  assert.equal(a.category, '/Malware/C2');
  assert.equal(a.description, 'Beacon to known C2');
  assert.equal(a.severity, 'high');
  assert.deepEqual(values(a, 'hostname', 'src'), ['ws-fin-07']);
  assert.deepEqual(values(a, 'user', 'actor'), ['CORP\\bob']);
  assert.deepEqual(values(a, 'mac', 'src'), ['00:11:22:33:44:55']);
  assert.deepEqual(values(a, 'hostname', 'dst'), ['evil.example.net']);
  assert.deepEqual(values(a, 'user', 'target'), ['svc']);
  assert.deepEqual(values(a, 'url'), ['https://evil.example.net/beacon']);
  assert.deepEqual(values(a, 'file'), ['beacon.exe']);
  assert.deepEqual(values(a, 'hash'), ['ab'.repeat(32)]);
  assert.deepEqual(values(a, 'process', 'actor'), ['rundll32.exe']);
  assert.deepEqual(values(a, 'hostname', 'device'), ['fw-edge-1']);
  assert.deepEqual(values(a, 'ip', 'device'), ['192.0.2.1']);
  assert.deepEqual(a.attacks, [{ tacticId: 'TA0011', techniqueId: 'T1071.001' }]);
});

void test('behind a syslog header (3164 and 5424): host and time come from the header when CEF has none', () => {
  const a = parse('<134>Sep 19 08:26:10 host1 CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232');
  assert.equal(a.title, 'worm successfully stopped');
  assert.equal(a.occurredAt, '2023-09-19T08:26:10.000Z'); // September is ahead of the June receive time: last year
  assert.deepEqual(values(a, 'hostname', 'device'), ['host1']);
  const b = parse('<134>1 2024-05-02T10:15:03.412Z fw01 ngfw - - - CEF:0|v|p|1|1|n|5|rt=1714644900000');
  assert.equal(b.occurredAt, '2024-05-02T10:15:00.000Z'); // rt wins over the header time
  assert.deepEqual(values(b, 'hostname', 'device'), ['fw01']);
  const c = parse('Sep 19 08:26:10 host1 CEF:0|v|p|1|1|n|5|');
  assert.equal(c.detectedAt, '2023-09-19T08:26:10.000Z');
  const d = parse('some forwarder prefix: CEF:0|v|p|1|1|n|5|src=1.1.1.1');
  assert.equal(d.raw, 'some forwarder prefix: CEF:0|v|p|1|1|n|5|src=1.1.1.1');
});

void test('errors: truncated header, bad version, empty name, no CEF, non-string', () => {
  assert.match(reason('CEF:0|v|p|1|1|n'), /^CEF header: found 5 of the 7 "\|"-terminated fields \(missing Name\)/);
  assert.match(reason('CEF:0|v|p|1|1|name|5'), /missing Severity/);
  assert.match(reason('CEF:zero|v|p|1|1|n|5|'), /Version "zero" is not a number/);
  assert.match(reason('CEF:0|v|p|1|1| |5|'), /^Name: empty/);
  assert.match(reason('<13>Jun  1 11:00:00 h app: plain text'), /no "CEF:" header found/);
  assert.match(reason({ line: 'CEF:0' }), /expected a CEF line \(string\)/);
});
