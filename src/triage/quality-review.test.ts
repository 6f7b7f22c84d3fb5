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
    for (let i = 0; i < 1000; i++) if (capped.sample(i)) n++;
    assert.equal(n, 3, 'three on a first day');
  });

  void it('spreads the daily cap over the day once the day before is known, so nights are reviewed too', () => {
    const q = new QualityReview(qualityReviewSettingsSchema.parse({ rate: 0.01, maxPerDay: 2 }), seededRandom(5));
    const perDay = 20_000;
    const at = (day: number, i: number): number => day * DAY + Math.floor((i * DAY) / perDay);
    const firstDay: number[] = [];
    for (let i = 0; i < perDay; i++) if (q.sample(at(0, i))) firstDay.push(i);
    assert.ok(firstDay.length === 2 && (firstDay[1] ?? perDay) < perDay / 10, `a fixed rate fills the cap early on day one: ${firstDay}`);
    assert.equal(q.rateOn(DAY), 2 / perDay);
    const hours: number[] = [];
    for (let day = 1; day <= 60; day++) for (let i = 0; i < perDay; i++) if (q.sample(at(day, i))) hours.push(Math.floor((i * 24) / perDay));
    assert.ok(hours.length > 60 && hours.length <= 120, `about the cap a day on average, never above it: ${hours.length}`);
    const afterNoon = hours.filter((h) => h >= 12).length / hours.length;
    assert.ok(afterNoon > 0.3 && afterNoon < 0.7, `half the samples after noon: ${afterNoon}`);
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
