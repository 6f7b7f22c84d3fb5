/**
 * Log-scale buckets for delays: bucket 0 holds delays ≤ 0; bucket b ≥ 1 holds delays whose seconds s
 * satisfy floor(ln(1 + s) × 20) = b − 1, i.e. each bucket is about 5% wide. Quantiles read from these
 * buckets are within a few percent of exact ones.
 */
const SCALE = 20;

export function delayBucket(delayMs: number): number {
  if (delayMs <= 0) return 0;
  return Math.floor(Math.log1p(delayMs / 1000) * SCALE) + 1;
}

/** Lower and upper bound of a bucket, in milliseconds. */
export function bucketBounds(bucket: number): [number, number] {
  if (bucket <= 0) return [0, 0];
  return [Math.expm1((bucket - 1) / SCALE) * 1000, Math.expm1(bucket / SCALE) * 1000];
}
