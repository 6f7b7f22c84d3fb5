import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAitCsv } from './ait-ads-loader.ts';
import { evaluateScenarios } from './evaluate.ts';
import { syntheticAitCsv } from './synthetic-scenario.ts';

void describe('replay of a labelled stream (synthetic)', () => {
  const test = parseAitCsv(syntheticAitCsv({ days: 3, seed: 42 }), 'synthetic');
  const cold = evaluateScenarios(test, []);

  void it('reports the issue’s fields, consistently', () => {
    for (const key of ['alerts', 'autoClosed', 'reviewItems', 'reviewItemsPerDay', 'workloadReduction', 'attackAlerts', 'attackAlertsAutoClosed', 'steps', 'highPriorityPrecision', 'baseline']) {
      assert.ok(key in cold, key);
    }
    assert.equal(cold.alerts, test.size);
    assert.equal(cold.attackAlerts, 306);
    assert.equal(cold.workloadReduction, Math.round((1 - cold.reviewItems / cold.alerts) * 1e6) / 1e6);
    assert.equal(cold.itemsPerDay.reduce((a, b) => a + b, 0), cold.reviewItems);
    assert.deepEqual(cold.steps.map((s) => s.step), ['dirb', 'escalated_sudo_command']);
  });

  void it('cold: learns the noise from verdicts, surfaces every attack step at once, closes no attack alert', () => {
    assert.equal(cold.mode, 'cold');
    assert.equal(cold.attackAlertsAutoClosed, 0);
    assert.ok(cold.steps.every((s) => s.surfaced && s.withinTarget), JSON.stringify(cold.steps));
    assert.ok(cold.autoClosed > 0.8 * (cold.alerts - cold.attackAlerts), `auto-closed ${cold.autoClosed}`);
    // Early autonomy makes the first day cheaper (and leaves fewer verdicts to learn from): a gentler fall.
    assert.ok((cold.itemsPerDay[2] ?? 99) < (cold.itemsPerDay[0] ?? 0) / 2, `items fall as it learns: ${cold.itemsPerDay.join(',')}`);
    assert.ok(cold.reviewItems < cold.baseline.reviewItems, `engine ${cold.reviewItems} vs baseline ${cold.baseline.reviewItems}`);
    assert.ok(cold.accuracy.overall.count > 0);
  });

  void it('warm: training on another stream cuts the first day’s work', () => {
    const warm = evaluateScenarios(test, [parseAitCsv(syntheticAitCsv({ days: 3, seed: 7 }), 'other')]);
    assert.equal(warm.mode, 'warm');
    assert.deepEqual(warm.train, ['other']);
    assert.ok((warm.itemsPerDay[0] ?? 99) < (cold.itemsPerDay[0] ?? 0), `${warm.itemsPerDay[0]} vs ${cold.itemsPerDay[0]}`);
    assert.equal(warm.attackAlertsAutoClosed, 0);
    assert.ok(warm.steps.every((s) => s.withinTarget));
  });

  void it('the verdict delay matters: verdicts that never arrive in time teach nothing', () => {
    const never = evaluateScenarios(test, [], { delayMinutes: 10 * 24 * 60 });
    assert.equal(never.autoClosed, 0);
    assert.ok(never.reviewItems > cold.reviewItems, `nothing learnt, nothing closed: ${never.reviewItems} items against ${cold.reviewItems}`);
  });
});
