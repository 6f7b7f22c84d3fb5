import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { severityPrior, VerdictRates, type IncidentPair, type RatesSnapshot } from './verdict-rates.ts';

const pair = (rule: string, host: string, score = 0.01): IncidentPair => ({ pairKey: `${rule}@${host}`, ruleKey: rule, severity: 'unknown', score });

void describe('verdict rates', () => {
  void it('start at the severity prior, and a rule on a new host starts where the rule stands', () => {
    const r = new VerdictRates();
    assert.ok(Math.abs(r.view('r', 'r@a', 'high').ruleMean - severityPrior('high')) < 1e-12);
    assert.ok(severityPrior('critical') > severityPrior('high') && severityPrior('high') > severityPrior('low'));
    for (let i = 0; i < 20; i++) r.addIncident(false, [pair('r', 'a')]);
    const known = r.view('r', 'r@a', 'unknown');
    const newHost = r.view('r', 'r@b', 'unknown');
    assert.ok(known.pairMean < 0.002, 'twenty benign incidents');
    assert.ok(Math.abs(newHost.pairMean - newHost.ruleMean) < 1e-12);
    assert.ok(newHost.pairMean < severityPrior('unknown'));
    assert.equal(known.pairBenignIncidents, 20);
  });

  void it('count incidents, not alerts: one incident is one verdict per pair', () => {
    const r = new VerdictRates();
    r.addIncident(false, [pair('r', 'a'), pair('s', 'a')]);
    assert.equal(r.view('r', 'r@a', 'unknown').pairBenign, 1);
    assert.equal(r.view('s', 's@a', 'unknown').ruleBenign, 1);
  });

  void it('share a malicious verdict out, and move the blame off a pair that keeps showing up in benign incidents', () => {
    const r = new VerdictRates();
    // The noisy rule and a never-seen rule share a malicious incident; both look equally unknown then.
    r.addIncident(true, [pair('noisy', 'fw', 0.01), pair('exfil', 'fw', 0.01)]);
    const before = r.view('noisy', 'noisy@fw', 'unknown').pairMalicious;
    assert.ok(before > 0.4 && before < 0.8, `shared evenly first, got ${before}`);
    assert.equal(r.view('exfil', 'exfil@fw', 'unknown').pairMalicious, before);
    for (let i = 0; i < 60; i++) r.addIncident(false, [pair('noisy', 'fw')]);
    const noisy = r.view('noisy', 'noisy@fw', 'unknown');
    const exfil = r.view('exfil', 'exfil@fw', 'unknown');
    assert.ok(noisy.pairMalicious < 0.2, `noisy keeps ${noisy.pairMalicious}`);
    assert.ok(exfil.pairMalicious > 0.8, `exfil takes ${exfil.pairMalicious}`);
    assert.ok(exfil.pairMean > 10 * noisy.pairMean);
  });

  void it('re-estimates after nearly every verdict while the tenant is young, every 25 once it is mature', () => {
    const blameAfterBenignElsewhere = (r: VerdictRates): { before: number; after: number } => {
      r.addIncident(true, [pair('ids', 'web', 0.01), pair('biz', 'web', 0.01)]);
      const before = r.view('ids', 'ids@web', 'unknown').pairMalicious;
      for (const host of ['h2', 'h3', 'h4', 'h5', 'h6']) r.addIncident(false, [pair('ids', host)]);
      return { before, after: r.view('ids', 'ids@web', 'unknown').pairMalicious };
    };
    // Day one: the IDS rule that shared the first attack incident is benign on five other hosts.
    const young = blameAfterBenignElsewhere(new VerdictRates());
    assert.ok(young.after < 0.8 * young.before, `young tenant: ${young.before} → ${young.after}`);
    // A tenant with 500 benign incidents behind it waits for 25 more, also after a snapshot round trip.
    const mature = new VerdictRates();
    for (let i = 0; i < 500; i++) mature.addIncident(false, [pair('update', `m${i % 7}`)]);
    const restored = VerdictRates.restore(JSON.parse(JSON.stringify(mature.snapshot())) as RatesSnapshot);
    for (const r of [mature, restored]) {
      const m = blameAfterBenignElsewhere(r);
      assert.equal(m.after, m.before, 'no re-estimation within 25 benign incidents');
    }
  });

  void it('count the benign incidents on a pair since it was last in a malicious one', () => {
    const r = new VerdictRates();
    r.addIncident(false, [pair('cpu', 'mon')]);
    r.addIncident(false, [pair('cpu', 'mon')]);
    assert.equal(r.view('cpu', 'cpu@mon', 'unknown').pairBenignSinceMalicious, 2, 'never malicious: all of them');
    r.addIncident(true, [pair('cpu', 'mon', 0.2), pair('exfil', 'mon', 0.2)]);
    assert.equal(r.view('cpu', 'cpu@mon', 'unknown').pairBenignSinceMalicious, 0);
    for (let i = 0; i < 3; i++) r.addIncident(false, [pair('cpu', 'mon')]);
    const v = r.view('cpu', 'cpu@mon', 'unknown');
    assert.deepEqual([v.pairBenignIncidents, v.pairBenignSinceMalicious], [5, 3]);
    const copy = VerdictRates.restore(JSON.parse(JSON.stringify(r.snapshot())) as RatesSnapshot);
    assert.equal(copy.view('cpu', 'cpu@mon', 'unknown').pairBenignSinceMalicious, 3);
    const older = r.snapshot();
    const withoutSince = { ...older, pairs: older.pairs.map(([k, p]) => [k, { rule: p.rule, m: p.m, b: p.b, bi: p.bi }] as const) };
    const old = VerdictRates.restore(JSON.parse(JSON.stringify(withoutSince)) as RatesSnapshot);
    assert.equal(old.view('cpu', 'cpu@mon', 'unknown').pairBenignSinceMalicious, 0, 'an older snapshot: blamed pairs count from zero');
  });

  void it('round-trips through a snapshot', () => {
    const r = new VerdictRates();
    r.addIncident(true, [pair('a', 'h', 0.3), pair('b', 'h', 0.01)]);
    r.addIncident(false, [pair('b', 'h')]);
    const copy = VerdictRates.restore(JSON.parse(JSON.stringify(r.snapshot())) as RatesSnapshot);
    assert.deepEqual(copy.view('a', 'a@h', 'low'), r.view('a', 'a@h', 'low'));
    assert.deepEqual(copy.size, r.size);
  });
});
