import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable, ParsedAlert } from '../../core/alert.ts';
import { VigilError } from '../../core/errors.ts';
import type { ParseOutcome } from '../parser.ts';
import { createMappingParser } from './mapping-parser.ts';
import { FieldMappingSchema, validateMapping } from './mapping-schema.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';

function alertOf(outcome: ParseOutcome): ParsedAlert {
  if (outcome.kind !== 'alert') assert.fail(`expected an alert, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.alert;
}
const values = (a: ParsedAlert, kind: Observable['kind'], role?: Observable['role']): string[] =>
  a.observables.filter((o) => o.kind === kind && (role === undefined || o.role === role)).map((o) => o.value);

const edrMapping = {
  name: 'acme-edr',
  fields: {
    title: ['detection.name', 'event.summary'],
    severity: 'detection.severity',
    occurredAt: 'event.time',
    detectedAt: 'detection.created',
    findingUid: 'detection.id',
    ruleId: 'detection.rule.id',
    category: 'detection.category',
    host: 'device.hostname',
    hostIp: 'device.local_ip',
    srcIp: 'network.src',
    dstIp: 'network.dst',
    dstPort: 'network.dport',
    user: 'user.name',
    process: 'process.image',
    commandLine: 'process.cmdline',
    hash: 'process.sha256',
    tactic: 'mitre.tactic',
    technique: 'mitre.technique',
  },
  severityMap: { '1': 'low', '2': 'medium', '3': 'high', '4': 'critical', Sev4: 'critical' },
  defaults: { category: 'edr' },
};

const record = {
  detection: { id: 'det-1', name: 'Ransomware behaviour', severity: 4, created: '2024-05-02T10:15:03Z', rule: { id: 'R-77' } },
  event: { time: 1714644900123 },
  device: { hostname: 'POS-12', local_ip: ['10.30.0.12'] },
  'network.src': '10.30.0.12',
  'network.dst': '198.51.100.7',
  'network.dport': '443',
  user: { name: 'cashier1' },
  process: { image: 'C:\\ProgramData\\x.exe', cmdline: 'x.exe --encrypt', sha256: 'F'.repeat(64) },
  mitre: { tactic: ['TA0040'], technique: ['T1486'] },
};

void test('a mapping reads nested and flat dotted paths into an alert', () => {
  const a = alertOf(createMappingParser(edrMapping).parse(record, RECEIVED));
  assert.equal(a.source, 'acme-edr');
  assert.equal(a.title, 'Ransomware behaviour');
  assert.equal(a.severity, 'critical');
  assert.equal(a.sourceSeverity, '4');
  assert.equal(a.findingUid, 'det-1');
  assert.equal(a.ruleId, 'R-77');
  assert.equal(a.category, 'edr'); // from defaults
  assert.equal(a.occurredAt, '2024-05-02T10:15:00.123Z');
  assert.equal(a.detectedAt, '2024-05-02T10:15:03.000Z');
  assert.deepEqual(values(a, 'hostname', 'device'), ['pos-12']);
  assert.deepEqual(values(a, 'ip', 'device'), ['10.30.0.12']);
  assert.deepEqual(values(a, 'ip', 'src'), ['10.30.0.12']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['198.51.100.7']);
  assert.deepEqual(values(a, 'port', 'dst'), ['443']);
  assert.deepEqual(values(a, 'user', 'actor'), ['cashier1']);
  assert.deepEqual(values(a, 'hash'), ['f'.repeat(64)]);
  assert.deepEqual(a.attacks, [{ tacticId: 'TA0040', techniqueId: 'T1486' }]);
  assert.equal(a.raw, record);
});

void test('fallback paths, case-insensitive severity keys, Vigil severity names, receive-time fallback', () => {
  const p = createMappingParser(edrMapping);
  const a = alertOf(p.parse({ event: { summary: 'From summary' }, detection: { severity: 'SEV4' } }, RECEIVED));
  assert.equal(a.title, 'From summary');
  assert.equal(a.severity, 'critical');
  assert.equal(a.occurredAt, RECEIVED);
  const b = alertOf(p.parse({ detection: { name: 'x', severity: 'High' } }, RECEIVED));
  assert.equal(b.severity, 'high');
});

void test('record errors name the configured path', () => {
  const p = createMappingParser(edrMapping);
  const reason = (r: unknown): string => {
    const o = p.parse(r, RECEIVED);
    return o.kind === 'error' ? o.reason : assert.fail(`expected an error, got ${o.kind}`);
  };
  assert.match(reason({ detection: { severity: 1 } }), /^detection\.name \| event\.summary: missing: the title \(mapping "acme-edr"\)/);
  assert.match(reason({ detection: { name: 'x', severity: 9 } }), /^detection\.severity: severity 9 is not in the mapping's severityMap \(1, 2, 3, 4, sev4\)/);
  assert.match(reason({ detection: { name: 'x' } }), /^detection\.severity: missing: the severity/);
  assert.match(reason({ detection: { name: 'x', severity: 1 }, event: { time: '2024-13-01T00:00:00Z' } }), /^event\.time: not a valid date\/time/);
  assert.match(reason('text'), /expected a JSON object, got a string/);
});

void test('defaults make title and severity optional; an unmapped severity is unknown', () => {
  const p = createMappingParser({ name: 'x', fields: { host: 'h' }, defaults: { title: 'Generic alert', severity: 'low' } });
  const a = alertOf(p.parse({ h: 'web-1' }, RECEIVED));
  assert.deepEqual([a.title, a.severity], ['Generic alert', 'low']);
  const q = createMappingParser({ name: 'y', fields: { title: 't' } });
  assert.equal(alertOf(q.parse({ t: 'T' }, RECEIVED)).severity, 'unknown');
});

void test('invalid mappings are refused with every problem listed', () => {
  const errors = validateMapping({ name: 'bad name!', fields: { titel: 'x', severity: '' }, severityMap: { a: 'severe' } });
  if (errors.ok) assert.fail('expected the mapping to be refused');
  const text = errors.errors.join('\n');
  assert.match(text, /^name: /m);
  assert.match(text, /^fields: Unrecognized key: "titel"/m);
  assert.match(text, /^fields\.severity: /m);
  assert.match(text, /^severityMap\.a: /m);
  assert.throws(
    () => createMappingParser({ name: 'm', fields: {} }),
    (err: unknown) => err instanceof VigilError && err.code === 'invalid_mapping' && /field mapping "m" is invalid: fields\.title: required/.test(err.message),
  );
  assert.equal(FieldMappingSchema.safeParse(edrMapping).success, true);
});
