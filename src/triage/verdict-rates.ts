import { severityRank, type Severity } from '../core/severity.ts';
import type { RateView } from './features.ts';

/**
 * Bayesian verdict rates: for each rule, and each rule on each entity (a pair), a Beta posterior of
 * "malicious" from analysts' verdicts. The rule's prior comes from severity (day one), the pair's prior is
 * the rule's posterior (a rule on a new host starts where the rule stands).
 *
 * Counts are in incidents: the analyst judged the incident, not each of its 5,000 alerts, so an incident
 * adds one verdict per pair. A malicious incident rarely makes every pair in it malicious: its verdict is
 * shared out as in a noisy-OR, each pair's share being its rate over the chance that the incident as a
 * whole was malicious, and the shares are re-estimated (EM) as evidence accumulates — a pair that later
 * shows up in many benign incidents stops carrying the blame for the one malicious incident it shared
 * with a rule never seen before.
 *
 * How much a rule's rate says about one host (the pair prior's strength) is estimated per rule from how
 * much its hosts disagree (empirical Bayes, method of moments): a rule that is benign everywhere lends a
 * new host a strong prior; a rule that is malicious on one host and benign on others lends a weak one, so
 * a few benign incidents on a host outweigh the rule's record elsewhere.
 */

/** Day-one prior P(malicious) by severity rank (unknown, informational, low, medium, high, critical, fatal). */
const SEVERITY_PRIOR = [0.01, 0.003, 0.005, 0.01, 0.05, 0.2, 0.5] as const;
export const RULE_PRIOR_STRENGTH = 2;
/** Default strength of a pair's prior (in incidents), used until a rule has judged pairs enough to measure it. */
export const PAIR_PRIOR_STRENGTH = 3;
const MIN_STRENGTH = 0.5;
const MAX_STRENGTH = 20;
/** Malicious incidents kept for re-estimating shares; older ones keep their last shares. */
const INCIDENT_MEMORY = 2000;
const EM_ITERATIONS = 3;
/**
 * Benign incidents between two re-estimations (a malicious one always triggers one): a tenth of the
 * benign incidents seen so far, at most 25. A young tenant re-estimates after nearly every verdict, so
 * the rules that shared its first attack incident shed the blame as soon as they prove benign elsewhere;
 * a mature one amortises the cost.
 */
const EM_EVERY = 25;
const EM_EVERY_SHARE = 0.1;

export function severityPrior(severity: Severity): number {
  return SEVERITY_PRIOR[Math.min(SEVERITY_PRIOR.length - 1, severityRank(severity))] ?? 0.01;
}

interface RuleCounts {
  m: number;
  b: number;
  prior: number;
  /** Benign incidents (or review samples) over all entities. */
  bi: number;
  /** Entities on which analysts called the rule benign at least once. */
  be?: number;
  /** The rule's pairs, for the prior strength. */
  pairs: string[];
}

interface PairCounts {
  rule: string;
  m: number;
  b: number;
  /** Distinct incidents (or review samples) that gave benign verdicts. */
  bi: number;
  /** Benign incidents since the pair was last in a malicious one (absent: never was, or an older snapshot). */
  since?: number;
}

interface MaliciousIncident {
  readonly pairs: readonly string[];
  readonly weight: number;
  shares: number[];
}

export interface IncidentPair {
  readonly pairKey: string;
  readonly ruleKey: string;
  readonly severity: Severity;
  /** The model's score for the pair in this incident (highest of its alerts): the first guess of its share. */
  readonly score: number;
}

export interface RatesSnapshot {
  readonly rules: readonly [string, RuleCounts][];
  readonly pairs: readonly [string, PairCounts][];
  readonly incidents: readonly MaliciousIncident[];
  /** Benign incidents seen (absent in older snapshots: counted afresh). */
  readonly benignIncidents?: number;
}

export class VerdictRates {
  private readonly rules = new Map<string, RuleCounts>();
  private readonly pairs = new Map<string, PairCounts>();
  private readonly incidents: MaliciousIncident[] = [];
  private sinceEm = 0;
  private benignIncidents = 0;

