/**
 * The q-quantile (0..1) of a sample by linear interpolation between closest ranks (numpy's
 * default); NaN for an empty sample; pure.
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const xs = [...values].sort((a, b) => a - b);
  const pos = Math.min(Math.max(q, 0), 1) * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/** p50, p99 and max of a sample, rounded to 3 decimals (for benchmark output); pure. */
export function latencySummary(values: readonly number[]): { p50: number; p99: number; max: number; n: number } {
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 0);
  return { p50: r(percentile(values, 0.5)), p99: r(percentile(values, 0.99)), max: r(values.length ? Math.max(...values) : Number.NaN), n: values.length };
}
