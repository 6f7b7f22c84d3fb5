import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide, guardReason, triagePolicySchema, type PolicyEvidence, type PolicyInput, type TriageCandidate } from './policy.ts';

const policy = triagePolicySchema.parse({ watch: { burst: 3 } });
const known: PolicyEvidence = { judgedOnEntity: true, pairBenignIncidents: 5, ruleBenignIncidents: 5, ruleBenignEntities: 1, ruleMalicious: 0, pairMalicious: 0, ruleSpread: 0, pairHoursPerDay: 20, pairBurst: 0, pairMaxBurst: 3, newOnEntity: false, pairSilenceMs: 60_000, matureEntity: true, entityNovelty: 0, tenantNovelty: 0 };
const incident: TriageCandidate = { id: 'inc-1', lastAlertAtMs: 0, alertCount: 3, ruleKeys: new Set(['r']), entityKeys: new Set(['hostname:a']) };
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({ score: 0.001, severity: 'low', trust: 'autonomous', candidate: undefined, evidence: known, ...over });

void describe('triage policy', () => {
  void it('auto-closes a low score only where the class is autonomous; assist and shadow route to humans', () => {
    assert.deepEqual(
      [decide(input(), policy), decide(input({ trust: 'assist' }), policy), decide(input({ trust: 'shadow' }), policy)].map((o) => [o.decision, o.action, o.enforced]),
      [
        ['auto-close', 'auto-close', true],
        ['auto-close', 'queue', false],
        ['auto-close', 'queue', false],
      ],
    );
    assert.match(decide(input({ trust: 'assist' }), policy).reason, /class is assist, so a human confirms/);
  });

  void it('enforces benign calls of an unproven class where a pattern has proven itself: routine on the host, benign on its peers, or fleet-wide (opt-in)', () => {
    // Pair autonomy (on by default) would cover every case below: these are the narrower patterns.
    const policy = triagePolicySchema.parse({ watch: { burst: 3 }, pairAutonomy: false });
    const routine: PolicyEvidence = { ...known, pairBenignIncidents: 3 };
    const early = decide(input({ trust: 'assist', trustUnproven: true, evidence: routine }), policy);
    assert.deepEqual([early.action, early.enforced], ['auto-close', true]);
    assert.match(early.reason, /fires routinely on this host and analysts called it benign here in 3 incidents/);
    const peer: PolicyEvidence = { ...known, pairBenignIncidents: 1, pairHoursPerDay: 1, ruleBenignEntities: 3, ruleBenignIncidents: 3 };
    assert.match(decide(input({ trust: 'assist', trustUnproven: true, evidence: peer }), policy).reason, /called the rule benign here and on 3 hosts in all/);
    const noPeers = { ...policy, peerAutonomy: false };
    const fleet: PolicyEvidence = { ...peer, ruleSpread: 2 };
    assert.equal(decide(input({ trust: 'assist', trustUnproven: true, evidence: fleet }), noPeers).action, 'queue', 'fleet autonomy is off by default');
    const withFleet = { ...noPeers, fleetAutonomy: true };
    assert.match(decide(input({ trust: 'assist', trustUnproven: true, evidence: fleet }), withFleet).reason, /fires fleet-wide and analysts called it benign on 3 hosts/);
    const notYet = [
      [{ trust: 'assist', trustUnproven: false, evidence: routine }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...routine, pairBenignIncidents: 2, ruleBenignEntities: 1 } }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...routine, pairHoursPerDay: 2, ruleBenignEntities: 1 } }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...routine, pairMalicious: 0.6 } }, policy],
      [{ trust: 'shadow', trustUnproven: true, evidence: routine }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...peer, ruleBenignEntities: 2 } }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...peer, ruleBenignIncidents: 2 } }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...peer, ruleMalicious: 0.6 } }, policy],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...fleet, ruleSpread: 1 } }, withFleet],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...fleet, ruleBenignEntities: 2 } }, withFleet],
      [{ trust: 'assist', trustUnproven: true, evidence: { ...fleet, ruleMalicious: 0.6 } }, withFleet],
    ] as const;
    assert.deepEqual(
      notYet.map(([o, p]) => decide(input(o), p).action),
      notYet.map(() => 'queue'),
    );
  });

  void it('pair autonomy: an unproven class closes a pair analysts called benign on its host, never malicious', () => {
    const once: PolicyEvidence = { ...known, pairBenignIncidents: 1, pairHoursPerDay: 0.5, ruleBenignEntities: 1, ruleBenignIncidents: 1 };
    const early = decide(input({ trust: 'assist', trustUnproven: true, evidence: once }), policy);
    assert.deepEqual([early.action, early.enforced], ['auto-close', true]);
    assert.match(early.reason, /called the rule benign on this host in 1 incident, never malicious \(its class has too few verdicts yet\)/);
    const held = [
      input({ trust: 'assist', trustUnproven: true, evidence: { ...once, pairMalicious: 0.6 } }),
      input({ trust: 'assist', trustUnproven: false, evidence: once }),
    ];
    assert.deepEqual(held.map((i) => decide(i, policy).action), ['queue', 'queue'], 'called malicious once, or a class that has a record of its own');
    assert.equal(decide(held[0] ?? input(), policy).benignCall, true);
    assert.equal(decide(input({ trust: 'assist', trustUnproven: true, evidence: once }), { ...policy, pairAutonomy: false }).action, 'queue');
    // Called malicious once, then benign in three incidents since: clean again.
    const since = (n: number): PolicyEvidence => ({ ...once, pairBenignIncidents: 5, pairMalicious: 0.6, pairBenignSinceMalicious: n });
    assert.equal(decide(input({ trust: 'assist', trustUnproven: true, evidence: since(2) }), policy).action, 'queue');
    const cleared = decide(input({ trust: 'assist', trustUnproven: true, evidence: since(3) }), policy);
    assert.equal(cleared.action, 'auto-close');
    assert.match(cleared.reason, /benign on this host in 5 incidents, 3 of them since it was last in a malicious one/);
  });

  void it("peers stand in for a pair new to its host, never for a sleeper or a rule they called malicious", () => {
    const fresh: PolicyEvidence = { ...known, judgedOnEntity: false, pairBenignIncidents: 0, pairHoursPerDay: 0, newOnEntity: true, pairSilenceMs: undefined, ruleBenignEntities: 3, ruleBenignIncidents: 3 };
    assert.equal(guardReason(fresh, policy), undefined);
    const early = decide(input({ trust: 'assist', trustUnproven: true, evidence: fresh }), policy);
    assert.deepEqual([early.action, early.enforced], ['auto-close', true]);
    assert.match(early.reason, /called the rule benign on 3 other hosts, never malicious/);
    const held: PolicyEvidence[] = [
      { ...fresh, ruleBenignEntities: 2 },
      { ...fresh, ruleBenignIncidents: 2 },
      { ...fresh, ruleMalicious: 0.6 },
      { ...fresh, newOnEntity: false, pairSilenceMs: 3 * 86_400_000, pairEpisodes: 1 },
    ];
    assert.deepEqual(
      held.map((e) => /only 0 incidents/.test(guardReason(e, policy) ?? '')),
      held.map(() => true),
    );
    assert.match(guardReason(fresh, { ...policy, peerStandIn: false }) ?? '', /only 0 incidents/);
  });

  void it('never auto-closes critical alerts, whatever the score', () => {
    assert.equal(decide(input({ severity: 'critical' }), policy).action, 'queue');
  });

  void it('escalates high scores (critical above the critical threshold) and attaches to open incidents', () => {
    assert.deepEqual([0.5, 0.85, 0.97].map((score) => decide(input({ score }), policy).priority), ['medium', 'high', 'critical']);
    const attached = decide(input({ score: 0.2, candidate: incident }), policy);
    assert.deepEqual([attached.action, attached.incidentId], ['attach', 'inc-1']);
    const escalated = decide(input({ score: 0.85, candidate: incident }), policy);
    assert.deepEqual([escalated.action, escalated.incidentId], ['escalate', 'inc-1']);
    assert.equal(decide(input({ score: 0.85, trust: 'shadow' }), policy).action, 'queue', 'shadow enforces nothing');
  });

  void it('escalates a rule new to the host joining an incident analysts confirmed malicious', () => {
    const confirmed = { ...incident, confirmedMalicious: true };
    const o = decide(input({ score: 0.05, candidate: confirmed, evidence: { ...known, newOnEntity: true } }), policy);
    assert.deepEqual([o.action, o.priority], ['escalate', 'high']);
    assert.equal(decide(input({ score: 0.05, candidate: incident, evidence: { ...known, newOnEntity: true } }), policy).action, 'attach');
  });

  void it('guards: no verdicts on the pair, a dormant pair, a novelty burst, an unprecedented burst', () => {
    assert.equal(guardReason(known, policy), undefined);
    assert.match(guardReason({ ...known, pairBenignIncidents: 0 }, policy) ?? '', /only 0 incidents/);
    assert.match(guardReason({ ...known, pairBenignIncidents: 0, pairSilenceMs: undefined }, policy) ?? '', /1 needed; the rule is new to this host\)/);
    const dormant = { ...known, pairBenignIncidents: 1, pairHoursPerDay: 0.5, pairSilenceMs: 3 * 86_400_000 };
    assert.equal(guardReason(dormant, policy), undefined, 'by default one incident is enough for a sleeper waking alone');
    const strict = { ...policy, minPairIncidents: 2 };
    assert.match(guardReason(dormant, strict) ?? '', /2 needed for a rule silent here/);
    assert.equal(guardReason({ ...dormant, pairSilenceMs: 3_600_000 }, strict), undefined, 'recently active: one incident is enough');
    assert.match(guardReason({ ...dormant, pairEpisodes: 1 }, strict) ?? '', /2 needed/, 'one spell of activity days ago: a sleeper');
    assert.equal(guardReason({ ...dormant, pairEpisodes: 2 }, strict), undefined, 'it has come back before: one incident is enough');
    const waking = { ...dormant, pairWaking: true, entityWakes: 0.9 };
    assert.match(guardReason(waking, policy) ?? '', /wakes up on this host .* while other rules did so in the last hour/);
    assert.equal(guardReason({ ...waking, entityWakes: 0.3 }, policy), undefined, 'the other rule woke more than an hour ago');
    assert.equal(guardReason({ ...waking, ruleSpread: 2 }, policy), undefined, 'waking fleet-wide: a scheduled job');
    assert.equal(guardReason({ ...waking, pairHoursPerDay: 20 }, policy), undefined, 'routine here');
    const rare = { ...known, pairHoursPerDay: 1 };
    assert.match(guardReason({ ...rare, entityNovelty: 4 }, policy) ?? '', /this host raised several rules new to it/);
    assert.match(guardReason({ ...rare, tenantNovelty: 4 }, policy) ?? '', /another host/);
    assert.match(guardReason({ ...rare, pairBurst: 8, pairMaxBurst: 3 }, policy) ?? '', /more than ever before/);
    assert.equal(guardReason({ ...rare, pairBurst: 8, pairMaxBurst: 10 }, policy), undefined, 'bursts like before are fine');
    assert.equal(guardReason({ ...known, entityNovelty: 4 }, policy), undefined, 'routine alerts close even under watch');
    const blocked = decide(input({ evidence: { ...known, pairBenignIncidents: 0 } }), policy);
    assert.deepEqual([blocked.decision, blocked.benignCall], ['queue', false]);
    assert.match(blocked.reason, /not closed: only 0 incidents/);
  });
});
