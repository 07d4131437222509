import {
  computeActivityStats, computePerformance, countRoundTrips, decText, historicalTailRisks,
  type ActivityStats, type Dec, type Metadata, type Performance, type RoundTripFill, type TailRisk,
} from '@atrium/domain';
import type { Bodies } from '@atrium/wire';

/** A position at the end of a run, as the wire carries it. */
export type PositionRow = Bodies['stepDone']['positions'][number];

/** A CSV-ready table of trades. */
export interface TradeTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The figures of one portfolio: performance.json's, the activity figures and the tail risk. */
export interface Figures {
  readonly perf: Performance;
  readonly activity: ActivityStats;
  readonly tail: readonly TailRisk[];
}

export type PortfolioKind = 'firm' | 'pm' | 'account' | 'group' | 'strategy';

/**
 * One portfolio's run as the reports show it — the firm, a PM, an account, a group or a
 * strategy — with the same series and figures at every level.
 */
export interface Portfolio {
  readonly kind: PortfolioKind;
  readonly id: string;
  /** folder of its files, relative to the output folder */
  readonly dir: string;
  readonly title: string;
  readonly meta?: Metadata;
  /** capital at the start */
  readonly capital: Dec;
  /** equity at each close, decimal text */
  readonly equity: readonly string[];
  /** P&L of each step (flows excluded), as floats for charts and statistics (sums are made exact from the record) */
  readonly pnl: readonly number[];
  /** time-weighted daily returns */
  readonly returns: readonly number[];
  /** Σ |position value| and Σ position value at each close, netted by symbol (floats: a statistic) */
  readonly gross: readonly number[];
  readonly net: readonly number[];
  readonly trades: TradeTable;
  /** positions at the end */
  readonly positions: readonly PositionRow[];
  readonly figures: Figures;
}

/** Inputs of `figuresOf`: a portfolio's series, and what its trades and the config add. */
export interface FigureInput extends Pick<Portfolio, 'capital' | 'equity' | 'returns' | 'gross' | 'net'> {
  readonly dates: readonly string[];
  readonly finalEquity: string;
  /** `equity` as floats, when the caller has them at hand */
  readonly equityValues?: readonly number[];
  readonly traded: Dec;
  /** the fills to count closed trades in (see countRoundTrips), or their count */
  readonly roundTrips: readonly RoundTripFill[] | number;
  readonly fills: number;
  /** VaR confidence levels and how many recent steps they look at (all when absent) */
  readonly var: { readonly confidence: readonly number[]; readonly lookback?: number };
}

/** performance.json, the activity figures and VaR/ES of one portfolio; pure. */
export function figuresOf(i: FigureInput): Figures {
  const perf = computePerformance({ initialEquity: decText(i.capital), finalEquity: i.finalEquity, returns: i.returns, roundTrips: typeof i.roundTrips === 'number' ? i.roundTrips : countRoundTrips(i.roundTrips), fills: i.fills });
  const activity = computeActivityStats({ dates: i.dates, returns: i.returns, equity: i.equityValues ?? i.equity.map(Number), gross: i.gross, net: i.net, traded: i.traded });
  const recent = i.var.lookback === undefined ? i.returns : i.returns.slice(-i.var.lookback);
  const tail = historicalTailRisks(recent, i.var.confidence);
  return { perf, activity, tail };
}

/** `95`, `97_5`: a confidence level as a key suffix; pure. */
export const confidenceKey = (c: number): string => String(Number((c * 100).toFixed(6))).replace('.', '_');

/**
 * The keys of a portfolio's performance.json: performance first (the keys tests and users read),
 * then the activity figures, then `var_<c>` and `es_<c>` per confidence level; pure.
 */
export function performanceJson(f: Figures): Record<string, unknown> {
  const tail: Record<string, number> = {};
  for (const t of f.tail) {
    tail[`var_${confidenceKey(t.confidence)}`] = t.var;
    tail[`es_${confidenceKey(t.confidence)}`] = t.es;
  }
  return { ...f.perf, ...f.activity, ...tail };
}
