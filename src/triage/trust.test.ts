import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrustBook, trustSettingsSchema, type TrustObservation } from './trust.ts';

const settings = trustSettingsSchema.parse({ minVerdicts: 50, minIncidents: 3, precisionTarget: 0.95 });
const benign = (classKey: string, i: number, over: Partial<TrustObservation> = {}): TrustObservation => ({
  classKey,
  parentKey: 'detector:wazuh',
  benignCall: true,
  aiMalicious: false,
  humanMalicious: false,
  incidentId: `inc-${i % 5}`,
  at: Date.parse('2026-03-02T00:00:00Z') + i * 60_000,
  ...over,
});

void describe('trust levels', () => {
  void it('promote a class once its benign calls are confirmed often enough, from several incidents', () => {
    const t = new TrustBook(settings);
    assert.equal(t.level('dovecot'), 'assist');
    for (let i = 0; i < 40; i++) t.observe(benign('dovecot', i));
    assert.equal(t.level('dovecot'), 'assist', 'not enough verdicts yet');
    for (let i = 40; i < 80; i++) t.observe(benign('dovecot', i));
    assert.equal(t.level('dovecot'), 'autonomous');
    const report = t.report((k) => (k === 'dovecot' ? 'detector:wazuh' : undefined)).find((c) => c.classKey === 'dovecot');
    assert.match(report?.reason ?? '', /autonomous: 100% of 80 benign calls confirmed by analysts \(95% lower bound 9\d(\.\d)?%\) across 5 incidents/);
    const first = report?.transitions.at(0);
    assert.deepEqual([first?.to, /^promoted/.test(first?.reason ?? '')], ['autonomous', true]);
  });

  void it('call a class unproven only while no verdict has moved it and no pin holds it', () => {
    const t = new TrustBook(settings);
    assert.equal(t.unproven('dovecot', 'detector:wazuh'), true);
    for (let i = 0; i < 80; i++) t.observe(benign('dovecot', i));
    assert.equal(t.unproven('dovecot', 'detector:wazuh'), false, 'promoted');
    assert.equal(t.unproven('clamav', 'detector:wazuh'), false, 'its detector and the tenant were promoted with it');
    const pinned = new TrustBook(trustSettingsSchema.parse({ pins: { 'detector:wazuh': 'assist' } }));
    assert.equal(pinned.unproven('dovecot', 'detector:wazuh'), false);
  });

  void it('needs several incidents: one huge incident is not enough', () => {
    const t = new TrustBook(settings);
    for (let i = 0; i < 500; i++) t.observe(benign('dovecot', i, { incidentId: 'one' }));
    assert.equal(t.level('dovecot', 'detector:wazuh'), 'assist');
  });

  void it('demote at once when quality review finds a missed attack, and explain why', () => {
    const t = new TrustBook(settings);
    for (let i = 0; i < 80; i++) t.observe(benign('dovecot', i));
    assert.equal(t.level('dovecot'), 'autonomous');
    t.observe(benign('dovecot', 81, { humanMalicious: true, qualityReview: true }));
    assert.equal(t.level('dovecot'), 'assist');
    assert.match(t.report().find((c) => c.classKey === 'dovecot')?.reason ?? '', /quality review found a missed attack/);
  });

  void it('demote when precision drops below target', () => {
    const t = new TrustBook(settings);
    for (let i = 0; i < 80; i++) t.observe(benign('r', i));
    for (let i = 80; i < 95; i++) t.observe(benign('r', i, { humanMalicious: true }));
    assert.equal(t.level('r'), 'assist');
  });

  void it('a rare rule borrows its detector’s level until its own evidence decides; pins win', () => {
    const t = new TrustBook(settings);
    for (let i = 0; i < 80; i++) t.observe(benign('dovecot', i));
    assert.equal(t.level('rare-rule', 'detector:wazuh'), 'autonomous', 'the detector earned it over all its rules');
    assert.equal(t.level('rare-rule', 'detector:suricata'), 'autonomous', 'an unseen detector borrows the tenant level');
    t.observe(benign('rare-rule', 100, { humanMalicious: true }));
    assert.equal(t.level('rare-rule', 'detector:wazuh'), 'assist', 'its own missed attack decides');
    const pinned = new TrustBook({ ...settings, pins: { dovecot: 'shadow' } });
    for (let i = 0; i < 80; i++) pinned.observe(benign('dovecot', i));
    assert.equal(pinned.level('dovecot'), 'shadow');
  });

  void it('counts a missed attack once per incident: many alerts with a small share of the blame are not a miss', () => {
    const t = new TrustBook(settings);
    for (let i = 0; i < 400; i++) t.observe(benign('dovecot', i));
    // Eleven alerts of one pair in one malicious incident, the pair holding 5% of the blame.
    for (let i = 0; i < 11; i++) t.observe(benign('cpu-check', 500 + i, { humanMalicious: true, missShare: 0.05, incidentId: 'inc-attack' }));
    const cpu = t.report(() => 'detector:wazuh').find((c) => c.classKey === 'cpu-check');
    assert.ok(cpu !== undefined && Math.abs(cpu.missedAttacks - 0.05) < 1e-9, `expected missed attacks ${cpu?.missedAttacks}`);
    assert.equal(t.level('cpu-check', 'detector:wazuh'), 'autonomous', 'still borrows its detector’s level');
    // Five such incidents hold a quarter of a miss; a call holding most of one incident's blame is a miss.
    for (let k = 0; k < 4; k++) for (let i = 0; i < 11; i++) t.observe(benign('cpu-check', 600 + 20 * k + i, { humanMalicious: true, missShare: 0.05, incidentId: `inc-attack-${k}` }));
    assert.equal(t.level('cpu-check', 'detector:wazuh'), 'autonomous');
    t.observe(benign('cpu-check', 700, { humanMalicious: true, missShare: 0.6, incidentId: 'inc-exfil' }));
    assert.equal(t.level('cpu-check', 'detector:wazuh'), 'assist', 'its own missed attack decides');
  });

  void it('leaves shadow for assist when the AI agrees with analysts', () => {
    const t = new TrustBook({ ...settings, initial: 'shadow' });
    for (let i = 0; i < 60; i++) t.observe(benign('x', i, { parentKey: undefined, benignCall: false }));
    assert.equal(t.level('x'), 'assist');
  });
});
