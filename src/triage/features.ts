import type { Severity } from '../core/severity.ts';
import { hashName } from './hashing.ts';
import type { HourBand } from './hour-band.ts';
import type { HistoryView } from './tenant-history.ts';
import { logit } from './stats.ts';

/**
 * The features of one alert: the log-odds of its rule's Bayesian verdict rate (the offset the context
 * model starts from), and context features as hashed slots with values and names (names for
 * explanations only).
 * Only `offset`/`idx`/`val` are needed to learn; names are not kept in stored decision records.
 */
export interface FeatureVector {
  readonly offset: number;
  readonly names: readonly string[];
  readonly idx: readonly number[];
  readonly val: readonly number[];
}

/** What the verdicts say about the alert's rule, and the rule on this entity (Beta posteriors). */
export interface RateView {
  /** Posterior mean P(malicious) for the rule on this entity (backs off to the rule, then to severity). */
  readonly pairMean: number;
  readonly ruleMean: number;
  /** Verdict evidence behind each (weighted counts). */
  readonly pairMalicious: number;
  readonly pairBenign: number;
  readonly ruleMalicious: number;
  readonly ruleBenign: number;
  /** Distinct incidents whose verdicts said this rule on this entity, or this rule anywhere, was benign. */
  readonly pairBenignIncidents: number;
  /** Of those, the ones since the pair was last in an incident analysts called malicious. */
  readonly pairBenignSinceMalicious: number;
  readonly ruleBenignIncidents: number;
  /** Entities on which analysts called the rule benign at least once. */
  readonly ruleBenignEntities: number;
  /** How many incidents' worth the rule's record counts for on a host (empirical Bayes). */
  readonly pairPriorStrength: number;
}

export interface FeatureInput {
  readonly severity: Severity;
  readonly source: string;
  readonly ruleKey: string;
  readonly pairKey: string;
  readonly criticality: number | undefined;
  readonly dataClasses: readonly string[];
  readonly tactics: readonly string[];
  readonly band: HourBand;
  readonly view: HistoryView;
  readonly rates: RateView;
}

const cache = new Map<string, number>();
/** Hash with a memo: feature names repeat (bins, rules, pairs), hashing them once keeps scoring fast. */
export function slot(name: string): number {
  let h = cache.get(name);
  if (h === undefined) {
    h = hashName(name);
    if (cache.size > 500_000) cache.clear();
    cache.set(name, h);
  }
  return h;
}

/** Bins: [upper bound exclusive, label]. The label of the first bound above the value wins. */
type Bins = readonly (readonly [number, string])[];
const bin = (value: number, bins: Bins, prefix: string): string => {
  for (const [upper, label] of bins) if (value < upper) return prefix + label;
  return prefix + (bins[bins.length - 1]?.[1] ?? '');
};
const MIN = 60_000;
const VOLUME: Bins = [[4, '1-3'], [16, '4-15'], [64, '16-63'], [256, '64-255'], [1024, '256-1023'], [Infinity, '1024+']];
const RULE_VOLUME: Bins = [[1, '0'], [16, '1-15'], [256, '16-255'], [4096, '256-4095'], [Infinity, '4096+']];
const SILENCE: Bins = [[5 * MIN, '<5m'], [60 * MIN, '5m-1h'], [360 * MIN, '1h-6h'], [1440 * MIN, '6h-1d'], [4320 * MIN, '1d-3d'], [Infinity, '3d+']];
const BURST: Bins = [[1, '0'], [4, '1-3'], [16, '4-15'], [64, '16-63'], [Infinity, '64+']];
const DIVERSITY: Bins = [[2, '1'], [4, '2-3'], [8, '4-7'], [Infinity, '8+']];
const ENTITY_NOVEL: Bins = [[0.5, '0'], [2, '1'], [6, '2-5'], [Infinity, '6+']];
const SPREAD: Bins = [[1, '0'], [2, '1'], [4, '2-3'], [Infinity, '4+']];
const CAMPAIGN: Bins = [[1, '0'], [2, '1'], [Infinity, '2+']];

/** Feature names used elsewhere (model priors, explanations). */
export const FEATURE = {
  rate: 'verdict-rate',
  novelPair: 'novel-pair',
  novelRule: 'novel-rule',
  youngEntity: 'young-entity',
} as const;

/**
 * What the rule usually is enters through its verdict rate (the offset); the features describe this
 * alert: novelty, volume, silence, bursts, other rules and hosts right now, the asset, the hour band.
 * Static traits of a rule (source, severity) live in the rate's priors.
 */
export function extractFeatures(f: FeatureInput): FeatureVector {
  const names: string[] = [`band=${f.band}`];
  const v = f.view;
  if (v.pairSilenceMs === undefined) {
    names.push(v.novelMature ? FEATURE.novelPair : 'new-pair-young');
  } else {
    names.push(bin(v.pairWeek, VOLUME, 'pair-week='), bin(v.pairSilenceMs, SILENCE, 'silence='), bin(v.pairBurst, BURST, 'burst='));
  }
  if (v.ruleTotal === 0 && v.novelMature) names.push(FEATURE.novelRule);
  names.push(
    bin(v.ruleWeek, RULE_VOLUME, 'rule-week='),
    bin(v.entityRules, DIVERSITY, 'diversity='),
    bin(v.entityNovel, ENTITY_NOVEL, 'entity-novel='),
    bin(v.ruleSpread, SPREAD, 'spread='),
    bin(v.campaign, CAMPAIGN, 'campaign='),
  );
  if (f.criticality !== undefined) names.push(`criticality=${Math.max(0, Math.min(5, Math.round(f.criticality)))}`);
  for (const d of f.dataClasses) names.push(`data=${d.toLowerCase()}`);
  if (f.tactics.length > 0) names.push('attack-ref');
  for (const t of f.tactics) names.push(`tactic=${t.toLowerCase()}`);

  const idx = names.map(slot);
  const val = names.map(() => 1);
  return { offset: logit(f.rates.ruleMean, 1e-5), names, idx, val };
}
