import { FEATURE, type FeatureVector, type RateView } from './features.ts';
import { formatCount, formatDuration, formatPercent } from './format.ts';
import type { HistoryView } from './tenant-history.ts';
import { logit } from './stats.ts';

/** One feature's push on the score, in log-odds, and the sentence an analyst reads. */
export interface Driver {
  readonly feature: string;
  readonly effect: number;
  readonly text: string;
}

export interface ExplainInput {
  readonly features: FeatureVector;
  readonly contributions: readonly number[];
  readonly view: HistoryView;
  readonly rates: RateView;
  /** The rule's day-one prior: the rule's verdicts explain only how far they moved it. */
  readonly priorRate: number;
  /** The context prior π, and the score after the pair's own verdicts. */
  readonly prior: number;
  readonly score: number;
  readonly entity: string;
  readonly severity: string;
}

const hostOf = (entity: string): string => entity.slice(entity.indexOf(':') + 1);

function rateText(r: RateView, host: string): string {
  const pairN = r.pairMalicious + r.pairBenign;
  const benign = r.pairBenign / pairN;
  return benign >= 0.5
    ? `analysts closed ${formatPercent(benign)} of ${formatCount(pairN)} verdicts on this rule on ${host} as benign`
    : `analysts found ${formatPercent(1 - benign)} of ${formatCount(pairN)} verdicts on this rule on ${host} malicious`;
}

function ruleText(r: RateView, prior: number, severity: string): string {
  const ruleN = r.ruleMalicious + r.ruleBenign;
  if (ruleN >= 0.5) {
    const benign = r.ruleBenign / ruleN;
    return benign >= 0.5
      ? `analysts closed ${formatPercent(benign)} of ${formatCount(ruleN)} verdicts on this rule (all hosts) as benign`
      : `analysts found ${formatPercent(1 - benign)} of ${formatCount(ruleN)} verdicts on this rule (all hosts) malicious`;
  }
  return `no analyst verdicts on this rule yet: day-one prior ${formatPercent(prior)} for severity ${severity}`;
}

function sentence(name: string, x: ExplainInput): string {
  const v = x.view;
  const host = hostOf(x.entity);
  const value = name.slice(name.indexOf('=') + 1);
  const key = name.includes('=') ? name.slice(0, name.indexOf('=')) : name;
  switch (key) {
    case FEATURE.rate:
      return rateText(x.rates, host);
    case 'rule-verdicts':
      return ruleText(x.rates, x.priorRate, x.severity);
    case FEATURE.novelPair:
      return `first time this rule fires on ${host} (watched for ${formatDuration(v.entityAgeMs)})`;
    case 'new-pair-young':
      return `${host} is newly watched: a rule new to it says little yet`;
    case FEATURE.novelRule:
      return 'first time this rule fires anywhere in this tenant';
    case FEATURE.youngEntity:
      return `${host} has been watched for less than a day`;
    case 'pair-week':
      return `this rule fired ${formatCount(v.pairWeek + 1)} times this week on ${host}`;
    case 'silence':
      return v.pairSilenceMs === undefined ? 'never fired here before' : `this rule last fired on ${host} ${formatDuration(v.pairSilenceMs)} ago`;
    case 'burst':
      return `burst: about ${formatCount(v.pairBurst)} firings of this rule on ${host} in the last few minutes`;
    case 'rule-week':
      return `this rule fired ${formatCount(v.ruleWeek)} times this week across the tenant`;
    case 'diversity':
      return `${v.entityRules} different rules fired on ${host} in the last hour`;
    case 'entity-novel':
      return `${formatCount(v.entityNovel)} rules new to ${host} fired in the last hour`;
    case 'spread':
      return `the same rule fired on ${v.ruleSpread} other hosts in the last 15 minutes (fleet-wide)`;
    case 'campaign':
      return `${v.campaign} other hosts raised rules new to them in the last hour`;
    case 'criticality':
      return `asset criticality ${value}`;
    case 'data':
      return `the asset holds ${value.toUpperCase()} data`;
    case 'attack-ref':
      return 'the source maps it to MITRE ATT&CK';
    case 'tactic':
      return `ATT&CK tactic ${value}`;
    case 'band':
      return value === 'off_hours' ? 'raised off-hours' : value === 'holiday' ? 'raised on a holiday' : 'raised in business hours';
    default:
      return name;
  }
}

/** The few features that moved the score most, strongest first, in words. */
export function explain(x: ExplainInput, limit = 3): Driver[] {
  // The verdict history counts for how far it moved the score from the day-one prior.
  const effects: { feature: string; effect: number }[] = [
    { feature: 'rule-verdicts', effect: x.features.offset - logit(x.priorRate, 1e-5) },
    { feature: FEATURE.rate, effect: logit(x.score, 1e-6) - logit(x.prior, 1e-6) },
  ];
  for (let i = 0; i < x.features.names.length; i++) effects.push({ feature: x.features.names[i] ?? '', effect: x.contributions[i] ?? 0 });
  return effects
    .filter((e) => Math.abs(e.effect) >= 0.05)
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
    .slice(0, limit)
    .map(({ feature, effect }) => ({ feature, effect, text: `${effect > 0 ? 'raises' : 'lowers'}: ${sentence(feature, x)}` }));
}