  static restore(s: RatesSnapshot): VerdictRates {
    const r = new VerdictRates();
    for (const [k, c] of s.rules) r.rules.set(k, { ...c, pairs: [...c.pairs] });
    for (const [k, c] of s.pairs) r.pairs.set(k, { ...c });
    for (const i of s.incidents) r.incidents.push({ pairs: [...i.pairs], weight: i.weight, shares: [...i.shares] });
    r.benignIncidents = s.benignIncidents ?? 0;
    return r;
  }

  snapshot(): RatesSnapshot {
    return {
      rules: [...this.rules].map(([k, c]) => [k, { ...c, pairs: [...c.pairs] }]),
      pairs: [...this.pairs].map(([k, c]) => [k, { ...c }]),
      incidents: this.incidents.map((i) => ({ pairs: [...i.pairs], weight: i.weight, shares: [...i.shares] })),
      benignIncidents: this.benignIncidents,
    };
  }

  private ruleMean(r: RuleCounts | undefined, prior: number): number {
    return ((r?.m ?? 0) + RULE_PRIOR_STRENGTH * (r?.prior ?? prior)) / ((r?.m ?? 0) + (r?.b ?? 0) + RULE_PRIOR_STRENGTH);
  }

  private pairMean(p: PairCounts | undefined, ruleMean: number): number {
    const s = this.strengthOf(p?.rule);
    return ((p?.m ?? 0) + s * ruleMean) / ((p?.m ?? 0) + (p?.b ?? 0) + s);
  }

  /** Cached per rule; cleared when an incident touches the rule. */
  private readonly strength = new Map<string, number>();

  /**
   * Beta-binomial method of moments over the rule's judged pairs: strength = μ(1−μ)/v − 1, with v the
   * spread of the pairs' rates beyond what their few incidents explain. Default until 3 pairs are judged.
   */
  strengthOf(ruleKey: string | undefined): number {
    if (ruleKey === undefined) return PAIR_PRIOR_STRENGTH;
    const cached = this.strength.get(ruleKey);
    if (cached !== undefined) return cached;
    let result = PAIR_PRIOR_STRENGTH;
    const rule = this.rules.get(ruleKey);
    const judged = (rule?.pairs ?? []).map((k) => this.pairs.get(k)).filter((p): p is PairCounts => p !== undefined && p.m + p.b >= 1);
    if (judged.length >= 3) {
      const n = judged.reduce((a, p) => a + p.m + p.b, 0);
      const mu = judged.reduce((a, p) => a + p.m, 0) / n;
      const spread = judged.reduce((a, p) => a + (p.m + p.b) * (p.m / (p.m + p.b) - mu) ** 2, 0) / n;
      const sampling = (mu * (1 - mu) * judged.length) / n;
      const v = spread - sampling;
      result = v <= 1e-9 ? MAX_STRENGTH : Math.min(MAX_STRENGTH, Math.max(MIN_STRENGTH, (mu * (1 - mu)) / v - 1));
    }
    this.strength.set(ruleKey, result);
    return result;
  }

  view(ruleKey: string, pairKey: string, severity: Severity): RateView {
    const rule = this.rules.get(ruleKey);
    const pair = this.pairs.get(pairKey);
    const ruleMean = this.ruleMean(rule, severityPrior(severity));
    return {
      pairMean: this.pairMean(pair, ruleMean),
      ruleMean,
      pairMalicious: pair?.m ?? 0,
      pairBenign: pair?.b ?? 0,
      ruleMalicious: rule?.m ?? 0,
      ruleBenign: rule?.b ?? 0,
      pairBenignIncidents: pair?.bi ?? 0,
      // A pair from a snapshot older than `since` that holds any blame counts from zero.
      pairBenignSinceMalicious: pair === undefined ? 0 : (pair.since ?? (pair.m > 0 ? 0 : pair.bi)),
      pairPriorStrength: this.strengthOf(ruleKey),
      ruleBenignIncidents: rule?.bi ?? 0,
      ruleBenignEntities: rule?.be ?? 0,
    };
  }

