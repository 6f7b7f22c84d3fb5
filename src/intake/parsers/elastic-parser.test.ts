import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable, ParsedAlert } from '../../core/alert.ts';
import type { ParseOutcome } from '../parser.ts';
import { elasticParser } from './elastic-parser.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';

function alertOf(outcome: ParseOutcome): ParsedAlert {
  if (outcome.kind !== 'alert') assert.fail(`expected an alert, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.alert;
}
const values = (a: ParsedAlert, kind: Observable['kind'], role?: Observable['role']): string[] =>
  a.observables.filter((o) => o.kind === kind && (role === undefined || o.role === role)).map((o) => o.value);

// Written from Elastic's alert schema (.alerts-security.alerts-*): kibana.alert.* keys flat, ECS nested,
// as a webhook connector posting `{{context.alerts}}` entries sends them.
const flatAlert = {
  '@timestamp': '2024-05-02T10:15:03.412Z',
  'kibana.alert.uuid': '8f1e3c9a2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7',
  'kibana.alert.rule.name': 'Suspicious PowerShell Encoded Command',
  'kibana.alert.rule.uuid': 'c6f1a5e0-08a3-11ef-9b2a-3f1c4d5e6a7b',
  'kibana.alert.rule.rule_id': 'f2c7b914-eda3-40c2-96ac-d23ef91776ca',
  'kibana.alert.rule.description': 'Identifies encoded PowerShell command lines.',
  'kibana.alert.reason': 'process event with process powershell.exe, by alice on WS-FIN-07 created high alert Suspicious PowerShell Encoded Command.',
  'kibana.alert.severity': 'high',
  'kibana.alert.risk_score': 73,
  'kibana.alert.original_time': '2024-05-02T10:14:58.901Z',
  'kibana.alert.workflow_status': 'open',
  'kibana.alert.rule.threat': [
    {
      framework: 'MITRE ATT&CK',
      tactic: { id: 'TA0002', name: 'Execution', reference: 'https://attack.mitre.org/tactics/TA0002/' },
      technique: [
        {
          id: 'T1059', name: 'Command and Scripting Interpreter', reference: 'https://attack.mitre.org/techniques/T1059/',
          subtechnique: [{ id: 'T1059.001', name: 'PowerShell', reference: 'https://attack.mitre.org/techniques/T1059/001/' }],
        },
      ],
    },
    { framework: 'MITRE ATT&CK', tactic: { id: 'TA0005', name: 'Defense Evasion' }, technique: [{ id: 'T1027', name: 'Obfuscated Files or Information' }] },
  ],
  event: { kind: 'signal', category: ['process'], type: ['start'] },
  host: { name: 'WS-FIN-07', hostname: 'ws-fin-07', ip: ['10.20.1.57', 'fe80::1c2:3ff:fe4a:1'] },
  user: { name: 'alice', domain: 'CORP' },
  process: {
    name: 'powershell.exe',
    executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    command_line: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
    hash: { sha256: 'DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C' },
    parent: { executable: 'C:\\Windows\\explorer.exe' },
  },
  destination: { ip: '198.51.100.23', port: 443, domain: 'cdn.bad.example' },
};

void test('flat kibana.alert.* keys: title, severity, times, rule, ATT&CK with sub-techniques', () => {
  const a = alertOf(elasticParser.parse(flatAlert, RECEIVED));
  assert.equal(a.source, 'elastic');
  assert.equal(a.title, 'Suspicious PowerShell Encoded Command');
  assert.equal(a.severity, 'high');
  assert.equal(a.sourceSeverity, 'high');
  assert.equal(a.findingUid, flatAlert['kibana.alert.uuid']);
  assert.equal(a.ruleId, 'c6f1a5e0-08a3-11ef-9b2a-3f1c4d5e6a7b');
  assert.equal(a.description, flatAlert['kibana.alert.reason']);
  assert.equal(a.category, 'process');
  assert.equal(a.occurredAt, '2024-05-02T10:14:58.901Z');
  assert.equal(a.detectedAt, '2024-05-02T10:15:03.412Z');
  assert.deepEqual(a.attacks, [
    { tacticId: 'TA0002', tactic: 'Execution', techniqueId: 'T1059.001', technique: 'PowerShell' },
    { tacticId: 'TA0005', tactic: 'Defense Evasion', techniqueId: 'T1027', technique: 'Obfuscated Files or Information' },
  ]);
  assert.deepEqual(values(a, 'hostname', 'device'), ['ws-fin-07']);
  assert.deepEqual(values(a, 'ip', 'device'), ['10.20.1.57', 'fe80::1c2:3ff:fe4a:1']);
  assert.deepEqual(values(a, 'user', 'actor'), ['alice']);
  assert.deepEqual(values(a, 'process'), [flatAlert.process.executable, flatAlert.process.parent.executable]);
  assert.deepEqual(values(a, 'command_line'), ['powershell.exe -nop -w hidden -enc SQBFAFgA']);
  assert.deepEqual(values(a, 'hash'), [flatAlert.process.hash.sha256.toLowerCase()]);
  assert.deepEqual(values(a, 'ip', 'dst'), ['198.51.100.23']);
  assert.deepEqual(values(a, 'port', 'dst'), ['443']);
  assert.deepEqual(values(a, 'domain', 'dst'), ['cdn.bad.example']);
  assert.equal(a.raw, flatAlert);
});

/** The same alert with every kibana.alert.* key nested as objects. */
function nest(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const parts = key.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1] ?? key] = value;
  }
  return out;
}

void test('nested kibana objects parse to the same alert as flat keys', () => {
  const nested = nest(flatAlert);
  assert.ok(typeof nested['kibana'] === 'object' && !('kibana.alert.uuid' in nested));
  const a = alertOf(elasticParser.parse(nested, RECEIVED));
  const b = alertOf(elasticParser.parse(flatAlert, RECEIVED));
  assert.deepEqual({ ...a, raw: null }, { ...b, raw: null });
});

void test('a search hit in fields-API form (flattened arrays) and a _source hit', () => {
  const hit = {
    _id: 'abc123',
    _index: '.internal.alerts-security.alerts-default-000001',
    fields: {
      '@timestamp': ['2024-05-02T10:15:03.412Z'],
      'kibana.alert.rule.name': ['Brute force then success'],
      'kibana.alert.risk_score': [99],
      'kibana.alert.rule.threat.tactic.id': ['TA0006'],
      'kibana.alert.rule.threat.tactic.name': ['Credential Access'],
      'kibana.alert.rule.threat.technique.id': ['T1110'],
      'kibana.alert.rule.threat.technique.name': ['Brute Force'],
      'source.ip': ['203.0.113.77'],
      'user.name': ['svc-backup'],
    },
  };
  const a = alertOf(elasticParser.parse(hit, RECEIVED));
  assert.equal(a.title, 'Brute force then success');
  assert.equal(a.severity, 'critical'); // risk 99 with no severity keyword
  assert.equal(a.findingUid, 'abc123');
  assert.equal(a.occurredAt, '2024-05-02T10:15:03.412Z');
  assert.deepEqual(a.attacks, [{ tacticId: 'TA0006', tactic: 'Credential Access', techniqueId: 'T1110', technique: 'Brute Force' }]);
  assert.deepEqual(values(a, 'ip', 'src'), ['203.0.113.77']);
  const b = alertOf(elasticParser.parse({ _id: 'x9', _source: flatAlert }, RECEIVED));
  assert.equal(b.findingUid, flatAlert['kibana.alert.uuid']);
});

void test('legacy 7.x signal.* documents', () => {
  const a = alertOf(
    elasticParser.parse(
      {
        '@timestamp': '2021-03-01T00:00:05Z',
        signal: { rule: { name: 'Old rule', id: 'r-1', severity: 'medium', risk_score: 47 }, original_time: '2021-03-01T00:00:00Z' },
      },
      RECEIVED,
    ),
  );
  assert.deepEqual([a.title, a.ruleId, a.severity, a.occurredAt], ['Old rule', 'r-1', 'medium', '2021-03-01T00:00:00.000Z']);
});

void test('risk score bands when severity is absent: 21 low, 22 medium, 73 high, 74 critical', () => {
  const sev = (risk: number): string =>
    alertOf(elasticParser.parse({ 'kibana.alert.rule.name': 'r', 'kibana.alert.risk_score': risk }, RECEIVED)).severity;
  assert.deepEqual([21, 22, 47, 48, 73, 74].map(sev), ['low', 'medium', 'medium', 'high', 'high', 'critical']);
});

void test('errors name the field', () => {
  const reason = (record: unknown): string => {
    const o = elasticParser.parse(record, RECEIVED);
    return o.kind === 'error' ? o.reason : assert.fail(`expected an error, got ${o.kind}`);
  };
  assert.match(reason({ '@timestamp': '2024-01-01T00:00:00Z' }), /^kibana\.alert\.rule\.name: missing/);
  assert.match(reason({ 'kibana.alert.rule.name': 'r', 'kibana.alert.severity': 'urgent' }), /^kibana\.alert\.severity: expected low, medium, high or critical, got "urgent"/);
  assert.match(reason({ 'kibana.alert.rule.name': 'r', '@timestamp': 'yesterday' }), /^@timestamp: not a valid date\/time/);
  assert.match(reason({ 'kibana.alert.rule.name': 'r', 'kibana.alert.original_time': '2024-04-31T00:00:00Z' }), /^kibana\.alert\.original_time:/);
  assert.match(reason(null), /got null/);
});
