import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSyslogLine } from './syslog-header.ts';
import type { SyslogMessage } from './syslog-message.ts';

const REF = Date.parse('2024-06-01T12:00:00Z');

function ok(line: string, zone?: string): SyslogMessage {
  const r = parseSyslogLine(line, zone === undefined ? { referenceMs: REF } : { referenceMs: REF, zone });
  if (!r.ok) assert.fail(`expected to parse ${JSON.stringify(line)}: ${r.reason}`);
  return r.message;
}
function fails(line: string): string {
  const r = parseSyslogLine(line, { referenceMs: REF });
  return r.ok ? assert.fail(`expected a failure for ${JSON.stringify(line)}`) : r.reason;
}

void test('RFC 5424 examples from the RFC (§6.5)', () => {
  const a = ok('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF\'su root\' failed for lonvick on /dev/pts/8');
  assert.deepEqual(a, {
    protocol: 'rfc5424', pri: 34, facility: 4, severity: 2, timestamp: '2003-10-11T22:14:15.003Z',
    hostname: 'mymachine.example.com', appName: 'su', msgId: 'ID47', bom: true,
    message: "'su root' failed for lonvick on /dev/pts/8",
  });
  const b = ok('<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It\'s time to make the do-nuts.');
  assert.equal(b.timestamp, '2003-08-24T12:14:15.000Z');
  assert.equal(b.facility, 20);
  assert.equal(b.severity, 5);
  assert.equal(b.procId, '8710');
  assert.equal(b.msgId, undefined);
  assert.equal(b.message, "%% It's time to make the do-nuts.");
  const c = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...');
  assert.deepEqual(c.structuredData, { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } });
  assert.equal(c.message, 'An application event log entry...');
  const d = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]');
  assert.deepEqual(Object.keys(d.structuredData ?? {}), ['exampleSDID@32473', 'examplePriority@32473']);
  assert.equal(d.message, '');
});

void test('RFC 5424 nil values everywhere, escapes in structured data, repeated params', () => {
  const nil = ok('<13>1 - - - - - -');
  assert.deepEqual(nil, { protocol: 'rfc5424', pri: 13, facility: 1, severity: 5, message: '' });
  const esc = ok('<14>1 2024-05-01T10:00:00+02:00 h app 1 m [x@1 q="a \\"quoted\\" \\] and \\\\ \\n" ip="1.1.1.1" ip="2.2.2.2"] msg');
  assert.deepEqual(esc.structuredData, { 'x@1': { q: 'a "quoted" ] and \\ \\n', ip: ['1.1.1.1', '2.2.2.2'] } });
  assert.equal(esc.timestamp, '2024-05-01T08:00:00.000Z');
  assert.equal(esc.message, 'msg');
  assert.match(fails('<14>1 2024-05-01T10:00:00Z h app 1 m [x@1 q="open'), /unterminated value/);
  assert.match(fails('<14>1 2024-05-01T10:00:00Z h app 1 m [x@1 q=bare]'), /PARAM-NAME="value"/);
  assert.match(fails('<14>1 2024-02-30T10:00:00Z h app 1 m -'), /TIMESTAMP "2024-02-30T10:00:00Z" is not a valid/);
  assert.match(fails('<14>1 2024-05-01T10:00:00Z h'), /header ends after 2 of 5 fields/);
});

void test('RFC 3164: classic header, tag and pid; a date months ahead of the receive time is last year', () => {
  const a = ok('<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8');
  assert.deepEqual(a, {
    protocol: 'rfc3164', pri: 34, facility: 4, severity: 2, timestamp: '2023-10-11T22:14:15.000Z',
    hostname: 'mymachine', appName: 'su', message: "'su root' failed for lonvick on /dev/pts/8",
  });
  const b = ok('<38>Jun  1 11:59:58 web-01 sshd[4242]: Failed password for root from 203.0.113.5 port 52314 ssh2');
  assert.equal(b.timestamp, '2024-06-01T11:59:58.000Z');
  assert.equal(b.procId, '4242');
  assert.equal(b.appName, 'sshd');
  assert.equal(b.message, 'Failed password for root from 203.0.113.5 port 52314 ssh2');
});

