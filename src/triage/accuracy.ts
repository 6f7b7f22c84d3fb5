import type { HourBand } from './hour-band.ts';
import type { Decision } from './policy.ts';

/**
 * AI accuracy as metrics.md defines it: over alerts on which the AI gave a verdict and a human later gave
 * one — agreement, precision and recall for "malicious", override rate, Brier score and reliability bins;
 * overall, per class, per hour band and per time bucket. The override rate counts the AI's explicit
 * calls (auto-close as benign, escalate as malicious) that the human's verdict reversed.
 */
export interface AccuracyObservation {
  readonly classKey: string;
  readonly band: HourBand;
  /** When the alert occurred (epoch ms): the time bucket. */
  readonly at: number;
  readonly score: number;
  readonly aiMalicious: boolean;
  readonly decision: Decision;
  readonly humanMalicious: boolean;
}

export interface AccuracyFigures {
  readonly count: number;
  readonly agreement: number | null;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly overrideRate: number | null;
  readonly calls: number;
  readonly brier: number | null;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
}

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly meanScore: number | null;
  readonly observedRate: number | null;
}

export interface AccuracyReport {
  readonly overall: AccuracyFigures;
  readonly reliability: readonly ReliabilityBin[];
  readonly byClass: Readonly<Record<string, AccuracyFigures>>;
  readonly byBand: Readonly<Record<string, AccuracyFigures>>;
  readonly byBucket: readonly (AccuracyFigures & { readonly bucket: string })[];
}

class Tally {
  tp = 0;
  fp = 0;
  fn = 0;
  tn = 0;
  brier = 0;
  calls = 0;
  overrides = 0;
  add(o: AccuracyObservation): void {
    if (o.aiMalicious) {
      if (o.humanMalicious) this.tp++;
      else this.fp++;
    } else if (o.humanMalicious) this.fn++;
    else this.tn++;
    const y = o.humanMalicious ? 1 : 0;
    this.brier += (o.score - y) ** 2;
    if (o.decision === 'auto-close' || o.decision === 'escalate') {
      this.calls++;
      if ((o.decision === 'auto-close') === o.humanMalicious) this.overrides++;
    }
  }
  figures(): AccuracyFigures {
    const n = this.tp + this.fp + this.fn + this.tn;
    const div = (a: number, b: number): number | null => (b === 0 ? null : a / b);
    return {
      count: n,
      agreement: div(this.tp + this.tn, n),
      precision: div(this.tp, this.tp + this.fp),
      recall: div(this.tp, this.tp + this.fn),
      overrideRate: div(this.overrides, this.calls),
      calls: this.calls,
      brier: div(this.brier, n),
      truePositives: this.tp,
      falsePositives: this.fp,
      falseNegatives: this.fn,
      trueNegatives: this.tn,
    };
  }
}

const BINS = 10;

export class AccuracyBook {
  private readonly overall = new Tally();
  private readonly byClass = new Map<string, Tally>();
  private readonly byBand = new Map<string, Tally>();
  private readonly byBucket = new Map<number, Tally>();
  private readonly bins = Array.from({ length: BINS }, () => ({ n: 0, score: 0, positives: 0 }));
  private readonly bucketMs: number;

  /** `bucketMs`: width of the time buckets (a day by default). */
  constructor(bucketMs = 86_400_000) {
    this.bucketMs = bucketMs;
  }

  private static tally<K>(map: Map<K, Tally>, key: K): Tally {
    let t = map.get(key);
    if (t === undefined) {
      t = new Tally();
      map.set(key, t);
    }
    return t;
  }

  record(o: AccuracyObservation): void {
    this.overall.add(o);
    AccuracyBook.tally(this.byClass, o.classKey).add(o);
    AccuracyBook.tally(this.byBand, o.band).add(o);
    AccuracyBook.tally(this.byBucket, Math.floor(o.at / this.bucketMs)).add(o);
    const bin = this.bins[Math.min(BINS - 1, Math.floor(o.score * BINS))];
    if (bin !== undefined) {
      bin.n++;
      bin.score += o.score;
      if (o.humanMalicious) bin.positives++;
    }
  }

  report(): AccuracyReport {
    const fromMap = (m: Map<string, Tally>): Record<string, AccuracyFigures> => Object.fromEntries([...m].sort((a, b) => a[0].localeCompare(b[0])).map(([k, t]) => [k, t.figures()]));
    return {
      overall: this.overall.figures(),
      reliability: this.bins.map((b, i) => ({
        from: i / BINS,
        to: (i + 1) / BINS,
        count: b.n,
        meanScore: b.n === 0 ? null : b.score / b.n,
        observedRate: b.n === 0 ? null : b.positives / b.n,
      })),
      byClass: fromMap(this.byClass),
      byBand: fromMap(this.byBand),
      byBucket: [...this.byBucket].sort((a, b) => a[0] - b[0]).map(([k, t]) => ({ bucket: new Date(k * this.bucketMs).toISOString(), ...t.figures() })),
    };
  }
}
