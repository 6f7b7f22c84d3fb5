import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseIncident, groupingRulesSchema, toGroupable, type GroupCandidate } from './grouping.ts';

const rules = groupingRulesSchema.parse({ windowMinutes: 30, ignoreEntities: ['10.0.0.1'], rules: [{ minSeverity: 'critical', join: 'alone' }, { ruleId: '5716', join: 'same-rule' }] });
const at = (m: number) => new Date(Date.parse('2026-04-03T22:00:00Z') + m * 60_000).toISOString();
const alert = (minutes: number, host: string, over: Partial<{ severity: 'low' | 'critical'; ruleId: string; ip: string }> = {}) =>
  toGroupable(
    {
      occurredAt: at(minutes),
      source: 'wazuh',
      ruleId: over.ruleId ?? '100',
      title: 't',
      severity: over.severity ?? 'low',
      observables: [
        { kind: 'hostname', value: host },
        { kind: 'ip', value: over.ip ?? '10.0.0.1' },
        { kind: 'port', value: '22' },
      ],
    },
    rules,
  );
const candidate = (id: string, lastMinute: number, keys: string[], ruleKeys: string[] = ['wazuh:100'], count = 1): GroupCandidate => ({
  id,
  lastAlertAtMs: Date.parse(at(lastMinute)),
  alertCount: count,
  ruleKeys: new Set(ruleKeys),
  entityKeys: new Set(keys),
});

describe('incident grouping', () => {
  it('links by lower-cased host, ignoring listed shared entities and non-linking kinds', () => {
    const a = alert(0, 'POS-12');
    assert.deepEqual(a.entityKeys, ['hostname:pos-12']);
  });

  it('joins the open incident that shares an entity within the window', () => {
    const c = candidate('inc1', 0, ['hostname:pos-12']);
    assert.equal(chooseIncident(alert(20, 'pos-12'), [c], rules)?.id, 'inc1');
    assert.equal(chooseIncident(alert(-20, 'pos-12'), [c], rules)?.id, 'inc1');
    assert.equal(chooseIncident(alert(31, 'pos-12'), [c], rules), undefined);
    assert.equal(chooseIncident(alert(5, 'pos-13'), [c], rules), undefined);
  });

  it('prefers the candidate sharing most entities, then the most recent', () => {
    const a = alert(10, 'pos-12', { ip: '10.9.9.9' });
    const one = candidate('one', 9, ['hostname:pos-12']);
    const two = candidate('two', 1, ['hostname:pos-12', 'ip:10.9.9.9']);
    const recent = candidate('recent', 9.5, ['hostname:pos-12']);
    assert.equal(chooseIncident(a, [one, two, recent], rules)?.id, 'two');
    assert.equal(chooseIncident(a, [one, recent], rules)?.id, 'recent');
  });

  it('keeps critical alerts alone and same-rule alerts with their rule', () => {
    const c = candidate('inc1', 0, ['hostname:pos-12']);
    assert.equal(chooseIncident(alert(1, 'pos-12', { severity: 'critical' }), [c], rules), undefined);
    assert.equal(chooseIncident(alert(1, 'pos-12', { ruleId: '5716' }), [c], rules), undefined);
    const brute = candidate('brute', 0, ['hostname:pos-12'], ['wazuh:5716']);
    assert.equal(chooseIncident(alert(1, 'pos-12', { ruleId: '5716' }), [c, brute], rules)?.id, 'brute');
  });

  it('does not join sealed or full incidents', () => {
    assert.equal(chooseIncident(alert(1, 'pos-12'), [{ ...candidate('s', 0, ['hostname:pos-12']), sealed: true }], rules), undefined);
    assert.equal(chooseIncident(alert(1, 'pos-12'), [candidate('f', 0, ['hostname:pos-12'], ['wazuh:100'], 500)], rules), undefined);
  });
});
