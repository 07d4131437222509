import { D, type Dec } from '../money/decimal.js';

/**
 * Each PM's capital from the firm's equity and the weights decided for it: weight × equity,
 * rounded down to the cent; and when the weights allocate all of it (nothing held unallocated),
 * what the rounding left over — a few cents and the firm's fractions of a cent — goes to the PM of
 * the largest weight (the first of equals), so that the capitals add up to the firm's equity
 * exactly. Otherwise money would leave the PMs at every rebalance and stay with the firm, and a
 * group of every PM would drift away from the firm by those cents. Pure.
 */
export function capitalsFromWeights(equity: Dec, weights: readonly number[], unallocated: number): Dec[] {
  const capitals = weights.map((w) => equity.times(w).toDecimalPlaces(2, D.ROUND_DOWN));
  if (unallocated > 0 || weights.length === 0) return capitals;
  let largest = 0;
  weights.forEach((w, i) => {
    if (w > weights[largest]!) largest = i;
  });
  const rest = capitals.reduce((s, c) => s.minus(c), equity);
  capitals[largest] = capitals[largest]!.plus(rest);
  return capitals;
}
