import assert from 'node:assert/strict';
import { test } from 'node:test';
import { erlangA, erlangAAgents } from './erlang-a.ts';
import { erlangB, erlangC, erlangCAgents, erlangCWait, trafficOf, withShrinkage } from './erlang-c.ts';

// Reference: 100 calls per 30 minutes, 180 s handling, 80% within 20 s → A = 10 Erlangs (data README).
const load = { arrivalsPerHour: 200, handlingSeconds: 180 };
const near = (actual: number, expected: number, tolerance: number, what: string): void => { assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`); };

test('Erlang C reproduces the textbook reference values', () => {
  assert.equal(trafficOf(load), 10);
  const n13 = erlangC(load, 13, 20);
  near(n13.pWait, 0.2853, 5e-5, 'P(wait) N=13');
  near(n13.serviceLevel, 0.7956, 5e-5, 'SL N=13');
  const n14 = erlangC(load, 14, 20);
  near(n14.pWait, 0.1741, 5e-5, 'P(wait) N=14');
  near(n14.serviceLevel, 0.8884, 5e-5, 'SL N=14');
  near(n14.asaSeconds, 7.84, 0.005, 'ASA N=14');
  near(n14.occupancy, 0.714, 5e-4, 'occupancy N=14');
});

test('Erlang C staffing: 14 agents for 80% in 20 s, 20 after 30% shrinkage', () => {
  const r = erlangCAgents(load, { serviceLevel: 0.8, withinSeconds: 20 });
  assert.equal(r.agents, 14);
  assert.equal(withShrinkage(r.agents, 0.3), 20);
  assert.throws(() => withShrinkage(14, 1), /shrinkage/);
  // An occupancy cap can only add agents.
  assert.ok(erlangCAgents(load, { serviceLevel: 0.8, withinSeconds: 20, maxOccupancy: 0.6 }).agents >= 17);
});

test('Erlang C is unstable at or below the traffic and stays exact for thousands of agents', () => {
  assert.equal(erlangCWait(10, 10), 1);
  assert.equal(erlangC(load, 9, 20).stable, false);
  // Large systems: A^N / N! overflows doubles long before N = 5000; the recursion does not.
  const big = erlangC({ arrivalsPerHour: 200 * 500, handlingSeconds: 180 }, 5100, 20);
  assert.ok(Number.isFinite(big.pWait) && big.pWait > 0 && big.pWait < 1, `P(wait) ${big.pWait}`);
  assert.ok(erlangB(5000, 4900) > 0 && erlangB(5000, 4900) < 1);
  // More agents never make things worse.
  let last = 1;
  for (let n = 11; n < 25; n++) {
    const p = erlangCWait(n, 10);
    assert.ok(p < last, `P(wait) must fall with N (N=${n})`);
    last = p;
  }
});

test('Erlang A converges to Erlang C as patience grows', () => {
  const c = erlangC(load, 14, 20);
  let previousGap = Number.POSITIVE_INFINITY;
  for (const patience of [60, 600, 6000, 60000, 6e6]) {
    const a = erlangA(load, 14, patience, 20);
    const gap = Math.abs(a.pWait - c.pWait) + Math.abs(a.serviceLevel - c.serviceLevel);
    assert.ok(gap < previousGap, `gap must shrink with patience (${patience}: ${gap})`);
    previousGap = gap;
  }
  const far = erlangA(load, 14, 6e8, 20);
  near(far.pWait, c.pWait, 1e-4, 'P(wait)');
  near(far.serviceLevel, c.serviceLevel, 1e-4, 'service level');
  near(far.asaSeconds, c.asaSeconds, 0.01, 'ASA');
  near(far.pAbandon, 0, 1e-5, 'abandonment');
});

test('Erlang A: impatience abandons alerts, shortens waits and keeps an overloaded queue finite', () => {
  const patient = erlangA(load, 14, 6000, 20);
  const impatient = erlangA(load, 14, 60, 20);
  assert.ok(impatient.pAbandon > patient.pAbandon);
  assert.ok(impatient.asaSeconds < patient.asaSeconds);
  const overloaded = erlangA(load, 8, 300, 20);
  assert.ok(overloaded.stable && overloaded.pAbandon > 0.15 && overloaded.pAbandon < 1, `abandon ${overloaded.pAbandon}`);
  // Little's law on abandonment: θ · E[queue] = λ · P(abandon), so P(abandon) = E[wait] / patience.
  near(overloaded.pAbandon, overloaded.meanWaitSeconds / 300, 1e-9, 'P(abandon) = E[W]/patience');
  const staffed = erlangAAgents(load, 600, { serviceLevel: 0.8, withinSeconds: 20, maxAbandon: 0.02 });
  assert.ok(staffed.agents <= 14 && staffed.serviceLevel >= 0.8 && staffed.pAbandon <= 0.02);
  assert.ok(!(erlangA(load, staffed.agents - 1, 600, 20).serviceLevel >= 0.8 && erlangA(load, staffed.agents - 1, 600, 20).pAbandon <= 0.02));
});
