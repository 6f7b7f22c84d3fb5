import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logit, median, seededRandom, sigmoid, wilson } from './stats.ts';
import { noisyOrShares } from './verdict-rates.ts';

void describe('statistics helpers', () => {
  void it('Wilson interval: textbook values, bounded, honest at 0 and 100%', () => {
    const w = wilson(81, 263, 0.95);
    assert.ok(Math.abs(w.lower - 0.2553) < 1e-3 && Math.abs(w.upper - 0.3662) < 1e-3, JSON.stringify(w));
    const all = wilson(100, 100, 0.95);
    assert.ok(all.upper > 0.9999 && all.upper <= 1 && all.lower > 0.96 && all.lower < 0.97);
    const none = wilson(0, 50, 0.95);
    assert.equal(none.lower, 0);
    assert.ok(none.upper > 0.05 && none.upper < 0.08, 'the rule of three, roughly');
    assert.ok(Number.isNaN(wilson(0, 0).estimate));
  });

  void it('noisy-OR shares: the likely culprit takes the blame; equal shares when nothing is suspected', () => {
    const [rare, noise] = noisyOrShares([0.5, 0.001]);
    assert.ok((rare ?? 0) > 0.99 && (noise ?? 1) < 0.01);
    assert.deepEqual(noisyOrShares([0, 0, 0, 0]), [0.25, 0.25, 0.25, 0.25]);
    assert.deepEqual(noisyOrShares([1, 0.2]), [1, 0.2]);
  });

  void it('sigmoid and logit invert each other; seeded random repeats; median', () => {
    for (const p of [0.001, 0.3, 0.97]) assert.ok(Math.abs(sigmoid(logit(p)) - p) < 1e-9);
    const a = seededRandom(9);
    const b = seededRandom(9);
    assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});
