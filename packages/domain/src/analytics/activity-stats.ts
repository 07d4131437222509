import { D, decText, type Dec } from '../money/decimal.js';
import { MetricsInputError } from '../metrics/metrics-error.js';
import { checkReturns, PERIODS_PER_YEAR } from '../metrics/return-stats.js';

/** What a portfolio did each step, for the figures beside performance.json. */
export interface ActivityInput {
  readonly dates: readonly string[];
  /** time-weighted daily returns */
  readonly returns: readonly number[];
  /** equity at each close (a float is enough: only its average is used, for turnover) */
  readonly equity: readonly number[];
  /**
   * Σ |position value| and Σ position value at each close. Floats: exposure over time is a
   * statistic (its average, a chart), unlike balances and P&L, which stay exact.
   */
  readonly gross: readonly number[];
  readonly net: readonly number[];
  /** notional bought plus notional sold over the run */
  readonly traded: Dec;
}

/**
 * The figures a PM report adds to performance.json (snake_case, in this order). Money as decimal
 * text rounded to cents; statistics as numbers; never NaN.
 */
export interface ActivityStats {
  /** share of the days with a non-zero return that gained (0 when no day moved) */
  readonly hit_rate: number;
  /** notional traded (both sides) over average equity, per year (× 252 / steps) */
  readonly turnover: number;
  readonly avg_gross_exposure: string;
  readonly avg_net_exposure: string;
  readonly best_day: number;
  readonly best_day_date: string;
  readonly worst_day: number;
  readonly worst_day_date: string;
}

/**
 * Hit rate, turnover, average gross and net exposure, best and worst day of a portfolio; pure.
 * Throws MetricsInputError when the series differ in length or a return is not finite.
 */
export function computeActivityStats(input: ActivityInput): ActivityStats {
  const n = input.returns.length;
  checkReturns(input.returns);
  for (const [name, list] of [['dates', input.dates], ['equity', input.equity], ['gross', input.gross], ['net', input.net]] as const) {
    if (list.length !== n) throw new MetricsInputError(`${name}: expected ${n} values like returns, found ${list.length}`);
  }
  let up = 0;
  let moved = 0;
  let best = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const r = input.returns[i]!;
    if (r !== 0) moved += 1;
    if (r > 0) up += 1;
    if (r > input.returns[best]!) best = i;
    if (r < input.returns[worst]!) worst = i;
  }
  const mean = (xs: readonly number[]) => (n === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / n);
  const avgEquity = mean(input.equity);
  const turnover = n === 0 || input.traded.isZero() || !(avgEquity > 0) ? 0 : (input.traded.toNumber() / avgEquity) * (PERIODS_PER_YEAR / n);
  // an average of exposures, as money text to the cent
  const cents = (x: number) => decText(new D(x.toFixed(2)));
  const plain = (x: number) => (x === 0 ? 0 : x);
  return {
    hit_rate: moved === 0 ? 0 : up / moved,
    turnover,
    avg_gross_exposure: cents(mean(input.gross)),
    avg_net_exposure: cents(mean(input.net)),
    best_day: plain(n ? input.returns[best]! : 0),
    best_day_date: n ? input.dates[best]! : '',
    worst_day: plain(n ? input.returns[worst]! : 0),
    worst_day_date: n ? input.dates[worst]! : '',
  };
}
