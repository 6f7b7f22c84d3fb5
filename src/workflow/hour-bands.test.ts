import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TenantCalendar } from './hour-bands.ts';

describe('tenant calendar', () => {
  const london = new TenantCalendar({ timeZone: 'Europe/London', businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }, country: 'GB', region: 'ENG' });

  it('classifies by local time across daylight saving', () => {
    assert.equal(london.band(Date.parse('2026-01-14T08:30:00Z')), 'business'); // GMT: 08:30 local
    assert.equal(london.band(Date.parse('2026-07-15T07:30:00Z')), 'business'); // BST: 08:30 local
    assert.equal(london.band(Date.parse('2026-07-15T06:30:00Z')), 'off_hours'); // BST: 07:30 local
    assert.equal(london.band(Date.parse('2026-07-15T17:00:00Z')), 'off_hours'); // BST: 18:00 local
    assert.equal(london.band(Date.parse('2026-07-18T12:00:00Z')), 'off_hours'); // Saturday
  });

  it("knows the country's public holidays in local time (Good Friday, Easter Monday)", () => {
    assert.equal(london.band(Date.parse('2026-04-03T10:00:00Z')), 'holiday');
    assert.equal(london.band(Date.parse('2026-04-06T10:00:00Z')), 'holiday');
    assert.equal(london.band(Date.parse('2026-04-05T23:30:00Z')), 'holiday'); // 00:30 BST on Easter Monday
    assert.equal(london.band(Date.parse('2026-04-07T10:00:00Z')), 'business');
  });

  it('handles windows that cross midnight', () => {
    const night = { days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' };
    const utc = new TenantCalendar({ timeZone: 'UTC', businessHours: night });
    assert.equal(utc.inWindow(Date.parse('2026-01-01T23:00:00Z'), night), true);
    assert.equal(utc.inWindow(Date.parse('2026-01-01T05:59:00Z'), night), true);
    assert.equal(utc.inWindow(Date.parse('2026-01-01T06:00:00Z'), night), false);
  });

  it('has no holidays without a country', () => {
    const plain = new TenantCalendar({ timeZone: 'UTC', businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' } });
    assert.equal(plain.isHoliday(Date.parse('2026-12-25T10:00:00Z')), false);
  });
});
