import { z } from 'zod';
import { wilson, type Interval } from './stats.ts';

/**
 * Quality review: a random share of auto-closed alerts goes to humans, so the missed-attack rate of
 * automation is measured, not assumed. A daily cap keeps the review load bounded; days where the cap
 * bit are weighted back up (each sample stands for N_day / n_day auto-closed alerts), and the interval
 * uses Kish's effective sample size.
 *
 * The weighting assumes every alert of a day had the same chance. A fixed rate that fills the cap in the
 * first hour after midnight breaks that: nights and afternoons would never be reviewed. So once a day of
 * volume is known, the rate is lowered to spread the cap over the day: rate' = min(rate, cap / yesterday's
 * auto-closed alerts). The cap still bounds a day busier than the one before.
 */
export const qualityReviewSettingsSchema = z.object({
  rate: z.number().min(0).max(1).default(0.001),
  maxPerDay: z.number().int().min(0).default(2),
  confidence: z.number().min(0.5).max(0.999).default(0.95),
});
export type QualityReviewSettings = z.infer<typeof qualityReviewSettingsSchema>;

export interface MissedAttackEstimate {
  readonly autoClosed: number;
  readonly sampled: number;
  readonly reviewed: number;
  readonly missedFound: number;
  /** Estimated share of auto-closed alerts that were attacks, with its confidence interval. */
  readonly missRate: Interval | null;
  /** The same, as a count of auto-closed alerts. */
  readonly estimatedMissed: Interval | null;
  readonly effectiveSampleSize: number;
}

interface Day {
  autoClosed: number;
  sampled: number;
  reviewed: number;
  missed: number;
}

export interface QualityReviewSnapshot {
  readonly days: readonly [number, Day][];
}

const DAY_MS = 86_400_000;

export class QualityReview {
  private readonly settings: QualityReviewSettings;
  private readonly random: () => number;
  private readonly days = new Map<number, Day>();

  constructor(settings: QualityReviewSettings, random: () => number, snapshot?: QualityReviewSnapshot) {
    this.settings = settings;
    this.random = random;
    if (snapshot !== undefined) for (const [d, v] of snapshot.days) this.days.set(d, { ...v });
  }

  private day(at: number): Day {
    const key = Math.floor(at / DAY_MS);
    let d = this.days.get(key);
    if (d === undefined) {
      d = { autoClosed: 0, sampled: 0, reviewed: 0, missed: 0 };
      this.days.set(key, d);
    }
    return d;
  }

  /** Counts an auto-closed alert; true when it is drawn for human review. */
  sample(at: number): boolean {
    const d = this.day(at);
    d.autoClosed++;
    if (d.sampled >= this.settings.maxPerDay || this.random() >= this.rateOn(at)) return false;
    d.sampled++;
    return true;
  }

  /** The sampling rate in force on the alert's day: spread over the day once yesterday's volume is known. */
  rateOn(at: number): number {
    const yesterday = this.days.get(Math.floor(at / DAY_MS) - 1)?.autoClosed ?? 0;
    return yesterday === 0 ? this.settings.rate : Math.min(this.settings.rate, this.settings.maxPerDay / yesterday);
  }

  /** A human's verdict on a sampled alert (`at` = when the alert was auto-closed). */
  record(at: number, malicious: boolean): void {
    const d = this.day(at);
    d.reviewed++;
    if (malicious) d.missed++;
  }

  estimate(): MissedAttackEstimate {
    let autoClosed = 0;
    let sampled = 0;
    let reviewed = 0;
    let missed = 0;
    let sw = 0;
    let sw2 = 0;
    let swy = 0;
    for (const d of this.days.values()) {
      autoClosed += d.autoClosed;
      sampled += d.sampled;
      reviewed += d.reviewed;
      missed += d.missed;
      if (d.reviewed === 0) continue;
      const w = d.autoClosed / d.reviewed;
      sw += w * d.reviewed;
      sw2 += w * w * d.reviewed;
      swy += w * d.missed;
    }
    if (reviewed === 0 || sw === 0) {
      return { autoClosed, sampled, reviewed, missedFound: missed, missRate: null, estimatedMissed: null, effectiveSampleSize: 0 };
    }
    const p = swy / sw;
    const nEff = (sw * sw) / sw2;
    const ci = wilson(p * nEff, nEff, this.settings.confidence);
    const rate = { estimate: p, lower: ci.lower, upper: ci.upper };
    return {
      autoClosed,
      sampled,
      reviewed,
      missedFound: missed,
      missRate: rate,
      estimatedMissed: { estimate: p * autoClosed, lower: ci.lower * autoClosed, upper: ci.upper * autoClosed },
      effectiveSampleSize: nEff,
    };
  }

  snapshot(): QualityReviewSnapshot {
    return { days: [...this.days].map(([k, v]) => [k, { ...v }]) };
  }
}
