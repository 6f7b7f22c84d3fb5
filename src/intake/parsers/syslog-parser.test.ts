import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawEvent } from '../parser.ts';
import { createSyslogParser, syslogParser } from './syslog-parser.ts';

const RECEIVED = '2024-06-01T12:00:00.000Z';

function eventOf(line: unknown, parser = syslogParser): RawEvent {
  const o = parser.parse(line, RECEIVED);
  if (o.kind !== 'event') assert.fail(`expected a raw event, got ${JSON.stringify(o).slice(0, 300)}`);
  return o.event;
}

void test('a plain RFC 3164 log line is a raw event with its header as fields', () => {
  const line = '<38>Jun  1 11:59:58 web-01 sshd[4242]: Failed password for root from 203.0.113.5 port 52314 ssh2';
  const e = eventOf(line);
  assert.equal(e.source, 'syslog');
  assert.equal(e.occurredAt, '2024-06-01T11:59:58.000Z');
  assert.equal(e.host, 'web-01');
  assert.deepEqual(e.fields, {
    protocol: 'rfc3164', facility: 4, facilityName: 'auth', severity: 6, severityName: 'informational',
    hostname: 'web-01', appName: 'sshd', procId: '4242', message: 'Failed password for root from 203.0.113.5 port 52314 ssh2',
  });
  assert.equal(e.raw, line);
});

void test('an RFC 5424 line keeps structured data and msgid', () => {
  const e = eventOf('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] \uFEFFAn application event');
  assert.equal(e.occurredAt, '2003-10-11T22:14:15.003Z');
  assert.equal(e.fields['msgId'], 'ID47');
  assert.equal(e.fields['facilityName'], 'local4');
  assert.equal(e.fields['severityName'], 'notice');
  assert.deepEqual(e.fields['structuredData'], { 'exampleSDID@32473': { iut: '3', eventSource: 'Application' } });
  assert.equal(e.fields['message'], 'An application event');
});

void test('a syslog line carrying CEF becomes the CEF alert', () => {
  const o = syslogParser.parse('<134>May  2 10:15:03 fw01 CEF:0|Acme|NGFW|9.1|4711|Port scan|7|src=203.0.113.9 dst=10.0.0.5', RECEIVED);
  if (o.kind !== 'alert') assert.fail(`expected an alert, got ${o.kind}`);
  assert.equal(o.alert.source, 'cef');
  assert.equal(o.alert.title, 'Port scan');
  assert.equal(o.alert.severity, 'high');
  assert.equal(o.alert.occurredAt, '2024-05-02T10:15:03.000Z');
  assert.ok(o.alert.observables.some((x) => x.kind === 'hostname' && x.value === 'fw01' && x.role === 'device'));
});

void test('malformed CEF inside syslog is kept as a raw event with the reason', () => {
  const e = eventOf('<134>May  2 10:15:03 fw01 CEF:0|Acme|NGFW|9.1');
  assert.equal(e.host, 'fw01');
  assert.match(String(e.fields['parseError']), /CEF header: found 3 of the 7/);
  assert.equal(e.fields['message'], 'CEF:0|Acme|NGFW|9.1');
});

void test('a line that cannot be parsed at all is a raw event with the text kept, never dropped', () => {
  for (const line of ['hello world', '<999>broken pri', '<13>Feb 30 11:00:00 h a: impossible date', '\u0000\u0001 binary junk']) {
    const e = eventOf(line);
    assert.equal(e.occurredAt, RECEIVED, line);
    assert.equal(e.fields['message'], line, line);
    assert.equal(typeof e.fields['parseError'], 'string', line);
    assert.equal(e.raw, line);
  }
});

void test('Buffers are decoded as UTF-8; empty lines and non-strings are errors (nothing to keep)', () => {
  const e = eventOf(Buffer.from('<13>Jun  1 11:00:00 h app: grüße\n', 'utf8'));
  assert.equal(e.fields['message'], 'grüße');
  const empty = syslogParser.parse('\r\n', RECEIVED);
  assert.equal(empty.kind, 'error');
  assert.equal(syslogParser.parse(42, RECEIVED).kind, 'error');
});

void test('the configured zone applies to RFC 3164 times', () => {
  const berlin = createSyslogParser({ zone: 'Europe/Berlin' });
  assert.equal(eventOf('<13>Jun  1 13:00:00 h app: x', berlin).occurredAt, '2024-06-01T11:00:00.000Z');
  assert.equal(eventOf('<13>1 2024-06-01T13:00:00Z h app - - - x', berlin).occurredAt, '2024-06-01T13:00:00.000Z');
});
