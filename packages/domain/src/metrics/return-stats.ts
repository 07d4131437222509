import { MetricsInputError } from './metrics-error.js';

/**
 * Statistics of a series of periodic (daily, time-weighted) simple returns, with empyrical's
 * conventions: 252 periods a year, zero risk-free rate, sample standard deviation (ddof = 1).
 * Each function names the empyrical function (empyrical/stats.py) it follows.
 *
 * empyrical answers NaN or ±inf for degenerate series; JSON can hold neither, so here:
 * - fewer than 2 returns: volatility, Sharpe and Sortino are 0 (no sample statistics exist);
 * - a ratio whose denominator (risk) is exactly 0 is 0 when its numerator is 0 too (nothing
 *   happened: a PM holding only cash) and null otherwise (unbounded: gains without risk);
 * - any other non-finite result (overflow) is null.
 * A series whose values are all equal has standard deviation exactly 0 (not float noise).
 */

/** Periods per year of daily returns (empyrical APPROX_BDAYS_PER_YEAR). */
export const PERIODS_PER_YEAR = 252;

/** Throws MetricsInputError unless every return is a finite number; pure. */
export function checkReturns(returns: readonly number[]): void {
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (typeof r !== 'number' || !Number.isFinite(r)) throw new MetricsInputError(`returns[${i}]: expected a finite number, found ${String(r)}`);
  }
}

/** -0 as 0, so that JSON and equality never show a negative zero; pure. */
const plain = (x: number): number => (x === 0 ? 0 : x);

/** The value, or null when it is NaN or ±Infinity (JSON holds neither); pure. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? plain(x) : null;
}

/** num / den × scale with the degenerate rules above: 0/0 → 0, x/0 → null, non-finite → null; pure. */
export function safeRatio(num: number, den: number, scale = 1): number | null {
  if (den === 0) return num === 0 ? 0 : null;
  return finiteOrNull((num / den) * scale);
}

/** Arithmetic mean (0 for no values); pure. */
export function mean(values: readonly number[]): number {
  // indexed loops here and below: these run for every portfolio of a report, and iterators allocate
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length === 0 ? 0 : sum / values.length;
}

/** Sample standard deviation (ddof = 1); 0 for fewer than 2 values or all values equal; pure. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  let same = true;
  for (let i = 1; i < values.length && same; i++) same = values[i] === values[0];
  if (same) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - m) * (values[i]! - m);
  return Math.sqrt(ss / (values.length - 1));
}

/** Compounded return Π(1 + r) − 1 (empyrical cum_returns_final); 0 for no returns; pure. */
export function totalReturn(returns: readonly number[]): number {
  let wealth = 1;
  for (let i = 0; i < returns.length; i++) wealth *= 1 + returns[i]!;
  return plain(wealth - 1);
}

/**
 * Compound annual growth rate (1 + total)^(252 / n) − 1, n the number of returns (empyrical
 * annual_return / cagr). 0 for no returns; −1 when wealth reached 0 or below (a fractional power of
 * a negative number is not real: all was lost); null on overflow (a huge gain over few steps); pure.
 */
export function cagr(returns: readonly number[]): number | null {
  if (returns.length === 0) return 0;
  const growth = 1 + totalReturn(returns);
  if (growth <= 0) return -1;
  return finiteOrNull(growth ** (PERIODS_PER_YEAR / returns.length) - 1);
}

/** Sample standard deviation × √252 (empyrical annual_volatility); 0 for fewer than 2 returns; pure. */
export function annualVolatility(returns: readonly number[]): number {
  return plain(sampleStd(returns) * Math.sqrt(PERIODS_PER_YEAR));
}

/** mean / sample std × √252 (empyrical sharpe_ratio, risk-free 0); see the degenerate rules above; pure. */
export function sharpeRatio(returns: readonly number[]): number | null {
  if (returns.length < 2) return 0;
  return safeRatio(mean(returns), sampleStd(returns), Math.sqrt(PERIODS_PER_YEAR));
}

/**
 * Annualised downside deviation √(mean(min(r, 0)²)) × √252, the mean taken over all returns
 * (empyrical downside_risk, required return 0); pure.
 */
export function downsideRisk(returns: readonly number[]): number {
  if (returns.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < returns.length; i++) sum += Math.min(returns[i]!, 0) ** 2;
  return Math.sqrt(sum / returns.length) * Math.sqrt(PERIODS_PER_YEAR);
}

/**
 * mean / downside risk × 252 (empyrical sortino_ratio, required return 0). No negative return means
 * no downside: null when the mean is positive (unbounded), 0 when all returns are 0; pure.
 */
export function sortinoRatio(returns: readonly number[]): number | null {
  if (returns.length < 2) return 0;
  return safeRatio(mean(returns), downsideRisk(returns), PERIODS_PER_YEAR);
}

/**
 * Largest fall from a running peak of the wealth path 1, (1 + r₁), (1 + r₁)(1 + r₂), … as a
 * negative fraction, or 0 (empyrical max_drawdown, whose newer versions include the starting
 * value, as here: a first-step loss is a drawdown); pure.
 */
export function maxDrawdown(returns: readonly number[]): number {
  let wealth = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < returns.length; i++) {
    wealth *= 1 + returns[i]!;
    if (wealth > peak) peak = wealth;
    worst = Math.min(worst, wealth / peak - 1);
  }
  return plain(worst);
}

/**
 * CAGR / |max drawdown| (empyrical calmar_ratio). Without a drawdown: 0 when the CAGR is 0 too,
 * null otherwise (empyrical: NaN); null when the CAGR is; pure.
 */
export function calmarRatio(annualReturn: number | null, drawdown: number): number | null {
  return annualReturn === null ? null : safeRatio(annualReturn, Math.abs(drawdown));
}