void test('RFC 3164 year rollover: a December line received on 1 January is last year, and the reverse', () => {
  const jan1 = Date.parse('2025-01-01T00:00:30Z');
  const dec = parseSyslogLine('<13>Dec 31 23:59:50 h app: x', { referenceMs: jan1 });
  assert.ok(dec.ok && dec.message.timestamp === '2024-12-31T23:59:50.000Z');
  const dec31 = Date.parse('2024-12-31T23:59:59Z');
  const ahead = parseSyslogLine('<13>Jan  1 00:00:05 h app: x', { referenceMs: dec31 });
  assert.ok(ahead.ok && ahead.message.timestamp === '2025-01-01T00:00:05.000Z');
  // Feb 29 exists only in leap years: the latest leap year not in the future is taken.
  const leap = parseSyslogLine('<13>Feb 29 10:00:00 h app: x', { referenceMs: Date.parse('2025-03-01T00:00:00Z') });
  assert.ok(leap.ok && leap.message.timestamp === '2024-02-29T10:00:00.000Z');
});

void test('RFC 3164 zone: local times read in the configured zone', () => {
  assert.equal(ok('<13>Jun  1 13:00:00 h app: x', 'Europe/Berlin').timestamp, '2024-06-01T11:00:00.000Z');
  assert.equal(ok('<13>Jan 15 13:00:00 h app: x', 'Europe/Berlin').timestamp, '2024-01-15T12:00:00.000Z');
  assert.equal(ok('<13>Jun  1 13:00:00 h app: x', '+05:30').timestamp, '2024-06-01T07:30:00.000Z');
});

void test('RFC 3164 variants: no PRI, no hostname, ISO time, Cisco, year in the time, PRI only', () => {
  const file = ok('Mar  4 18:23:46 mail auth: pam_unix(dovecot:auth): authentication failure');
  assert.deepEqual([file.pri, file.hostname, file.appName, file.message], [undefined, 'mail', 'auth', 'pam_unix(dovecot:auth): authentication failure']);
  const noHost = ok('<13>Jun  1 11:00:00 sshd[42]: Accepted publickey for git');
  assert.deepEqual([noHost.hostname, noHost.appName, noHost.procId], [undefined, 'sshd', '42']);
  const iso = ok('<30>2024-05-31T23:00:00.123456+02:00 fw01 kernel: DROP IN=eth0');
  assert.deepEqual([iso.timestamp, iso.hostname, iso.appName, iso.message], ['2024-05-31T21:00:00.123Z', 'fw01', 'kernel', 'DROP IN=eth0']);
  const cisco = ok('<189>*Mar  1 18:48:50.483 UTC: %SYS-5-CONFIG_I: Configured from console by vty2');
  assert.equal(cisco.timestamp, '2024-03-01T18:48:50.483Z');
  assert.deepEqual([cisco.hostname, cisco.appName, cisco.message], [undefined, '%SYS-5-CONFIG_I', 'Configured from console by vty2']);
  const year = ok('<13>Mar  4 2020 18:23:46 host app: x');
  assert.equal(year.timestamp, '2020-03-04T18:23:46.000Z');
  const priOnly = ok('<13>just some text');
  assert.deepEqual([priOnly.timestamp, priOnly.message], [undefined, 'just some text']);
  const noTag = ok('<13>Jun  1 11:00:00 host free text without tag');
  assert.deepEqual([noTag.hostname, noTag.appName, noTag.message], ['host', undefined, 'free text without tag']);
});

void test('CEF payload right after the timestamp or hostname is the message, not a tag', () => {
  const a = ok('<134>Jun  1 11:00:00 fw01 CEF:0|V|P|1|100|Blocked|5|src=10.0.0.1');
  assert.deepEqual([a.hostname, a.appName, a.message], ['fw01', undefined, 'CEF:0|V|P|1|100|Blocked|5|src=10.0.0.1']);
  const b = ok('<134>Jun  1 11:00:00 CEF:0|V|P|1|100|Blocked|5|src=10.0.0.1');
  assert.deepEqual([b.hostname, b.message], [undefined, 'CEF:0|V|P|1|100|Blocked|5|src=10.0.0.1']);
});

void test('BOM before the PRI and framing leftovers are removed; unparseable lines say why', () => {
  const a = ok('\uFEFF<13>1 2024-05-01T10:00:00Z h a - - - text\r\n');
  assert.equal(a.message, 'text');
  assert.match(fails(''), /empty line/);
  assert.match(fails('\r\n'), /empty line/);
  assert.match(fails('hello world'), /neither a syslog PRI nor/);
  assert.match(fails('<999>Jun  1 11:00:00 h a: x'), /neither a syslog PRI/); // PRI out of range
  assert.match(fails('<13>Feb 30 11:00:00 h a: x'), /timestamp "Feb 30 11:00:00" is not a valid/);
});
