import assert from 'node:assert/strict';
import { test } from 'node:test';
import { erlangCAgents } from './erlang-c.ts';
import { compareStaffingOptions, seatFte, twoTierConfig, type CostConfig } from './staffing-options.ts';
import { staffingPlan, type StaffingConfig } from './staffing.ts';

const config: StaffingConfig = {
  intervalShrinkage: 0.15,
  tiers: [
    { tier: 't1', share: 1, handlingSeconds: 600, target: { serviceLevel: 0.9, withinSeconds: 900, maxOccupancy: 0.85 }, minimum: 1 },
    { tier: 't2', share: 0.2, handlingSeconds: 2400, target: { serviceLevel: 0.9, withinSeconds: 1800 }, minimum: 1 },
    { tier: 't3', share: 0.05, handlingSeconds: 7200, target: { serviceLevel: 0.8, withinSeconds: 3600 }, patienceSeconds: 14400 },
  ],
};

/** One week from Monday 2024-04-08 00:00 UTC: 20 alerts/h in business hours, 6/h otherwise. */
const week = Array.from({ length: 168 }, (_, h) => {
  const start = new Date(Date.UTC(2024, 3, 8) + h * 3_600_000).toISOString();
  const business = h < 120 && h % 24 >= 8 && h % 24 < 18;
  return { start, alerts: business ? 20 : 6 };
});

test('staffing per hour and tier follows Erlang C with shrinkage and minimums', () => {
  const plan = staffingPlan(week, config);
  assert.equal(plan.length, 168);
  const busy = plan[10]?.tiers.find((t) => t.tier === 't1');
  const quiet = plan[3]?.tiers.find((t) => t.tier === 't1');
  assert.ok(busy !== undefined && quiet !== undefined);
  const expected = erlangCAgents({ arrivalsPerHour: 20, handlingSeconds: 600 }, config.tiers[0]?.target ?? {});
  assert.equal(busy.onQueue, expected.agents);
  assert.equal(busy.rostered, Math.ceil(expected.agents / 0.85));
  assert.ok(busy.serviceLevel >= 0.9 && busy.occupancy <= 0.85);
  assert.ok(quiet.rostered < busy.rostered && quiet.rostered >= 1);
  // Tier 3 uses Erlang A (alerts expire) and may need fewer analysts than Erlang C would.
  const t3 = plan[10]?.tiers.find((t) => t.tier === 't3');
  assert.ok(t3 !== undefined && t3.pAbandon > 0 && t3.serviceLevel >= 0.8);
  // Never below the minimum, even with no alerts.
  const empty = staffingPlan([{ start: week[0]?.start ?? '', alerts: 0 }], config)[0];
  assert.deepEqual(empty?.tiers.map((t) => t.rostered), [1, 1, 0]);
});

const cost: CostConfig = {
  currency: 'EUR',
  annualCost: { t1: 60000, t2: 80000, t3: 110000 },
  contractHoursPerWeek: 40,
  absenceShrinkage: 0.2,
  offHoursPremium: 0.25,
  mssp: { perAlert: 2, annualBase: 20000 },
};

test('a 24/7 seat costs 168 hours over productive hours per FTE', () => {
  assert.equal(seatFte(cost), 168 / 32);
  assert.equal(seatFte({ ...cost, absenceShrinkage: 0 }), 4.2);
});

test('staffing options: in-house, two-tier and hybrid with an MSSP for nights and weekends', () => {
  const options = compareStaffingOptions(week, config, cost, 'UTC');
  assert.deepEqual(options.map((o) => o.name), ['in-house', 'two-tier', 'hybrid-mssp']);
  const [inHouse, twoTier, hybrid] = options;
  assert.ok(inHouse !== undefined && twoTier !== undefined && hybrid !== undefined);
  // Hours per week add up to the plan; FTE is hours over productive hours.
  const t1Hours = staffingPlan(week, config).reduce((a, h) => a + (h.tiers[0]?.rostered ?? 0), 0);
  assert.equal(inHouse.analystHoursPerWeek['t1'], t1Hours);
  assert.ok(Math.abs((inHouse.fte['t1'] ?? 0) - t1Hours / 32) < 1e-9);
  assert.equal(inHouse.msspCost, 0);
  assert.deepEqual(Object.keys(twoTier.fte).sort(), ['t1', 't2']);
  // The hybrid keeps only business hours in-house (50 of 168) and pays the MSSP per off-hours alert.
  assert.ok(hybrid.inHouseCost < inHouse.inHouseCost);
  const offHoursAlerts = week.filter((h, i) => !(i < 120 && i % 24 >= 8 && i % 24 < 18)).reduce((a, h) => a + h.alerts, 0);
  assert.ok(Math.abs(hybrid.msspCost - (20000 + 2 * offHoursAlerts * 52)) < 1e-6);
  assert.equal(hybrid.totalCost, hybrid.inHouseCost + hybrid.msspCost);
  assert.equal(twoTierConfig({ ...config, tiers: config.tiers.slice(0, 2) }).tiers.length, 2);
});
