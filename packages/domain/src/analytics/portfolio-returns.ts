import { MetricsInputError } from '../metrics/metrics-error.js';
import type { Dec } from '../money/decimal.js';

/**
 * A return as a float from exact money: num / den in float64 (statistics are floats); 0 when
 * den is not positive. Converting first keeps it fast; the result is within a few ulps of the
 * exactly rounded quotient; pure.
 */
export function returnOf(num: Dec, den: Dec): number {
  if (!den.gt(0)) return 0;
  const r = num.toNumber() / den.toNumber();
  return r === 0 ? 0 : r;
}

/**
 * Time-weighted daily returns of a portfolio from its equity at each close and the P&L of each
 * step: rₜ = P&Lₜ / (equityₜ − P&Lₜ); pure. The denominator is the equity the step started from
 * after any capital flow, so flows (allocation moving capital between PMs) are not returns. It
 * holds for a PM, an account (no flows), the firm, and a group (sums of its members' equity and
 * P&L). A step starting from no equity returns 0.
 */
export function timeWeightedReturns(equity: readonly Dec[], pnl: readonly Dec[]): number[] {
  if (equity.length !== pnl.length) throw new MetricsInputError(`pnl: expected ${equity.length} values like equity, found ${pnl.length}`);
  return equity.map((e, i) => returnOf(pnl[i]!, e.minus(pnl[i]!)));
}

/**
 * Daily returns of a notional book from its float P&L, starting from `start`: rₜ = P&Lₜ / Eₜ₋₁ with
 * Eₜ = Eₜ₋₁ + P&Lₜ (0 while E is not positive); pure. Used for strategy paper books, whose daily
 * P&L is a statistic; `stepReturn` is the same arithmetic one step at a time.
 */
export function returnsFromPnl(start: number, pnl: readonly number[]): number[] {
  let e = start;
  return pnl.map((p) => {
    const r = stepReturn(e, p);
    e += p;
    return r;
  });
}

/** One step of returnsFromPnl (or of equityReturns with p = Eₜ − Eₜ₋₁); pure. */
export function stepReturn(startEquity: number, pnl: number): number {
  const r = startEquity > 0 ? pnl / startEquity : 0;
  return r === 0 ? 0 : r;
}

/**
 * Daily returns of a book without flows (an account) from its equity at each close as floats,
 * starting from `start`; pure. Float subtraction of two equities of 10⁶ loses ~10⁻¹⁰ of money,
 * 10⁻¹⁶ of a return: nothing a statistic can see.
 */
export function equityReturns(start: number, equity: readonly number[]): number[] {
  let prev = start;
  return equity.map((e) => {
    const r = stepReturn(prev, e - prev);
    prev = e;
    return r;
  });
}
