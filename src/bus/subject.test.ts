import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDurableName, assertFilter, assertPublishSubject, filterWithin, subjectMatches } from './subject.ts';

void test('subjectMatches follows NATS wildcard rules', () => {
  const cases: readonly (readonly [string, string, boolean])[] = [
    ['vigil.alerts', 'vigil.alerts', true],
    ['vigil.alerts', 'vigil.alerts.x', false],
    ['vigil.*', 'vigil.alerts', true],
    ['vigil.*', 'vigil.alerts.x', false],
    ['vigil.*', 'vigil', false],
    ['vigil.>', 'vigil.alerts', true],
    ['vigil.>', 'vigil.alerts.x.y', true],
    ['vigil.>', 'vigil', false],
    ['vigil.*.raw', 'vigil.t1.raw', true],
    ['vigil.*.raw', 'vigil.t1.alert', false],
    ['*.*', 'a.b', true],
    ['>', 'a', true],
    ['>', 'a.b.c', true],
    ['vigil.alerts', 'vigil.alertsx', false],
  ];
  for (const [filter, subject, expected] of cases) {
    assert.equal(subjectMatches(filter, subject), expected, `${filter} vs ${subject}`);
  }
});

void test('filterWithin says whether a filter stays inside a subject space', () => {
  assert.equal(filterWithin('vigil.>', 'vigil.alerts.*'), true);
  assert.equal(filterWithin('vigil.>', 'vigil.>'), true);
  assert.equal(filterWithin('vigil.>', 'vigil'), false);
  assert.equal(filterWithin('vigil.>', '>'), false);
  assert.equal(filterWithin('vigil.>', '*.alerts'), false);
  assert.equal(filterWithin('vigil.*', 'vigil.>'), false);
  assert.equal(filterWithin('vigil.*', 'vigil.a'), true);
});

void test('invalid subjects, filters and durable names are refused with a clear message', () => {
  assert.throws(() => { assertPublishSubject('vigil.*'); }, /cannot publish to "vigil\.\*"/);
  assert.throws(() => { assertPublishSubject('vigil..x'); }, /bus_bad_subject|cannot publish/);
  assert.throws(() => { assertPublishSubject('vigil.a b'); }, /cannot publish/);
  assert.doesNotThrow(() => { assertPublishSubject('vigil.alerts.tenant-1'); });
  assert.throws(() => { assertFilter('vigil.>.x'); }, /invalid subject filter/);
  assert.doesNotThrow(() => { assertFilter('vigil.*.x'); });
  assert.throws(() => { assertDurableName('a.b'); }, /durable name/);
  assert.doesNotThrow(() => { assertDurableName('triage-workers_1'); });
});
