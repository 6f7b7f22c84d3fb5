import type { Severity } from '../core/severity.ts';
import type { Example, IncidentExamples } from './model.ts';
import { noisyOrShares } from './verdict-rates.ts';

/** The parts of a stored decision record that learning needs. */
export interface LearnableRecord {
  readonly pairKey: string;
  readonly ruleKey: string;
  readonly severity: Severity;
  readonly score: number;
  /** Empty `idx` when the features were not kept (the alert still counts for accuracy and trust). */
  readonly features: Example['features'];
}

/**
 * Turns one incident's verdict into learning: one verdict per rule-on-entity pair for the rates, and
 * examples for the logistic model where each pair weighs at most `capPerPair` alerts (so 10,000 copies of
 * one alert do not drown the rest). A malicious verdict is shared out among the pairs by noisy-OR on their
 * decision-time scores: each pair learns its share as malicious and the rest as benign.
 */
export function incidentLearning(records: readonly LearnableRecord[], malicious: boolean, capPerPair: number): IncidentExamples & { readonly shareOf: ReadonlyMap<string, number> } {
  const pairs = new Map<string, { ruleKey: string; severity: Severity; n: number; kept: number; score: number }>();
  for (const r of records) {
    let e = pairs.get(r.pairKey);
    if (e === undefined) {
      e = { ruleKey: r.ruleKey, severity: r.severity, n: 0, kept: 0, score: 0 };
      pairs.set(r.pairKey, e);
    }
    e.n++;
    if (r.features.idx.length > 0) e.kept++;
    e.score = Math.max(e.score, r.score);
  }
  const keys = [...pairs.keys()];
  const shares = malicious ? noisyOrShares(keys.map((k) => pairs.get(k)?.score ?? 0)) : keys.map(() => 0);
  const shareOf = new Map(keys.map((k, i) => [k, shares[i] ?? 0]));
  const examples: Example[] = [];
  for (const r of records) {
    const e = pairs.get(r.pairKey);
    if (e === undefined || e.kept === 0 || r.features.idx.length === 0) continue;
    const weight = Math.min(e.n, capPerPair) / e.kept;
    const share = shareOf.get(r.pairKey) ?? 0;
    if (share > 0) examples.push({ features: r.features, malicious: true, weight: weight * share });
    if (share < 1) examples.push({ features: r.features, malicious: false, weight: weight * (1 - share) });
  }
  return {
    malicious,
    pairs: keys.map((k) => {
      const e = pairs.get(k);
      return { pairKey: k, ruleKey: e?.ruleKey ?? '', severity: e?.severity ?? 'unknown', score: e?.score ?? 0 };
    }),
    examples,
    shareOf,
  };
}
