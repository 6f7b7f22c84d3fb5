import { z } from 'zod';
import { FEATURE, slot, type FeatureVector } from './features.ts';
import { LogisticModel, type Features, type LogisticSnapshot } from './logistic-model.ts';
import { VerdictRates, type IncidentPair, type RatesSnapshot } from './verdict-rates.ts';
import type { Severity } from '../core/severity.ts';
import type { RateView } from './features.ts';

/**
 * The triage model of one tenant, in two layers. A context model gives the alert's prior probability:
 * π = σ(logit r_rule + Σ wᵢ·xᵢ), where r_rule is the Bayesian verdict rate of the alert's rule and the xᵢ
 * are context features (novelty, volume, silence, bursts, diversity, criticality, hour band…), learnt
 * online by logistic regression. The verdicts on the rule on this very entity then update that prior as
 * a Beta posterior: P = (m + S·π) / (m + b + S), S the rule's prior strength (verdict-rates.ts). A pair analysts have judged a hundred times is scored by
 * those verdicts; a pair never judged is scored by its context. Day-one weights encode what any analyst
 * would assume before seeing a verdict; verdicts move them online; `retrain` rebuilds from all verdicts.
 */
export const modelSettingsSchema = z.object({
  learningRate: z.number().positive().default(0.05),
  l2: z.number().min(0).default(0.01),
  /** Passes over the history in a full retrain. */
  retrainEpochs: z.number().int().positive().default(2),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/**
 * Day-one priors, in log-odds. Severity enters through the verdict-rate prior (verdict-rates.ts).
 * Novelty raises suspicion; steady high volume lowers it; several new rules on one host, or on several
 * hosts at once, look like an attack moving; a rule firing on many hosts at once looks like maintenance.
 */
export const DAY_ONE_PRIORS: Readonly<Record<string, number>> = {
  [FEATURE.novelPair]: 1.5,
  [FEATURE.novelRule]: 1,
  'pair-week=64-255': -0.25,
  'pair-week=256-1023': -0.5,
  'pair-week=1024+': -1,
  'diversity=4-7': 0.25,
  'diversity=8+': 0.5,
  'entity-novel=1': 0.25,
  'entity-novel=2-5': 0.5,
  'entity-novel=6+': 1,
  'campaign=1': 0.25,
  'campaign=2+': 0.5,
  'spread=2-3': -0.25,
  'spread=4+': -0.5,
  'criticality=0': -0.3,
  'criticality=1': -0.2,
  'criticality=4': 0.5,
  'criticality=5': 1,
  'data=pci': 0.3,
  'data=phi': 0.3,
  'data=pii': 0.15,
  'attack-ref': 0.5,
};

export function priorSlots(priors: Readonly<Record<string, number>> = DAY_ONE_PRIORS): Map<number, number> {
  return new Map(Object.entries(priors).map(([name, w]) => [slot(name), w]));
}

export interface ModelState {
  readonly logistic: LogisticSnapshot;
  readonly rates: RatesSnapshot;
  readonly updates: number;
}

/** One labelled example for the logistic model: what was known at decision time, and the answer. */
export interface Example {
  readonly features: Features;
  readonly malicious: boolean;
  readonly weight: number;
}

/** One incident's verdict for the verdict rates, and the examples its alerts give the logistic model. */
export interface IncidentExamples {
  readonly malicious: boolean;
  readonly pairs: readonly IncidentPair[];
  readonly examples: readonly Example[];
}

export class TriageModel {
  readonly settings: ModelSettings;
  private readonly priors: Map<number, number>;
  private logistic: LogisticModel;
  private rates: VerdictRates;
  /** Online updates since the model was created or retrained. */
  updates: number;

  constructor(settings: ModelSettings, state?: ModelState) {
    this.settings = settings;
    this.priors = priorSlots();
    this.logistic = new LogisticModel(this.priors, settings, state?.logistic);
    this.rates = state === undefined ? new VerdictRates() : VerdictRates.restore(state.rates);
    this.updates = state?.updates ?? 0;
  }

  rateView(ruleKey: string, pairKey: string, severity: Severity): RateView {
    return this.rates.view(ruleKey, pairKey, severity);
  }

  /** The context prior π and the score after the pair's own verdicts. */
  score(f: Features, rates: RateView): { prior: number; score: number } {
    const prior = this.logistic.predict(f);
    const s = rates.pairPriorStrength;
    return { prior, score: (rates.pairMalicious + s * prior) / (rates.pairMalicious + rates.pairBenign + s) };
  }

  /** Contribution of each feature to the log-odds (for explanations). */
  contributions(f: FeatureVector): number[] {
    return f.idx.map((k, i) => this.logistic.weight(k) * (f.val[i] ?? 0));
  }

  learn(incident: IncidentExamples): void {
    for (const e of incident.examples) if (e.weight > 0) this.logistic.update(e.features, e.malicious ? 1 : 0, e.weight);
    this.rates.addIncident(incident.malicious, incident.pairs);
    this.updates++;
  }

  /** Rebuilds from day-one priors and the whole verdict history (oldest first). */
  retrain(incidents: readonly IncidentExamples[]): void {
    this.logistic = new LogisticModel(this.priors, this.settings);
    this.rates = new VerdictRates();
    for (const i of incidents) this.rates.addIncident(i.malicious, i.pairs);
    for (let epoch = 0; epoch < this.settings.retrainEpochs; epoch++) {
      for (const i of incidents) for (const e of i.examples) if (e.weight > 0) this.logistic.update(e.features, e.malicious ? 1 : 0, e.weight);
    }
    this.updates = 0;
  }

  state(): ModelState {
    return { logistic: this.logistic.snapshot(), rates: this.rates.snapshot(), updates: this.updates };
  }

  get size(): { weights: number; rules: number; pairs: number; maliciousIncidents: number } {
    return { weights: this.logistic.touched, ...this.rates.size };
  }
}
