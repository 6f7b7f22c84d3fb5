import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochToIso, toIsoUtc } from './time-normalise.ts';

const REF = Date.parse('2020-06-01T00:00:00Z');
const iso = (v: unknown, zone?: string): string | undefined => toIsoUtc(v, zone === undefined ? { referenceMs: REF } : { referenceMs: REF, zone });

void test('ISO 8601 / RFC 3339 variants normalise to UTC milliseconds', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['2020-03-04T18:02:04.347123+0000', '2020-03-04T18:02:04.347Z'], // Wazuh, Suricata
    ['2020-03-04T18:02:04.347123+00:00', '2020-03-04T18:02:04.347Z'],
    ['2020-03-04T18:02:04Z', '2020-03-04T18:02:04.000Z'],
    ['2020-03-04t18:02:04z', '2020-03-04T18:02:04.000Z'],
    ['2020-03-04 18:02:04', '2020-03-04T18:02:04.000Z'], // no zone: UTC
    ['2020-03-04T18:02:04,5+05:30', '2020-03-04T12:32:04.500Z'],
    ['2020-03-04T18:02:04.1234567-07', '2020-03-05T01:02:04.123Z'],
    ['2020-03-04T18:02Z', '2020-03-04T18:02:00.000Z'],
    ['2020-03-04', '2020-03-04T00:00:00.000Z'],
    ['2020-03-04 18:02:04 UTC', '2020-03-04T18:02:04.000Z'],
    ['2020-03-04T18:02:04.347 America/New_York', '2020-03-04T23:02:04.347Z'],
  ];
  for (const [input, expected] of cases) assert.equal(iso(input), expected, input);
});

void test('epochs by magnitude: seconds, milliseconds, microseconds, nanoseconds; numbers and digit strings', () => {
  assert.equal(iso(1583345031), '2020-03-04T18:03:51.000Z');
  assert.equal(iso('1583345031.25'), '2020-03-04T18:03:51.250Z');
  assert.equal(iso(1583345031123), '2020-03-04T18:03:51.123Z');
  assert.equal(iso('1583345031123'), '2020-03-04T18:03:51.123Z');
  assert.equal(iso(1583345031123456), '2020-03-04T18:03:51.123Z');
  assert.equal(iso(1583345031123456789), '2020-03-04T18:03:51.123Z');
  assert.equal(epochToIso(0), '1970-01-01T00:00:00.000Z');
});

void test('BSD / ArcSight and RFC 2822 forms, with zones and the year inferred', () => {
  assert.equal(iso('Mar  4 18:23:46'), '2020-03-04T18:23:46.000Z');
  assert.equal(iso('Dec 24 18:23:46'), '2019-12-24T18:23:46.000Z'); // months ahead of the reference: last year
  assert.equal(iso('Jun  5 00:00:00'), '2020-06-05T00:00:00.000Z'); // a few days ahead: clock skew, this year
  assert.equal(iso('Mar 04 2020 18:02:04.5 PST'), '2020-03-05T02:02:04.500Z');
  assert.equal(iso('Mar 04 2020 18:02:04 +0100'), '2020-03-04T17:02:04.000Z');
  assert.equal(iso('Mar 04 2020 18:02:04', 'Europe/Paris'), '2020-03-04T17:02:04.000Z');
  assert.equal(iso('Wed, 04 Mar 2020 18:02:04 GMT'), '2020-03-04T18:02:04.000Z');
  assert.equal(iso('04 Mar 2020 18:02:04 -0500'), '2020-03-04T23:02:04.000Z');
});

void test('impossible or ambiguous times are rejected, not rolled over', () => {
  for (const bad of [
    '2021-02-29T00:00:00Z', '2020-04-31T00:00:00Z', '2020-13-01T00:00:00Z', '2020-00-10T00:00:00Z',
    '2020-03-04T24:00:00Z', '2020-03-04T18:60:00Z', '2020-03-04T18:02:04+2400', '2020-03-04T18:02:04+05:60',
    '2020-03-04T18:02:04.Z', '2020-03-04X18:02:04Z', '2020-03-04T18:02:04Zjunk', '10000-01-01T00:00:00Z',
    'Feb 30 10:00:00', 'Mar 04 2020 18:02:04 XYZ', 'Foo 04 2020 18:02:04', 'yesterday', '', '  ', '12abc',
  ]) {
    assert.equal(iso(bad), undefined, bad);
  }
  for (const bad of [-1, NaN, Infinity, 1e20 * 1e6, null, undefined, {}, [], true]) assert.equal(iso(bad), undefined, JSON.stringify(bad));
});

void test('leap day in a leap year is valid', () => {
  assert.equal(iso('2020-02-29T12:00:00Z'), '2020-02-29T12:00:00.000Z');
  assert.equal(iso('2000-02-29T12:00:00Z'), '2000-02-29T12:00:00.000Z');
  assert.equal(iso('1900-02-29T12:00:00Z'), undefined);
});
