/**
 * Constraints on capital weights across PMs, applied after a method's target weights: bounds,
 * a drawdown cut and a turnover limit. Float64, pure.
 */

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * The weights nearest (least squares) to `target` with lo ≤ w_i ≤ hi and Σw = 1: w_i =
 * clip(t_i + τ, lo, hi) for the one τ that makes them sum to 1 (exact, by the breakpoints of
 * the piecewise linear sum). When the bounds cannot be met — n·lo > 1 or n·hi < 1, possible
 * once PMs are removed — every PM gets lo resp. hi: equal weights, or hi each with the rest
 * left unallocated. Pure.
 */
export function projectToBounds(target: readonly number[], lo: number, hi: number): number[] {
  const n = target.length;
  if (n === 0) return [];
  if (n * lo >= 1) return target.map(() => 1 / n);
  if (n * hi <= 1) return target.map(() => hi);
  const total = (tau: number) => target.reduce((s, t) => s + clip(t + tau, lo, hi), 0);
  const points = [...target.map((t) => lo - t), ...target.map((t) => hi - t)].sort((a, b) => a - b);
  // total(points[0]) = n·lo < 1 and total(points.at(-1)) = n·hi > 1: find the segment holding 1
  let a = 0;
  let b = points.length - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (total(points[m]!) <= 1) a = m;
    else b = m;
  }
  const fa = total(points[a]!);
  const fb = total(points[b]!);
  const tau = fb === fa ? points[a]! : points[a]! + ((1 - fa) * (points[b]! - points[a]!)) / (fb - fa);
  return target.map((t) => clip(t + tau, lo, hi));
}

/**
 * Scales down the weight of each PM whose drawdown (a fraction, 0.12 = 12 %) exceeds
 * thresholdPct; the weight taken away is left unallocated (the firm holds it), not given to
 * the other PMs. Returns the new weights and the indices cut; pure.
 */
export function cutForDrawdown(weights: readonly number[], drawdowns: readonly number[], thresholdPct: number, scale: number): { weights: number[]; cut: number[] } {
  const cut: number[] = [];
  const out = weights.map((w, i) => {
    if ((drawdowns[i] ?? 0) * 100 > thresholdPct) {
      cut.push(i);
      return w * scale;
    }
    return w;
  });
  return { weights: out, cut };
}

/** Turnover between two weight vectors: ½ Σ |next_i − prev_i|, the fraction of capital moved; pure. */
export function turnover(prev: readonly number[], next: readonly number[]): number {
  return next.reduce((s, w, i) => s + Math.abs(w - (prev[i] ?? 0)), 0) / 2;
}

/**
 * Moves from `prev` toward `next` only as far as `maxTurnover` allows: prev + λ(next − prev)
 * with λ = maxTurnover / turnover when the full move would exceed it (a convex combination, so
 * bounds both vectors meet still hold). Pure.
 */
export function limitTurnover(prev: readonly number[], next: readonly number[], maxTurnover: number): { weights: number[]; turnover: number; limited: boolean } {
  const t = turnover(prev, next);
  if (t <= maxTurnover) return { weights: [...next], turnover: t, limited: false };
  const lambda = maxTurnover / t;
  return { weights: next.map((w, i) => (prev[i] ?? 0) + lambda * (w - (prev[i] ?? 0))), turnover: t, limited: true };
}
