import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccuracyBook, type AccuracyObservation } from './accuracy.ts';

const at = Date.parse('2026-03-02T10:00:00Z');
const obs = (score: number, human: boolean, over: Partial<AccuracyObservation> = {}): AccuracyObservation => ({
  classKey: 'r1',
  band: 'business',
  at,
  score,
  aiMalicious: score >= 0.5,
  decision: score < 0.01 ? 'auto-close' : score >= 0.7 ? 'escalate' : 'queue',
  humanMalicious: human,
  ...over,
});

void describe('AI accuracy figures', () => {
  void it('agreement, precision, recall, override rate and Brier, per class, band and day', () => {
    const b = new AccuracyBook();
    b.record(obs(0.9, true));
    b.record(obs(0.8, false));
    b.record(obs(0.2, true, { classKey: 'r2', band: 'off_hours' }));
    b.record(obs(0.005, false, { at: at + 86_400_000 }));
    b.record(obs(0.001, true, { at: at + 86_400_000, band: 'holiday' }));
    const r = b.report();
    assert.equal(r.overall.count, 5);
    assert.equal(r.overall.agreement, 2 / 5);
    assert.equal(r.overall.precision, 1 / 2);
    assert.equal(r.overall.recall, 1 / 3);
    assert.equal(r.overall.calls, 4);
    assert.equal(r.overall.overrideRate, 2 / 4, 'an escalation judged benign and an auto-close judged malicious');
    const brier = (0.1 ** 2 + 0.8 ** 2 + 0.8 ** 2 + 0.005 ** 2 + 0.999 ** 2) / 5;
    assert.ok(Math.abs((r.overall.brier ?? 0) - brier) < 1e-12);
    assert.equal(r.byClass['r2']?.count, 1);
    assert.deepEqual(Object.keys(r.byBand).sort(), ['business', 'holiday', 'off_hours']);
    assert.deepEqual(r.byBucket.map((x) => x.count), [3, 2]);
    assert.equal(r.reliability[9]?.count, 1);
    assert.equal(r.reliability[0]?.observedRate, 0.5);
  });
});
