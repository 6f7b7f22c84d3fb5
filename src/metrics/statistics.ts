import { bucketBounds } from '../core/delay-buckets.ts';

/** A duration figure: how many, mean, median and 90th percentile, in seconds. */
export interface DurationStat {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

export interface RateStat {
  readonly rate: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

const EMPTY: DurationStat = { count: 0, mean: null, median: null, p90: null };

/** Exact figures from durations in milliseconds (linear interpolation between order statistics). */
export function summarize(durationsMs: readonly number[]): DurationStat {
  if (durationsMs.length === 0) return EMPTY;
  const sorted = Float64Array.from(durationsMs).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { count: sorted.length, mean: round(sum / sorted.length / 1000), median: round(quantile(sorted, 0.5) / 1000), p90: round(quantile(sorted, 0.9) / 1000) };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/** Figures from log-scale delay buckets: exact count and mean, quantiles interpolated inside a bucket. */
export function summarizeBuckets(cells: readonly { bucket: number; n: number; totalMs: number }[]): DurationStat {
  const byBucket = new Map<number, number>();
  let count = 0;
  let total = 0;
  for (const c of cells) {
    byBucket.set(c.bucket, (byBucket.get(c.bucket) ?? 0) + c.n);
    count += c.n;
    total += c.totalMs;
  }
  if (count === 0) return EMPTY;
  const ordered = [...byBucket.entries()].sort((a, b) => a[0] - b[0]);
  const at = (q: number): number => {
    const target = q * count;
    let seen = 0;
    for (const [bucket, n] of ordered) {
      if (seen + n >= target) {
        const [lo, hi] = bucketBounds(bucket);
        return lo + (hi - lo) * ((target - seen) / n);
      }
      seen += n;
    }
    return bucketBounds(ordered.at(-1)?.[0] ?? 0)[1];
  };
  return { count, mean: round(total / count / 1000), median: round(at(0.5) / 1000), p90: round(at(0.9) / 1000) };
}

export function rate(numerator: number, denominator: number): RateStat {
  return { rate: denominator === 0 ? null : round(numerator / denominator, 4), numerator, denominator };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
