import { sigmoid } from './stats.ts';
import type { FeatureVector } from './features.ts';

/** The part of a feature vector the model needs (stored decision records keep only this). */
export type Features = Pick<FeatureVector, 'offset' | 'idx' | 'val'>;

export interface LogisticSettings {
  /** AdaGrad base step. */
  readonly learningRate: number;
  /** Pull of each touched weight back toward its prior (a Gaussian prior, applied lazily). */
  readonly l2: number;
}

export interface LogisticSnapshot {
  readonly weights: readonly [number, number][];
  readonly sumSq: readonly [number, number][];
}

/**
 * Online logistic regression with an offset (the Bayesian verdict rate's log-odds) over hashed features,
 * trained by AdaGrad on the log loss. Weights start at
 * their day-one prior and are regularised toward it, so a class with little evidence stays near the prior
 * and a well-observed one moves as far as its verdicts say. Sparse: only touched slots are stored.
 */
export class LogisticModel {
  private readonly weights = new Map<number, number>();
  private readonly sumSq = new Map<number, number>();
  private readonly priors: ReadonlyMap<number, number>;
  private readonly settings: LogisticSettings;

  constructor(priors: ReadonlyMap<number, number>, settings: LogisticSettings, snapshot?: LogisticSnapshot) {
    this.priors = priors;
    this.settings = settings;
    if (snapshot !== undefined) {
      for (const [k, v] of snapshot.weights) this.weights.set(k, v);
      for (const [k, v] of snapshot.sumSq) this.sumSq.set(k, v);
    }
  }

  weight(slot: number): number {
    return this.weights.get(slot) ?? this.priors.get(slot) ?? 0;
  }

  margin(f: Features): number {
    let z = f.offset;
    for (let i = 0; i < f.idx.length; i++) z += this.weight(f.idx[i] ?? 0) * (f.val[i] ?? 0);
    return z;
  }

  predict(f: Features): number {
    return sigmoid(this.margin(f));
  }

  /** One weighted gradient step toward label y (1 = malicious). Returns the prediction before the step. */
  update(f: Features, y: 0 | 1, weight = 1): number {
    const p = this.predict(f);
    const g = (p - y) * weight;
    const { learningRate, l2 } = this.settings;
    for (let i = 0; i < f.idx.length; i++) {
      const k = f.idx[i] ?? 0;
      const w = this.weight(k);
      const grad = g * (f.val[i] ?? 0) + l2 * weight * (w - (this.priors.get(k) ?? 0));
      if (grad === 0) continue;
      const s = (this.sumSq.get(k) ?? 0) + grad * grad;
      this.sumSq.set(k, s);
      this.weights.set(k, w - (learningRate * grad) / Math.sqrt(s + 1e-8));
    }
    return p;
  }

  snapshot(): LogisticSnapshot {
    return { weights: [...this.weights], sumSq: [...this.sumSq] };
  }

  get touched(): number {
    return this.weights.size;
  }
}