  private entry(pairKey: string, ruleKey: string, severity: Severity): PairCounts {
    let rule = this.rules.get(ruleKey);
    if (rule === undefined) {
      rule = { m: 0, b: 0, prior: severityPrior(severity), bi: 0, pairs: [] };
      this.rules.set(ruleKey, rule);
    }
    this.strength.delete(ruleKey);
    let p = this.pairs.get(pairKey);
    if (p === undefined) {
      p = { rule: ruleKey, m: 0, b: 0, bi: 0 };
      this.pairs.set(pairKey, p);
      rule.pairs.push(pairKey);
    }
    return p;
  }

  private shift(pair: PairCounts, dm: number, db: number): void {
    pair.m += dm;
    pair.b += db;
    const rule = this.rules.get(pair.rule);
    if (rule !== undefined) {
      rule.m += dm;
      rule.b += db;
    }
  }

  /** One incident's verdict: benign for every pair in it, or malicious shared out among them. */
  addIncident(malicious: boolean, pairs: readonly IncidentPair[], weight = 1): void {
    if (pairs.length === 0 || weight <= 0) return;
    const entries = pairs.map((p) => this.entry(p.pairKey, p.ruleKey, p.severity));
    if (!malicious) {
      for (const e of entries) {
        this.shift(e, 0, weight);
        if (e.since !== undefined) e.since++;
        if (e.bi++ === 0) {
          const r = this.rules.get(e.rule);
          if (r !== undefined) r.be = (r.be ?? 0) + 1;
        }
      }
      for (const rule of new Set(pairs.map((p) => p.ruleKey))) {
        const r = this.rules.get(rule);
        if (r !== undefined) r.bi++;
      }
      this.benignIncidents++;
      const every = Math.min(EM_EVERY, Math.max(1, Math.ceil(this.benignIncidents * EM_EVERY_SHARE)));
      if (++this.sinceEm >= every && this.incidents.length > 0) this.reestimate();
      return;
    }
    const shares = noisyOrShares(pairs.map((p) => p.score)).map((s) => s * weight);
    entries.forEach((e, i) => {
      this.shift(e, shares[i] ?? 0, 0);
      e.since = 0;
    });
    this.incidents.push({ pairs: pairs.map((p) => p.pairKey), weight, shares });
    if (this.incidents.length > INCIDENT_MEMORY) this.incidents.shift();
    this.reestimate();
  }

  /** EM over the remembered malicious incidents: shares from the current pair rates, then rates from shares. */
  private reestimate(): void {
    this.sinceEm = 0;
    this.strength.clear();
    for (let iter = 0; iter < EM_ITERATIONS; iter++) {
      for (const inc of this.incidents) {
        const rates = inc.pairs.map((k) => {
          const p = this.pairs.get(k);
          const rule = p === undefined ? undefined : this.rules.get(p.rule);
          return this.pairMean(p, this.ruleMean(rule, 0.01));
        });
        const next = noisyOrShares(rates).map((s) => s * inc.weight);
        inc.pairs.forEach((k, i) => {
          const p = this.pairs.get(k);
          if (p !== undefined) this.shift(p, (next[i] ?? 0) - (inc.shares[i] ?? 0), 0);
        });
        inc.shares = next;
      }
    }
  }

  get size(): { rules: number; pairs: number; maliciousIncidents: number } {
    return { rules: this.rules.size, pairs: this.pairs.size, maliciousIncidents: this.incidents.length };
  }
}

/**
 * Noisy-OR responsibilities: with P(incident malicious) = 1 − Π(1 − pᵢ), the expected share of pair i is
 * pᵢ / P, capped at 1 (equal shares when every p is 0).
 */
export function noisyOrShares(p: readonly number[]): number[] {
  let none = 1;
  for (const x of p) none *= 1 - Math.min(1, Math.max(0, x));
  const any = 1 - none;
  if (any <= 1e-12) return p.map(() => 1 / Math.max(1, p.length));
  return p.map((x) => Math.min(1, Math.max(0, x) / any));
}
