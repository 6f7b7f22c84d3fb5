import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MATURE_AFTER_MS, TenantHistory, type HistorySnapshot } from './tenant-history.ts';

const H = 3_600_000;
const t0 = Date.parse('2026-03-02T00:00:00Z');

void describe('tenant history', () => {
  void it('counts a rule on a host this week, forgets older days, and tells first-time pairs', () => {
    const h = new TenantHistory();
    assert.equal(h.observe('r1', 'host:a', t0).pairSilenceMs, undefined);
    for (let i = 1; i <= 5; i++) h.observe('r1', 'host:a', t0 + i * H);
    const v = h.observe('r1', 'host:a', t0 + 6 * H);
    assert.equal(v.pairWeek, 6);
    assert.equal(v.pairTotal, 6);
    assert.equal(v.pairSilenceMs, H);
    const later = h.observe('r1', 'host:a', t0 + 9 * 24 * H);
    assert.equal(later.pairWeek, 0, 'a week later the old days are gone');
    assert.equal(later.pairTotal, 7);
  });

  void it('counts separate spells of a pair: a firing after six hours of silence starts a new one', () => {
    const h = new TenantHistory();
    assert.equal(h.observe('r1', 'host:a', t0).pairEpisodes, 0, 'never seen');
    h.observe('r1', 'host:a', t0 + 5 * H);
    assert.equal(h.observe('r1', 'host:a', t0 + 10 * H).pairEpisodes, 1, 'five-hour gaps: still one spell');
    assert.equal(h.observe('r1', 'host:a', t0 + 17 * H).pairEpisodes, 1, 'the view is the past: this firing opens the second spell');
    assert.equal(h.observe('r1', 'host:a', t0 + 18 * H).pairEpisodes, 2);
    const restored = TenantHistory.restore(h.snapshot());
    assert.equal(restored.observe('r1', 'host:a', t0 + 90 * H).pairEpisodes, 2, 'kept in the checkpoint');
    assert.equal(restored.observe('r1', 'host:a', t0 + 91 * H).pairEpisodes, 3);
  });

  void it('novelty only counts on a host watched for a day; bursts, diversity, spread and campaign', () => {
    const h = new TenantHistory();
    h.observe('noise', 'host:a', t0);
    h.observe('noise', 'host:b', t0);
    assert.equal(h.observe('new1', 'host:a', t0 + H).novelMature, false, 'day one: everything is new');
    const at = t0 + MATURE_AFTER_MS + H;
    h.observe('noise', 'host:a', at - 10_000);
    const first = h.observe('new2', 'host:a', at);
    assert.equal(first.novelMature, true);
    const second = h.observe('new3', 'host:a', at + 1_000);
    assert.ok(second.entityNovel > 0.9, 'one new rule on this host just before');
    assert.equal(second.entityRules, 3, 'noise, new2 and new3 within the hour');
    const other = h.observe('new4', 'host:b', at + 2_000);
    assert.equal(other.campaign, 1, 'host a raised new rules in the last hour');
    assert.ok(other.tenantNovelty > 1.5);
    for (let i = 0; i < 10; i++) h.observe('burst', 'host:c', at + i * 1_000);
    const b = h.observe('burst', 'host:c', at + 11_000);
    assert.ok(b.pairBurst > 9 && b.pairBurst < 10.1);
    h.observe('fleet', 'host:a', at);
    h.observe('fleet', 'host:b', at + 1);
    assert.equal(h.observe('fleet', 'host:c', at + 2).ruleSpread, 2);
  });

  void it('wakes: rules new to a mature host, or back after two days, counted per host for an hour', () => {
    const h = new TenantHistory();
    h.observe('start', 'host:a', t0);
    h.observe('stop', 'host:a', t0);
    h.observe('other', 'host:b', t0);
    const back = t0 + MATURE_AFTER_MS + 50 * H;
    const first = h.observe('start', 'host:a', back);
    assert.deepEqual([first.pairWaking, first.entityWakes], [true, 0]);
    const second = h.observe('stop', 'host:a', back + 1000);
    assert.equal(second.pairWaking, true);
    assert.ok(second.entityWakes > 0.99, `${second.entityWakes}`);
    assert.equal(h.observe('other', 'host:b', back).entityWakes, 0, 'per host');
    const fresh = h.observe('new-rule', 'host:a', back + H);
    assert.equal(fresh.pairWaking, true, 'a rule new to a mature host wakes up too');
    assert.ok(fresh.entityWakes > 0.9 && fresh.entityWakes < 1.1, `an hour later, two wakes count as one: ${fresh.entityWakes}`);
    assert.equal(h.observe('start', 'host:a', back + 2 * H).pairWaking, false, 'active again: no longer waking');
    const young = new TenantHistory();
    young.observe('x', 'host:c', t0);
    assert.equal(young.observe('y', 'host:c', t0 + H).pairWaking, false, 'on day one everything is new');
    const restored = TenantHistory.restore(JSON.parse(JSON.stringify(h.snapshot())) as HistorySnapshot);
    assert.ok(restored.observe('z', 'host:a', back + 2 * H).entityWakes > 0.5, 'kept in the checkpoint');
  });

  void it('routine means many distinct hours a day, not many alerts in one hour', () => {
    const hourly = new TenantHistory();
    for (let i = 0; i < 12; i++) hourly.observe('job', 'host:a', t0 + i * H);
    assert.ok(hourly.observe('job', 'host:a', t0 + 12 * H).pairHoursPerDay >= 20);
    const burst = new TenantHistory();
    for (let i = 0; i < 500; i++) burst.observe('scan', 'host:a', t0 + i * 1_000);
    assert.ok(burst.observe('scan', 'host:a', t0 + 501_000).pairHoursPerDay <= 4);
  });

  void it('survives a snapshot round trip through JSON', () => {
    const h = new TenantHistory();
    for (let i = 0; i < 30; i++) h.observe(`r${i % 3}`, `host:${i % 4}`, t0 + i * 600_000);
    const copy = TenantHistory.restore(JSON.parse(JSON.stringify(h.snapshot())) as HistorySnapshot);
    const at = t0 + 40 * 600_000;
    assert.deepEqual(copy.observe('r1', 'host:1', at), h.observe('r1', 'host:1', at));
  });
});
