import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TriageEngine, type DecisionRecord, type TriageAlert, type TriageCheckpoint } from './engine.ts';
import { toTimelineEvent } from './timeline.ts';

const t0 = Date.parse('2026-03-02T00:00:00Z');
let seq = 0;
const alert = (rule: string, host: string, ms: number, over: Partial<TriageAlert> = {}): TriageAlert => ({
  id: `a${++seq}`,
  occurredAt: new Date(ms).toISOString(),
  source: 'wazuh',
  ruleId: rule,
  title: rule,
  severity: 'low',
  observables: [{ kind: 'hostname', value: host }],
  attacks: [],
  assets: [],
  ...over,
});
const policy = { trust: { minVerdicts: 20, minIncidents: 2 }, qualityReview: { rate: 0 } };

/** Feeds an hourly rule on one host for `hours`, each hour an incident judged benign after the fact. */
function warmUp(engine: TriageEngine, hours: number, rule = '5501', host = 'mail'): DecisionRecord[] {
  const records: DecisionRecord[] = [];
  for (let h = 0; h < hours; h++) {
    const batch: DecisionRecord[] = [];
    for (let i = 0; i < 10; i++) batch.push(engine.triage(alert(rule, host, t0 + h * 3_600_000 + i * 60_000)).record);
    engine.recordIncidentVerdict(batch, false, { incidentId: `inc-${rule}-${h}` });
    records.push(...batch);
  }
  return records;
}

