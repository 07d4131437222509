import { decText, parseDecimal } from '../money/decimal.js';
import { MetricsInputError } from './metrics-error.js';
import {
  annualVolatility, cagr, calmarRatio, checkReturns, maxDrawdown, sharpeRatio, sortinoRatio, totalReturn,
} from './return-stats.js';

/** What a run knows about one portfolio (PM, account or firm) at its end. */
export interface PerformanceInput {
  /** Equity at the start, decimal text. Checked; the figures come from `returns`. */
  readonly initialEquity: string;
  /** Equity at the end, decimal text; reported as `final_equity`. */
  readonly finalEquity: string;
  /**
   * Daily time-weighted returns, one per step: capital moved in or out by allocation is not a
   * gain or a loss, so total_return equals final / initial − 1 only when no capital moved.
   */
  readonly returns: readonly number[];
  /** Closed trades (see countRoundTrips). */
  readonly roundTrips: number;
  readonly fills: number;
}

/**
 * The `performance.json` of a portfolio: exactly these keys, snake_case, in this order. Ratios are
 * null where they are unbounded (see return-stats.ts); no field is ever NaN or Infinity.
 */
export interface Performance {
  readonly final_equity: string;
  readonly total_return: number;
  readonly cagr: number | null;
  readonly annual_volatility: number;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** A negative fraction (−0.1 is a 10 % fall from a peak), or 0. */
  readonly max_drawdown: number;
  readonly calmar: number | null;
  readonly round_trips: number;
  readonly fills: number;
}

/** A figure that must be a number: non-finite only when the returns overflow float64, which no real equity curve does. */
function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new MetricsInputError(`${name}: returns too large for float64 (got ${String(value)})`);
  return value;
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new MetricsInputError(`${name}: expected a non-negative integer, found ${String(value)}`);
}

/**
 * Computes the performance figures of a run with empyrical's conventions (252 periods a year,
 * zero risk-free rate, sample standard deviation); pure. Throws MetricsInputError for a
 * non-finite return, returns so large their product or variance overflows, or a bad count;
 * InvalidDecimalError for bad equity text.
 *
 * Degenerate runs give numbers, not NaN: with no returns every figure is 0; with one return,
 * volatility, Sharpe and Sortino are 0; a ratio over zero risk is 0 when nothing was gained
 * (a PM holding only cash) and null when something was (unbounded).
 */
export function computePerformance(input: PerformanceInput): Performance {
  parseDecimal(input.initialEquity, 'initialEquity');
  const finalEquity = parseDecimal(input.finalEquity, 'finalEquity');
  checkReturns(input.returns);
  checkCount('roundTrips', input.roundTrips);
  checkCount('fills', input.fills);
  const { returns } = input;
  const annual = cagr(returns);
  const drawdown = finite('max_drawdown', maxDrawdown(returns));
  return {
    final_equity: decText(finalEquity),
    total_return: finite('total_return', totalReturn(returns)),
    cagr: annual,
    annual_volatility: finite('annual_volatility', annualVolatility(returns)),
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    max_drawdown: drawdown,
    calmar: calmarRatio(annual, drawdown),
    round_trips: input.roundTrips,
    fills: input.fills,
  };
}
