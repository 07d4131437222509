import { MetricsInputError } from './metrics-error.js';
import { PERIODS_PER_YEAR, checkReturns, finiteOrNull, mean, safeRatio, sampleStd, totalReturn } from './return-stats.js';

/** A portfolio against its benchmark (the keys of `performance.json`'s `benchmark`). */
export interface BenchmarkStats {
  readonly symbol: string;
  /** compounded return of the benchmark over the run */
  readonly benchmark_return: number;
  /** the portfolio's total return minus the benchmark's */
  readonly excess_return: number;
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly tracking_error: number;
  readonly information_ratio: number | null;
}

/**
 * Step returns of a benchmark from its closes, one per step: 0 on the first step and on a step
 * without a close; otherwise the close over the last close seen, minus 1; pure. Closes are
 * decimal text (or undefined), converted to floats: these are statistics.
 */
export function benchmarkReturns(closes: readonly (string | undefined)[]): number[] {
  let prev: number | undefined;
  return closes.map((text) => {
    const c = text === undefined ? NaN : Number(text);
    if (!(c > 0)) return 0;
    const r = prev === undefined ? 0 : c / prev - 1;
    prev = c;
    return r;
  });
}

/**
 * Beta, alpha, tracking error and information ratio of `returns` against `benchmark` (same
 * length, same steps), with empyrical's conventions: beta = cov(r, b) / var(b) (population
 * moments, as empyrical.beta); alpha = (1 + mean(r − beta × b))^252 − 1 (empyrical.alpha,
 * annualised, zero risk-free rate); tracking error = sample std of r − b × √252; information
 * ratio = mean(r − b) / std(r − b) × √252 (annualised active return over tracking error).
 * A benchmark that never moves has no beta (null), and then no alpha; pure.
 */
export function benchmarkStats(symbol: string, returns: readonly number[], benchmark: readonly number[]): BenchmarkStats {
  checkReturns(returns);
  checkReturns(benchmark);
  if (returns.length !== benchmark.length) throw new MetricsInputError(`returns and benchmark returns differ in length (${returns.length} and ${benchmark.length})`);
  const mb = mean(benchmark);
  const mr = mean(returns);
  let cov = 0;
  let varB = 0;
  for (let i = 0; i < returns.length; i++) {
    cov += (returns[i]! - mr) * (benchmark[i]! - mb);
    varB += (benchmark[i]! - mb) ** 2;
  }
  const beta = varB > 0 ? finiteOrNull(cov / varB) : null;
  const alpha = beta === null ? null : finiteOrNull((1 + mean(returns.map((r, i) => r - beta * benchmark[i]!))) ** PERIODS_PER_YEAR - 1);
  const active = returns.map((r, i) => r - benchmark[i]!);
  const sd = sampleStd(active);
  const benchmarkReturn = totalReturn(benchmark);
  return {
    symbol,
    benchmark_return: benchmarkReturn,
    excess_return: totalReturn(returns) - benchmarkReturn,
    alpha,
    beta,
    tracking_error: sd * Math.sqrt(PERIODS_PER_YEAR),
    information_ratio: safeRatio(mean(active), sd, Math.sqrt(PERIODS_PER_YEAR)),
  };
}
