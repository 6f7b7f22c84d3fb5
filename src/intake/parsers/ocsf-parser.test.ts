import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable, ParsedAlert } from '../../core/alert.ts';
import type { ParseOutcome } from '../parser.ts';
import { ocsfParser } from './ocsf-parser.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';

function alertOf(outcome: ParseOutcome): ParsedAlert {
  if (outcome.kind !== 'alert') assert.fail(`expected an alert, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.alert;
}
const values = (a: ParsedAlert, kind: Observable['kind'], role?: Observable['role']): string[] =>
  a.observables.filter((o) => o.kind === kind && (role === undefined || o.role === role)).map((o) => o.value);
const reason = (record: unknown): string => {
  const o = ocsfParser.parse(record, RECEIVED);
  return o.kind === 'error' ? o.reason : assert.fail(`expected an error, got ${o.kind}`);
};

// Written from the OCSF schema in ../shared/data/ocsf (detection_finding, finding, base_event, dictionary).
const finding = {
  class_uid: 2004,
  class_name: 'Detection Finding',
  category_uid: 2,
  activity_id: 1,
  type_uid: 200401,
  severity_id: 4,
  severity: 'High',
  status_id: 1,
  time: 1714644903412,
  start_time: 1714644890000,
  message: 'Credential dumping tool executed',
  metadata: { version: '1.3.0', product: { name: 'Example EDR', vendor_name: 'Example' } },
  finding_info: {
    uid: 'edr-7c1f0a9e',
    title: 'LSASS memory read by unsigned process',
    desc: 'An unsigned process opened lsass.exe with PROCESS_VM_READ.',
    created_time: 1714644903000,
    first_seen_time: 1714644895123,
    types: ['Credential Access'],
    analytic: { uid: 'EDR-R-1042', name: 'LSASS access by unsigned binary', type_id: 1 },
    attacks: [
      {
        tactic: { uid: 'TA0006', name: 'Credential Access' },
        technique: { uid: 'T1003', name: 'OS Credential Dumping' },
        sub_technique: { uid: 'T1003.001', name: 'LSASS Memory' },
        version: '14.1',
      },
    ],
  },
  device: { hostname: 'WS-FIN-07', ip: '10.20.1.57', type_id: 2 },
  actor: {
    user: { name: 'bob', uid: 'S-1-5-21-1-2-3-1104' },
    process: {
      name: 'procdump.exe', pid: 4242, cmd_line: 'procdump.exe -ma lsass.exe out.dmp',
      file: { name: 'procdump.exe', path: 'C:\\Temp\\procdump.exe', hashes: [{ algorithm_id: 3, value: 'AB'.repeat(32) }] },
    },
  },
  observables: [
    { name: 'device.hostname', type_id: 1, value: 'WS-FIN-07' },
    { name: 'dst_endpoint.ip', type_id: 2, value: '203.0.113.40' },
    { name: 'actor.user', type_id: 21 },
  ],
  evidences: [{ dst_endpoint: { ip: '203.0.113.40', port: 8443 }, url: { url_string: 'https://203.0.113.40:8443/up' } }],
};

void test('Detection Finding: ids, title, severity, times, ATT&CK sub-technique, analytic', () => {
  const a = alertOf(ocsfParser.parse(finding, RECEIVED));
  assert.equal(a.source, 'ocsf');
  assert.equal(a.findingUid, 'edr-7c1f0a9e');
  assert.equal(a.title, 'LSASS memory read by unsigned process');
  assert.equal(a.description, 'An unsigned process opened lsass.exe with PROCESS_VM_READ.');
  assert.equal(a.severity, 'high');
  assert.equal(a.sourceSeverity, 'High');
  assert.equal(a.detectedAt, '2024-05-02T10:15:03.000Z'); // finding_info.created_time
  assert.equal(a.occurredAt, '2024-05-02T10:14:55.123Z'); // finding_info.first_seen_time
  assert.equal(a.ruleId, 'EDR-R-1042');
  assert.equal(a.ruleName, 'LSASS access by unsigned binary');
  assert.equal(a.category, 'Credential Access');
  assert.deepEqual(a.attacks, [{ tacticId: 'TA0006', tactic: 'Credential Access', techniqueId: 'T1003.001', technique: 'LSASS Memory' }]);
});

void test('observables from observables[], device, actor and evidences, de-duplicated', () => {
  const a = alertOf(ocsfParser.parse(finding, RECEIVED));
  assert.deepEqual(values(a, 'hostname', 'device'), ['ws-fin-07']);
  assert.deepEqual(values(a, 'ip', 'device'), ['10.20.1.57']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['203.0.113.40']);
  assert.deepEqual(values(a, 'port', 'dst'), ['8443']);
  assert.deepEqual(values(a, 'user', 'actor'), ['bob']);
  assert.deepEqual(values(a, 'process', 'actor'), ['C:\\Temp\\procdump.exe']);
  assert.deepEqual(values(a, 'command_line'), ['procdump.exe -ma lsass.exe out.dmp']);
  assert.deepEqual(values(a, 'hash'), ['ab'.repeat(32)]);
  assert.deepEqual(values(a, 'url'), ['https://203.0.113.40:8443/up']);
  const keys = a.observables.map((o) => `${o.kind}|${o.role ?? ''}|${o.value}`);
  assert.equal(new Set(keys).size, keys.length);
});

void test('time alone sets both times; *_dt strings are accepted; severity caption when severity_id is absent', () => {
  const plain: Record<string, unknown> = { ...finding, finding_info: { ...finding.finding_info } };
  delete plain['start_time'];
  delete plain['severity_id'];
  delete plain['time'];
  const info = plain['finding_info'] as Record<string, unknown>;
  delete info['created_time'];
  delete info['first_seen_time'];
  const a = alertOf(ocsfParser.parse({ ...plain, time_dt: '2024-05-02T12:15:03.412+02:00', severity: 'Critical' }, RECEIVED));
  assert.equal(a.detectedAt, '2024-05-02T10:15:03.412Z');
  assert.equal(a.occurredAt, '2024-05-02T10:15:03.412Z');
  assert.equal(a.severity, 'critical');
  const b = alertOf(ocsfParser.parse({ ...finding, severity_id: 99 }, RECEIVED));
  assert.equal(b.severity, 'other');
});

void test('older attacks with a tactics[] array', () => {
  const a = alertOf(
    ocsfParser.parse(
      { ...finding, finding_info: { ...finding.finding_info, attacks: undefined }, attacks: [{ technique: { uid: 'T1566', name: 'Phishing' }, tactics: [{ uid: 'TA0001', name: 'Initial Access' }] }] },
      RECEIVED,
    ),
  );
  assert.deepEqual(a.attacks, [{ tacticId: 'TA0001', tactic: 'Initial Access', techniqueId: 'T1566', technique: 'Phishing' }]);
});

void test('other classes are refused with the class named; missing parts are named by path', () => {
  assert.match(reason({ ...finding, class_uid: 2002 }), /^class_uid: 2002 \(Vulnerability Finding\) is not accepted; only 2004 \(Detection Finding\) is/);
  assert.match(reason({ ...finding, class_uid: 3002 }), /^class_uid: 3002 is not accepted/);
  assert.match(reason({ ...finding, class_uid: undefined }), /^class_uid: missing/);
  assert.match(reason({ ...finding, finding_info: 'x' }), /^finding_info: expected an object, got a string/);
  assert.match(reason({ ...finding, message: undefined, finding_info: { uid: 'u' } }), /^finding_info\.title: missing/);
  assert.match(reason({ ...finding, severity_id: 7 }), /^severity_id: expected 0–6 or 99, got 7/);
  assert.match(reason({ ...finding, severity_id: undefined, severity: undefined }), /^severity_id: missing/);
  assert.match(reason({ ...finding, time: -5 }), /^time: not a valid timestamp: -5/);
  assert.match(reason({ ...finding, finding_info: { ...finding.finding_info, created_time: 'soon' } }), /^finding_info\.created_time: not a valid timestamp/);
});