void describe('triage engine', () => {
  void it('returns a complete decision for the timeline: score, decision, reasons, model version, trust, enforced', () => {
    const engine = new TriageEngine({ tenantId: 't1', policy });
    const d = engine.triage(alert('5501', 'mail', t0));
    assert.ok(d.score > 0 && d.score < 1);
    assert.equal(d.decision, 'queue');
    assert.equal(d.modelVersion, 'v0+0');
    assert.equal(d.trustLevel, 'assist');
    assert.ok(d.reasons.length >= 1);
    const e = toTimelineEvent(d);
    assert.deepEqual([e.actorKind, e.type, e.data.decision, e.data.modelVersion], ['ai', 'triage.decision', 'queue', 'v0+0']);
    assert.deepEqual(JSON.parse(JSON.stringify(d.record)) as unknown, d.record, 'records are plain JSON');
  });

  void it('learns from verdicts: routine noise gets auto-closed with reasons in words, a new rule on the host does not', () => {
    const engine = new TriageEngine({ tenantId: 't1', policy });
    warmUp(engine, 30);
    const later = t0 + 30 * 3_600_000;
    const noise = engine.triage(alert('5501', 'mail', later));
    assert.equal(noise.action, 'auto-close', noise.reasons.join(' | '));
    assert.ok(noise.score < 0.01);
    assert.equal(noise.trustLevel, 'autonomous');
    assert.ok(noise.reasons.some((r) => /analysts closed 100% of \d+ verdicts on this rule on mail as benign/.test(r)), noise.reasons.join(' | '));
    const fresh = engine.triage(alert('5715', 'mail', later + 1000));
    assert.notEqual(fresh.action, 'auto-close');
    assert.ok(fresh.reasons.some((r) => r.includes('first time this rule fires on mail')), fresh.reasons.join(' | '));
    assert.ok(fresh.score > noise.score * 10);
  });

  void it('attaches to the open incident chosen by the grouping rules', () => {
    const engine = new TriageEngine({ tenantId: 't1', policy });
    const open = { id: 'inc-9', lastAlertAtMs: t0, alertCount: 1, ruleKeys: new Set(['wazuh:x']), entityKeys: new Set(['hostname:web']) };
    const d = engine.triage(alert('x', 'web', t0 + 60_000), { candidates: [open] });
    assert.deepEqual([d.action, d.incidentId], ['attach', 'inc-9']);
    const far = engine.triage(alert('x', 'web', t0 + 6 * 3_600_000), { candidates: [open] });
    assert.equal(far.action, 'queue', 'outside the grouping window');
  });

  void it('versions the model: snapshot, learn, roll back to the snapshot', () => {
    const engine = new TriageEngine({ tenantId: 't1', policy, clock: { now: () => new Date(t0) } });
    warmUp(engine, 5);
    const v1 = engine.snapshot('after warm-up');
    assert.deepEqual([v1.version, v1.parentVersion, engine.modelVersion], [1, 0, 'v1+0']);
    const probe = () => engine.triage(alert('5501', 'mail', t0 + 6 * 3_600_000)).score;
    const before = probe();
    const bad = [engine.triage(alert('5501', 'mail', t0 + 6 * 3_600_000)).record];
    for (let i = 0; i < 5; i++) engine.recordIncidentVerdict(bad, true, { incidentId: `bad-${i}` });
    assert.ok(probe() > before * 5, 'malicious verdicts raise the score');
    assert.equal(engine.modelVersion, 'v1+5');
    engine.rollback(JSON.parse(JSON.stringify(v1)) as typeof v1);
    assert.equal(engine.modelVersion, 'v1+0');
    assert.ok(Math.abs(probe() - before) < before * 0.5, 'back to what v1 said');
    assert.equal(engine.snapshot().version, 2, 'version numbers are never reused');
    assert.throws(() => {
      new TriageEngine({ tenantId: 'other' }).rollback(v1);
    }, /not a triage model of tenant other/);
  });

  void it('retrains from the labelled history to the same judgement, and restores from stored state', () => {
    const engine = new TriageEngine({ tenantId: 't1', policy });
    const records = warmUp(engine, 12);
    const online = engine.triage(alert('5501', 'mail', t0 + 13 * 3_600_000)).score;
    const fresh = new TriageEngine({ tenantId: 't1', policy, history: engine.exportHistory() });
    fresh.retrain(records.map((record, i) => ({ record, malicious: false, incidentId: `inc-${Math.floor(i / 10)}` })));
    const retrained = fresh.triage(alert('5501', 'mail', t0 + 13 * 3_600_000 + 1)).score;
    assert.ok(retrained < 0.01 && online < 0.01, `${retrained} / ${online}`);
    const restored = new TriageEngine({ tenantId: 't1', policy, model: engine.snapshot(), history: JSON.parse(JSON.stringify(engine.exportHistory())) as TriageCheckpoint });
    const a = alert('5501', 'mail', t0 + 14 * 3_600_000);
    assert.equal(restored.triage(a).score, engine.triage({ ...a }).score);
  });

  void it('keeps the quality-review day counts in the history checkpoint, so a restart keeps the daily cap', () => {
    const reviewed = { ...policy, qualityReview: { rate: 1, maxPerDay: 2 } };
    const engine = new TriageEngine({ tenantId: 't1', policy: reviewed });
    warmUp(engine, 12);
    const laterToday = (e: TriageEngine): number =>
      Array.from({ length: 20 }, (_, i) => e.triage(alert('5501', 'mail', t0 + 13 * 3_600_000 + i * 1000))).filter((d) => d.qualityReview).length;
    const closed = new TriageEngine({ tenantId: 't1', policy: reviewed, model: engine.snapshot() });
    assert.equal(laterToday(closed), 2, 'without the checkpoint the cap starts afresh (the alerts do close)');
    const restored = new TriageEngine({ tenantId: 't1', policy: reviewed, model: engine.snapshot(), history: JSON.parse(JSON.stringify(engine.exportHistory())) as TriageCheckpoint });
    assert.equal(engine.qualityReviewEstimate().sampled, 2);
    assert.equal(laterToday(restored), 0, 'two drawn today already');
  });

  void it('reports accuracy, trust and the quality-review estimate', () => {
    const engine = new TriageEngine({ tenantId: 't1', policy });
    warmUp(engine, 30);
    const acc = engine.accuracy();
    assert.equal(acc.overall.count, 300);
    assert.ok((acc.overall.agreement ?? 0) > 0.99);
    const classes = engine.trustReport();
    assert.ok(classes.some((c) => c.classKey === 'wazuh:5501' && c.level === 'autonomous'));
    assert.ok(classes.some((c) => c.classKey === 'detector:wazuh'));
    assert.equal(engine.qualityReviewEstimate().reviewed, 0);
  });
});
