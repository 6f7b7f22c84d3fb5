import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QualityReview, qualityReviewSettingsSchema } from './quality-review.ts';
import { seededRandom } from './stats.ts';

const DAY = 86_400_000;

void describe('quality review', () => {
  void it('samples about the configured rate of auto-closed alerts, never more than the daily cap', () => {
    const q = new QualityReview(qualityReviewSettingsSchema.parse({ rate: 0.01, maxPerDay: 1000 }), seededRandom(3));
    let sampled = 0;
    for (let i = 0; i < 20_000; i++) if (q.sample(i * 1000)) sampled++;
    assert.ok(sampled > 150 && sampled < 250, `sampled ${sampled}`);
    const capped = new QualityReview(qualityReviewSettingsSchema.parse({ rate: 0.5, maxPerDay: 3 }), seededRandom(3));
    let n = 0;
    for (let i = 0; i < 1000; i++) if (capped.sample((i % 2) * DAY + i)) n++;
    assert.equal(n, 6, 'three a day over two days');
  });

  void it('estimates the missed-attack rate with a confidence interval, weighting capped days back up', () => {
    const q = new QualityReview(qualityReviewSettingsSchema.parse({ rate: 1, maxPerDay: 10 }), () => 0);
    for (let i = 0; i < 1000; i++) q.sample(i);
    for (let i = 0; i < 100; i++) q.sample(DAY + i);
    for (let i = 0; i < 10; i++) q.record(i, i === 0);
    for (let i = 0; i < 10; i++) q.record(DAY + i, false);
    const e = q.estimate();
    assert.equal(e.autoClosed, 1100);
    assert.equal(e.reviewed, 20);
    assert.equal(e.missedFound, 1);
    assert.ok(e.missRate !== null && Math.abs(e.missRate.estimate - 100 / 1100) < 1e-9, 'day one holds 1000 of the 1100');
    assert.ok(e.missRate.lower < e.missRate.estimate && e.missRate.upper > e.missRate.estimate);
    assert.ok(e.effectiveSampleSize < 20, 'unequal weights cost sample size');
    assert.equal(new QualityReview(qualityReviewSettingsSchema.parse({}), () => 1).estimate().missRate, null);
  });
});
