/**
 * The q-quantile (0..1) of a sample by linear interpolation between closest ranks (numpy's
 * default); NaN for an empty sample; pure.
 */
export function percentile(values: readonly number[], q: number): number {
  return percentileOfSorted([...values].sort((a, b) => a - b), q);
}

/** percentile() of a sample already sorted ascending; pure. */
function percentileOfSorted(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/** p50, p99 and max of a sample, rounded to 3 decimals (for benchmark output); pure. */
export function latencySummary(values: readonly number[]): { p50: number; p99: number; max: number; n: number } {
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 0);
  // one sort serves all three (a spread into Math.max overflows the stack on a large sample)
  const xs = Float64Array.from(values).sort();
  const sorted = Array.from(xs);
  return { p50: r(percentileOfSorted(sorted, 0.5)), p99: r(percentileOfSorted(sorted, 0.99)), max: r(sorted.length ? sorted[sorted.length - 1]! : Number.NaN), n: values.length };
}
