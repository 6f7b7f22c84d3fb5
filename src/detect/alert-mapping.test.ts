import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from '../core/clock.ts';
import { sigmaMatchToParsedAlert } from './alert-mapping.ts';
import { attackRefs } from './attack-tags.ts';
import { compileRuleSet } from './sigma/rule-set.ts';

const RULE = `title: Whoami Execution
id: 8f99a5f8-0c56-4d3c-9a8b-6a7b4a3e1f10
description: Detects a whoami.exe execution
level: high
tags:
    - attack.discovery
    - attack.t1033
    - attack.t1059.001
    - attack.g0016
    - attack.defense-impairment
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
`;

const EVENT = {
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws01.corp.local',
      TimeCreated: { '#attributes': { SystemTime: '2025-10-24T23:41:00.601559Z' } },
    },
    EventData: {
      UtcTime: '2025-10-24 23:41:00.589',
      Image: 'C:\\Windows\\System32\\whoami.exe',
      CommandLine: 'whoami /all',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      User: 'CORP\\alice',
      Hashes: 'SHA1=9B0C636DF33BDE21F986279911E0FB03C96EE357,MD5=98321825F06128D24ADE15AA703E193F,IMPHASH=-',
    },
  },
};

void describe('sigmaMatchToParsedAlert', () => {
  const clock = new FakeClock('2025-10-25T00:00:05Z');
  const set = compileRuleSet([{ path: 'r.yml', text: RULE }], { clock });
  const [match] = set.engine.evaluate(EVENT);

  void test('rule, severity, times and raw event', () => {
    assert.ok(match !== undefined);
    const alert = sigmaMatchToParsedAlert(match, '2025-10-25T00:00:07.000Z');
    assert.equal(alert.source, 'sigma');
    assert.equal(alert.title, 'Whoami Execution');
    assert.equal(alert.description, 'Detects a whoami.exe execution');
    assert.equal(alert.ruleId, '8f99a5f8-0c56-4d3c-9a8b-6a7b4a3e1f10');
    assert.equal(alert.severity, 'high');
    assert.equal(alert.sourceSeverity, 'high');
    assert.equal(alert.category, 'process_creation');
    assert.equal(alert.occurredAt, '2025-10-24T23:41:00.589Z', "the event's own time (Sysmon UtcTime)");
    assert.equal(alert.detectedAt, '2025-10-25T00:00:05.000Z');
    assert.equal(alert.raw, EVENT);
  });

  void test('observables from the event', () => {
    assert.ok(match !== undefined);
    const alert = sigmaMatchToParsedAlert(match, '2025-10-25T00:00:07.000Z');
    assert.deepEqual(alert.observables, [
      { kind: 'hostname', value: 'ws01.corp.local', role: 'device' },
      { kind: 'user', value: 'CORP\\alice', role: 'actor' },
      { kind: 'process', value: 'C:\\Windows\\System32\\whoami.exe', role: 'actor' },
      { kind: 'process', value: 'C:\\Windows\\System32\\cmd.exe', role: 'other' },
      { kind: 'command_line', value: 'whoami /all', role: 'actor' },
      { kind: 'hash', value: '9B0C636DF33BDE21F986279911E0FB03C96EE357' },
      { kind: 'hash', value: '98321825F06128D24ADE15AA703E193F' },
    ]);
  });

  void test('ATT&CK tags: techniques, tactics with their ids, unknown tactics by name, groups left out', () => {
    assert.ok(match !== undefined);
    assert.deepEqual(sigmaMatchToParsedAlert(match, '2025-10-25T00:00:07.000Z').attacks, [
      { tactic: 'Discovery', tacticId: 'TA0007' },
      { techniqueId: 'T1033' },
      { techniqueId: 'T1059.001' },
      { tactic: 'Defense Impairment' },
    ]);
    assert.deepEqual(attackRefs(['attack.command-and-control', 'cve.2021-44228', 'attack.s0002']), [{ tactic: 'Command and Control', tacticId: 'TA0011' }]);
  });

  void test('levels map to severities; no level is unknown; no event time falls back to receivedAt', () => {
    for (const level of ['informational', 'low', 'medium', 'critical']) {
      const s = compileRuleSet([{ path: 'r.yml', text: RULE.replace('level: high', `level: ${level}`) }]);
      const m = s.engine.evaluate(EVENT)[0];
      assert.ok(m !== undefined);
      assert.equal(sigmaMatchToParsedAlert(m, '2025-01-01T00:00:00Z').severity, level);
    }
    const s = compileRuleSet([{ path: 'r.yml', text: RULE.replace('level: high\n', '') }]);
    const m = s.engine.evaluate({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'C:\\whoami.exe' })[0];
    assert.ok(m !== undefined);
    const alert = sigmaMatchToParsedAlert(m, '2025-01-01T00:00:00.000Z');
    assert.equal(alert.severity, 'unknown');
    assert.equal(alert.occurredAt, '2025-01-01T00:00:00.000Z');
  });

  void test('a correlation match: occurredAt is its first event, observables from all its events', () => {
    const text = `title: burst
id: corr-1
level: critical
correlation:
    type: event_count
    rules: [whoami]
    group-by: [Computer]
    timespan: 1m
    condition:
        gte: 2
---
${RULE.replace('id: 8f99a5f8-0c56-4d3c-9a8b-6a7b4a3e1f10', 'id: w1\nname: whoami')}`;
    const s = compileRuleSet([{ path: 'r.yml', text }]);
    const ev = (t: string, user: string): Record<string, unknown> => ({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Hostname: 'pc', Image: 'C:\\whoami.exe', User: user, UtcTime: t });
    assert.equal(s.engine.evaluate(ev('2025-01-01 10:00:00', 'a')).length, 0);
    const m = s.engine.evaluate(ev('2025-01-01 10:00:30', 'b'))[0];
    assert.ok(m !== undefined);
    const alert = sigmaMatchToParsedAlert(m, '2025-01-01T11:00:00Z');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.occurredAt, '2025-01-01T10:00:00.000Z');
    assert.deepEqual(alert.observables.filter((o) => o.kind === 'user').map((o) => o.value), ['a', 'b']);
  });
});
