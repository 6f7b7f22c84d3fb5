import { severityRank, type Severity } from '../core/severity.ts';
import type { RateView } from './features.ts';

/**
 * Bayesian verdict rates: for each rule, and each rule on each entity, a Beta posterior of "malicious"
 * from analysts' verdicts. The rule's prior comes from severity (day one), the pair's prior is the
 * rule's posterior (a rule on a new host starts where the rule stands). Counts are weighted: one
 * incident adds at most a few units per class, so one big incident does not drown the rest.
 */

/** Day-one prior P(malicious) by severity rank (unknown, informational, low, medium, high, critical, fatal). */
const SEVERITY_PRIOR = [0.05, 0.01, 0.02, 0.05, 0.15, 0.3, 0.5] as const;
export const RULE_PRIOR_STRENGTH = 2;
export const PAIR_PRIOR_STRENGTH = 4;

export function severityPrior(severity: Severity): number {
  return SEVERITY_PRIOR[Math.min(SEVERITY_PRIOR.length - 1, severityRank(severity))] ?? 0.05;
}

interface Counts {
  m: number;
  b: number;
  /** Distinct incidents (or review samples) that gave benign verdicts. */
  bi: number;
  last: string;
}

export interface RatesSnapshot {
  readonly rules: readonly [string, Counts][];
  readonly pairs: readonly [string, Counts][];
}

export class VerdictRates {
  private readonly rules = new Map<string, Counts>();
  private readonly pairs = new Map<string, Counts>();

  static restore(s: RatesSnapshot): VerdictRates {
    const r = new VerdictRates();
    for (const [k, c] of s.rules) r.rules.set(k, { ...c });
    for (const [k, c] of s.pairs) r.pairs.set(k, { ...c });
    return r;
  }

  snapshot(): RatesSnapshot {
    return { rules: [...this.rules].map(([k, c]) => [k, { ...c }]), pairs: [...this.pairs].map(([k, c]) => [k, { ...c }]) };
  }

  view(ruleKey: string, pairKey: string, severity: Severity): RateView {
    const rule = this.rules.get(ruleKey);
    const pair = this.pairs.get(pairKey);
    const rm = rule?.m ?? 0;
    const rb = rule?.b ?? 0;
    const pm = pair?.m ?? 0;
    const pb = pair?.b ?? 0;
    const ruleMean = (rm + RULE_PRIOR_STRENGTH * severityPrior(severity)) / (rm + rb + RULE_PRIOR_STRENGTH);
    const pairMean = (pm + PAIR_PRIOR_STRENGTH * ruleMean) / (pm + pb + PAIR_PRIOR_STRENGTH);
    return { pairMean, ruleMean, pairMalicious: pm, pairBenign: pb, ruleMalicious: rm, ruleBenign: rb, pairBenignIncidents: pair?.bi ?? 0 };
  }

  add(ruleKey: string, pairKey: string, malicious: boolean, weight = 1, incidentId = ''): void {
    for (const [map, key] of [[this.rules, ruleKey], [this.pairs, pairKey]] as const) {
      let c = map.get(key);
      if (c === undefined) {
        c = { m: 0, b: 0, bi: 0, last: '' };
        map.set(key, c);
      }
      if (malicious) c.m += weight;
      else {
        c.b += weight;
        // Verdicts of one incident arrive together: a change of id is a new incident.
        if (incidentId === '' || incidentId !== c.last) c.bi++;
        c.last = incidentId;
      }
    }
  }

  get size(): { rules: number; pairs: number } {
    return { rules: this.rules.size, pairs: this.pairs.size };
  }
}
