import { MetricsInputError } from '../metrics/metrics-error.js';
import type { Dec } from '../money/decimal.js';

/**
 * Time-weighted daily returns of a portfolio from its equity at each close and the P&L of each
 * step: rₜ = P&Lₜ / (equityₜ − P&Lₜ); pure. The denominator is the equity the step started from
 * after any capital flow, so flows (allocation moving capital between PMs) are not returns. It
 * holds for a PM, an account (no flows), the firm, and a group (sums of its members' equity and
 * P&L). A step starting from no equity returns 0.
 */
export function timeWeightedReturns(equity: readonly Dec[], pnl: readonly Dec[]): number[] {
  if (equity.length !== pnl.length) throw new MetricsInputError(`pnl: expected ${equity.length} values like equity, found ${pnl.length}`);
  return equity.map((e, i) => {
    const start = e.minus(pnl[i]!);
    const r = start.gt(0) ? pnl[i]!.div(start).toNumber() : 0;
    return r === 0 ? 0 : r;
  });
}
