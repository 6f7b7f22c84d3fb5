import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observable, ParsedAlert } from '../../core/alert.ts';
import type { ParseOutcome } from '../parser.ts';
import { WAZUH_ALERTS, sharedDataLines, skipUnlessData } from './golden-data.ts';
import { wazuhParser } from './wazuh-parser.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';
const skip = skipUnlessData(WAZUH_ALERTS);
const lines = sharedDataLines(WAZUH_ALERTS);

function alertOf(outcome: ParseOutcome): ParsedAlert {
  if (outcome.kind !== 'alert') assert.fail(`expected an alert, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.alert;
}
/** Line numbers are 1-based, as `grep -n` shows them. */
const line = (n: number): ParsedAlert => alertOf(wazuhParser.parse(JSON.parse(lines[n - 1] ?? 'null'), RECEIVED));
const values = (a: ParsedAlert, kind: Observable['kind'], role?: Observable['role']): string[] =>
  a.observables.filter((o) => o.kind === kind && (role === undefined || o.role === role)).map((o) => o.value);

void test('golden: every line of ossec_spiral.jsonl parses into an alert with its own title, time, ids and host', { skip }, () => {
  assert.equal(lines.length, 865);
  for (const [i, text] of lines.entries()) {
    const record = JSON.parse(text) as {
      id: string; timestamp: string; rule: { id: string; level: number; description: string };
      agent: { name: string }; data?: { srcip?: string; dstip?: string; src_ip?: string; dest_ip?: string };
    };
    const a = alertOf(wazuhParser.parse(record, RECEIVED));
    const where = `line ${i + 1}`;
    assert.equal(a.source, 'wazuh', where);
    assert.equal(a.title, record.rule.description, where);
    assert.equal(a.findingUid, record.id, where);
    assert.equal(a.ruleId, record.rule.id, where);
    assert.equal(a.sourceSeverity, String(record.rule.level), where);
    // Wazuh writes +0000 offsets with microseconds; the alert keeps milliseconds in UTC.
    const expected = new Date(Date.parse(record.timestamp.replace('+0000', 'Z'))).toISOString();
    assert.equal(a.detectedAt, expected, where);
    assert.equal(a.occurredAt, expected, where); // data.timestamp equals timestamp throughout this file
    assert.ok(values(a, 'hostname', 'device').includes(record.agent.name), where);
    const src = record.data?.srcip ?? record.data?.src_ip;
    if (src !== undefined) assert.ok(values(a, 'ip', 'src').includes(src), `${where}: src ${src}`);
    const dst = record.data?.dest_ip ?? record.data?.dstip?.split(':')[0];
    if (dst !== undefined) assert.ok(values(a, 'ip', 'dst').includes(dst), `${where}: dst ${dst}`);
    const keys = a.observables.map((o) => `${o.kind}|${o.role ?? ''}|${o.value}`);
    assert.equal(new Set(keys).size, keys.length, `${where}: duplicate observables ${keys.join(', ')}`);
    assert.equal(a.raw, record, where);
  }
});

void test('golden: severities follow the documented level bands over the whole file', { skip }, () => {
  const seen = new Map<string, string>();
  for (const text of lines) {
    const record = JSON.parse(text) as { rule: { level: number }; data?: { alert?: { severity?: string } } };
    const a = alertOf(wazuhParser.parse(record, RECEIVED));
    seen.set(`${record.rule.level}/${record.data?.alert?.severity ?? '-'}`, a.severity);
  }
  assert.deepEqual(Object.fromEntries([...seen].sort()), {
    '10/-': 'medium', // PAM / Dovecot brute force, multiple IDS alerts
    '3/1': 'high', // Wazuh 86601 relaying a Suricata priority-1 alert: Suricata's band wins
    '3/2': 'medium',
    '3/3': 'low',
    '5/-': 'low', // authentication failures
    '6/-': 'low', // "IDS event."
    '8/-': 'medium', // first time this IDS alert is generated
  });
});

void test('golden line 1: Suricata alert relayed by Wazuh (json decoder)', { skip }, () => {
  const a = line(1);
  assert.equal(a.title, 'Suricata: Alert - SURICATA HTTP Host header invalid');
  assert.equal(a.severity, 'low'); // level 3 (informational), Suricata priority 3 (low)
  assert.equal(a.occurredAt, '2020-03-04T18:02:04.347Z');
  assert.equal(a.findingUid, '1588004527.10056355');
  assert.equal(a.ruleId, '86601');
  assert.equal(a.category, 'ids,suricata');
  assert.deepEqual(values(a, 'ip', 'src'), ['192.168.10.81']);
  assert.deepEqual(values(a, 'port', 'src'), ['59626']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['192.168.10.122']);
  assert.deepEqual(values(a, 'port', 'dst'), ['80']);
  assert.deepEqual(values(a, 'hostname', 'device'), ['user-0']);
  assert.deepEqual(values(a, 'user_agent'), ['Mozilla/5.00 (Nikto/2.1.5) (Evasions:None) (Test:httpoptions: PROPFIND)']);
});

void test('golden line 2: fast.log alert whose dstip is "ip:port"', { skip }, () => {
  const a = line(2);
  assert.equal(a.title, 'First time this IDS alert is generated.');
  assert.equal(a.severity, 'medium'); // level 8
  assert.equal(a.detectedAt, '2020-03-04T18:02:04.347Z');
  assert.deepEqual(values(a, 'ip', 'dst'), ['192.168.10.122']);
  assert.deepEqual(values(a, 'port', 'dst'), ['80']);
  assert.deepEqual(values(a, 'ip', 'src'), ['192.168.10.81']);
});

void test('golden line 3: a priority-1 Suricata signature is high even though Wazuh gives it level 3', { skip }, () => {
  const a = line(3);
  assert.equal(a.title, 'Suricata: Alert - ET WEB_SERVER ColdFusion administrator access');
  assert.equal(a.severity, 'high');
  assert.equal(a.sourceSeverity, '3');
  assert.equal(a.occurredAt, '2020-03-04T18:03:51.271Z');
  assert.deepEqual(values(a, 'domain', 'dst'), ['mail.spiral.com']);
  assert.deepEqual(values(a, 'url', 'dst'), ['http://mail.spiral.com/cfide/Administrator/startstop.html']);
});

void test('golden line 24: PAM brute force from the mail host, users and loopback addresses', { skip }, () => {
  const a = line(24);
  assert.equal(a.title, 'PAM: Multiple failed logins in a small period of time.');
  assert.equal(a.severity, 'medium'); // level 10
  assert.equal(a.occurredAt, '2020-03-04T18:23:46.000Z');
  assert.equal(a.category, 'pam,syslog,authentication_failures');
  assert.deepEqual(values(a, 'hostname', 'device'), ['user-0', 'mail']);
  assert.deepEqual(values(a, 'ip', 'src'), ['127.0.0.1']);
  assert.deepEqual(values(a, 'user', 'actor'), ['giovanni']);
  assert.deepEqual(values(a, 'user', 'target'), ['giovanni']);
});

void test('golden line 53: Dovecot user in angle brackets is normalised', { skip }, () => {
  const a = line(53);
  assert.equal(a.title, 'Dovecot Invalid User Login Attempt.');
  assert.equal(a.severity, 'low'); // level 5
  assert.equal(a.occurredAt, '2020-03-04T18:23:54.000Z');
  assert.deepEqual(values(a, 'user', 'actor'), ['giovanni']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['127.0.0.1']);
});

void test('golden line 862: reverse direction, Suricata priority 2', { skip }, () => {
  const a = line(862);
  assert.equal(a.title, 'Suricata: Alert - GPL ATTACK_RESPONSE id check returned root');
  assert.equal(a.severity, 'medium');
  assert.equal(a.occurredAt, '2020-03-04T18:35:02.170Z');
  assert.deepEqual(values(a, 'ip', 'src'), ['192.168.10.122']);
  assert.deepEqual(values(a, 'ip', 'dst'), ['192.168.10.81']);
  assert.deepEqual(values(a, 'port', 'dst'), ['9952']);
});

// Samples written from Wazuh's documented alert format (rule.mitre, syscheck, Windows eventchannel).
const windowsAlert = {
  timestamp: '2024-05-02T09:15:31.882+0200',
  rule: {
    level: 12,
    description: 'Mimikatz credential dumping detected',
    id: '92052',
    groups: ['windows', 'sysmon'],
    mitre: { id: ['T1003.001'], tactic: ['Credential Access'], technique: ['LSASS Memory'] },
  },
  agent: { id: '004', name: 'WS-FIN-07', ip: '10.20.1.57' },
  id: '1714634131.558812',
  data: {
    win: {
      system: { computer: 'ws-fin-07.corp.example', systemTime: '2024-05-02T07:15:29.1234567Z' },
      eventdata: {
        image: 'C:\\Users\\bob\\mimikatz.exe',
        commandLine: 'mimikatz.exe "sekurlsa::logonpasswords"',
        targetUserName: 'bob',
        hashes: 'SHA1=0123456789ABCDEF0123456789ABCDEF01234567,MD5=0123456789ABCDEF0123456789ABCDEF',
      },
    },
  },
};

void test('Windows alert: level 12 is high, ATT&CK from rule.mitre, event time from systemTime', () => {
  const a = alertOf(wazuhParser.parse(windowsAlert, RECEIVED));
  assert.equal(a.severity, 'high');
  assert.equal(a.detectedAt, '2024-05-02T07:15:31.882Z');
  assert.equal(a.occurredAt, '2024-05-02T07:15:29.123Z');
  assert.deepEqual(a.attacks, [{ tactic: 'Credential Access', techniqueId: 'T1003.001', technique: 'LSASS Memory' }]);
  assert.deepEqual(values(a, 'hostname', 'device'), ['ws-fin-07', 'ws-fin-07.corp.example']);
  assert.deepEqual(values(a, 'ip', 'device'), ['10.20.1.57']);
  assert.deepEqual(values(a, 'process'), ['C:\\Users\\bob\\mimikatz.exe']);
  assert.deepEqual(values(a, 'command_line'), ['mimikatz.exe "sekurlsa::logonpasswords"']);
  assert.deepEqual(values(a, 'hash'), ['0123456789abcdef0123456789abcdef01234567', '0123456789abcdef0123456789abcdef']);
  assert.deepEqual(values(a, 'user', 'target'), ['bob']);
});

void test('rule.mitre with several tactics for one technique lists each', () => {
  const alert = { ...windowsAlert, rule: { ...windowsAlert.rule, level: 15, mitre: { id: ['T1078'], tactic: ['Defense Evasion', 'Persistence'], technique: ['Valid Accounts'] } } };
  const a = alertOf(wazuhParser.parse(alert, RECEIVED));
  assert.equal(a.severity, 'critical');
  assert.deepEqual(a.attacks, [
    { techniqueId: 'T1078', technique: 'Valid Accounts' },
    { tactic: 'Defense Evasion' },
    { tactic: 'Persistence' },
  ]);
});

void test('file integrity alert: syscheck path and hashes', () => {
  const a = alertOf(
    wazuhParser.parse(
      {
        timestamp: '2024-05-02T10:00:00.000+0000',
        rule: { level: 7, description: 'Integrity checksum changed.', id: '550' },
        agent: { name: 'pos-12' },
        syscheck: { path: '/etc/passwd', sha256_after: 'a'.repeat(64), uname_after: 'root' },
      },
      RECEIVED,
    ),
  );
  assert.equal(a.severity, 'medium');
  assert.deepEqual(values(a, 'file', 'target'), ['/etc/passwd']);
  assert.deepEqual(values(a, 'hash', 'target'), ['a'.repeat(64)]);
  assert.equal(a.findingUid, undefined);
});

void test('an alert posted as an indexer hit (_source) is unwrapped; raw keeps what was sent', () => {
  const hit = { _index: 'wazuh-alerts-4.x-2024.05.02', _id: 'x1', _source: windowsAlert };
  const a = alertOf(wazuhParser.parse(hit, RECEIVED));
  assert.equal(a.title, 'Mimikatz credential dumping detected');
  assert.equal(a.raw, hit);
});

void test('errors name the field: missing rule, bad level, impossible timestamp, wrong type', () => {
  const reason = (record: unknown): string => {
    const o = wazuhParser.parse(record, RECEIVED);
    return o.kind === 'error' ? o.reason : assert.fail(`expected an error, got ${o.kind}`);
  };
  assert.match(reason({ timestamp: '2024-01-01T00:00:00Z' }), /^rule: missing/);
  assert.match(reason({ rule: { description: 'x', level: 'high' } }), /^rule\.level: expected an integer 0–15, got "high"/);
  assert.match(reason({ rule: { description: 'x', level: 99 } }), /^rule\.level:/);
  assert.match(reason({ rule: { level: 3 } }), /^rule\.description: missing/);
  assert.match(reason({ rule: { description: 'x', level: 3 }, timestamp: '2024-02-30T10:00:00Z' }), /^timestamp: not a valid date\/time: "2024-02-30T10:00:00Z"/);
  assert.match(reason([1, 2]), /expected a Wazuh alert object, got an array/);
});

void test('a missing timestamp falls back to the receive time', () => {
  const a = alertOf(wazuhParser.parse({ rule: { description: 'x', level: '4' } }, RECEIVED));
  assert.equal(a.detectedAt, RECEIVED);
  assert.equal(a.severity, 'low');
});
