import {
  countRoundTrips, D, decText, equityReturns, returnsFromPnl, StrategyLedger, ZERO,
  type AccountConfig, type AnalyticsConfig, type Dec, type GroupConfig, type PaperTrade, type PmConfig, type StepBar, type StrategyTarget,
} from '@atrium/domain';
import { sideFromWire, type Bodies } from '@atrium/wire';
import { scaledNumber, scaledText, type ScaledSeries } from './exact.js';
import { figuresOf, type Portfolio, type PositionRow, type TradeTable } from './portfolio.js';

type Fill = Bodies['fill'];
type StepDone = Bodies['stepDone'];

/** A block order as filled: a PM's child fills grouped by their block order. */
export interface BlockTrade {
  readonly date: string;
  readonly step: number;
  readonly pmId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Dec;
  readonly notional: Dec;
  readonly commission: Dec;
  /** its trades.csv fields after the date (order_id … commission), formatted once */
  readonly fields: readonly string[];
}

/** What every level's figures share: the dates and the VaR settings. */
export interface LevelContext {
  readonly dates: readonly string[];
  readonly var: AnalyticsConfig['var'];
}

/** The side of a fill; a fill without one is a broken record. */
export function fillSide(f: Fill): 'buy' | 'sell' {
  const s = sideFromWire(f.side);
  if (s === 'invalid') throw new Error(`fill ${f.fillId} has no side`);
  return s;
}

const byStepThenId = <T>(step: (x: T) => number, id: (x: T) => string) => (a: T, b: T) => step(a) - step(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/** A fill with its numbers read once: every report that needs them shares these. */
export interface ParsedFill {
  readonly fill: Fill;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Dec;
  readonly price: Dec;
  /** qty × price, exact */
  readonly notional: Dec;
  readonly commission: Dec;
  /** qty and price as floats (exposure over time is a statistic) */
  readonly qtyValue: number;
  readonly priceValue: number;
}

/** Fills in the order they happened (step, then fill id), with their numbers parsed once; pure. */
export function parsedFills(fills: readonly Fill[]): ParsedFill[] {
  const order = byStepThenId<Fill>((f) => f.step, (f) => f.fillId);
  // the record holds them in arrival order, which is nearly always this order already
  let sorted = true;
  for (let i = 1; i < fills.length && sorted; i++) sorted = order(fills[i - 1]!, fills[i]!) <= 0;
  return (sorted ? fills : [...fills].sort(order)).map((fill) => {
    const qty = new D(fill.qty);
    const price = new D(fill.price);
    return { fill, symbol: fill.symbol, side: fillSide(fill), qty, price, notional: qty.times(price), commission: fill.commission ? new D(fill.commission) : ZERO, qtyValue: Number(fill.qty), priceValue: Number(fill.price) };
  });
}

/** Block-level trades: a PM's child fills grouped by their block order, by step then order id; pure. */
export function blockTrades(fills: readonly ParsedFill[]): BlockTrade[] {
  const by = new Map<string, { -readonly [K in keyof Omit<BlockTrade, 'fields'>]: BlockTrade[K] }>();
  for (const { fill: f, side, qty, notional, commission } of fills) {
    const t = by.get(f.parentId);
    if (t) {
      t.qty = t.qty.plus(qty);
      t.notional = t.notional.plus(notional);
      t.commission = t.commission.plus(commission);
    } else by.set(f.parentId, { date: f.date, step: f.step, pmId: f.pmId, orderId: f.parentId, symbol: f.symbol, side, qty, notional, commission });
  }
  return [...by.values()]
    .sort(byStepThenId((t) => t.step, (t) => t.orderId))
    .map((t) => ({ ...t, fields: [t.orderId, t.symbol, t.side, decText(t.qty), decText(t.notional.div(t.qty).toDecimalPlaces(8)), decText(t.commission)] }));
}

const BLOCK_HEADER = ['date', 'order_id', 'symbol', 'side', 'qty', 'avg_price', 'commission'];
const blockRow = (t: BlockTrade) => [t.date, ...t.fields];

/** trades.csv of a PM: one row per block order filled; pure. */
export function pmTradeTable(trades: readonly BlockTrade[]): TradeTable {
  return { header: BLOCK_HEADER, rows: trades.map(blockRow) };
}

/** trades.csv of several PMs (a group, the firm): block orders with their PM; pure. */
export function multiPmTradeTable(trades: readonly BlockTrade[]): TradeTable {
  return { header: ['date', 'pm', ...BLOCK_HEADER.slice(1)], rows: trades.map((t) => [t.date, t.pmId, ...t.fields]) };
}

/** Notional traded, both sides, exact; pure. */
export const traded = (trades: readonly { notional: Dec }[]): Dec => trades.reduce((s, t) => s.plus(t.notional), ZERO);

/** A PM's portfolio from its step_done reports and its block trades; pure. */
export function pmPortfolio(ctx: LevelContext, pm: PmConfig, steps: readonly StepDone[], trades: readonly BlockTrade[]): Portfolio {
  const equity = steps.map((x) => x.equity);
  const gross = steps.map((x) => Number(x.gross || '0'));
  const net = steps.map((x) => Number(x.net || '0'));
  const returns = steps.map((x) => x.stepReturn);
  const capital = new D(pm.capital);
  return {
    kind: 'pm', id: pm.id, dir: pm.id, title: `PM ${pm.id}`, meta: pm.meta, capital, equity,
    pnl: steps.map((x) => Number(x.pnl)), returns, gross, net,
    trades: pmTradeTable(trades), positions: steps.at(-1)?.positions ?? [],
    figures: figuresOf({ ...ctx, capital, finalEquity: equity.at(-1) ?? pm.capital, equity, returns, gross, net, traded: traded(trades), roundTrips: trades, fills: trades.length }),
  };
}

/** An account's portfolio from its marks and its own fills (accounts have no capital flows); pure. */
export function accountPortfolio(ctx: LevelContext, pm: PmConfig, a: AccountConfig, snaps: readonly Bodies['accountSnapshot'][], fills: readonly ParsedFill[]): Portfolio {
  const capital = new D(a.capital);
  const equity = snaps.map((x) => x.equity);
  const values = equity.map(Number);
  const returns = equityReturns(values[0] === undefined ? 0 : Number(a.capital), values);
  const pnl = values.map((e, i) => e - (i === 0 ? Number(a.capital) : values[i - 1]!));
  // an account holds one position per symbol: nothing to net; it reports both at every close
  const gross = snaps.map((x) => Number(x.gross));
  const net = snaps.map((x) => Number(x.net));
  const header = ['date', 'fill_id', 'order_id', 'symbol', 'side', 'qty', 'price', 'commission'];
  let traded = ZERO;
  for (const f of fills) traded = traded.plus(f.notional);
  return {
    kind: 'account', id: `${pm.id}/${a.id}`, dir: `${pm.id}/accounts/${a.id}`, title: `Account ${a.id}`, meta: a.meta, capital, equity, pnl, returns, gross, net,
    trades: { header, rows: fills.map(({ fill: f, side }) => [f.date, f.fillId, f.parentId, f.symbol, side, f.qty, f.price, f.commission]) },
    positions: snaps.at(-1)?.positions ?? [],
    figures: figuresOf({
      ...ctx, capital, finalEquity: equity.at(-1) ?? a.capital, equity, equityValues: values, returns, gross, net, traded,
      roundTrips: fills, fills: fills.length,
    }),
  };
}

/** The symbols a run's books hold, and each one's column in StepValues. */
export interface SymbolIndex {
  readonly symbols: readonly string[];
  readonly column: ReadonlyMap<string, number>;
}

/** A symbol index over the given symbols (sorted, duplicates dropped); pure. */
export function symbolIndex(symbols: Iterable<string>): SymbolIndex {
  const list = [...new Set(symbols)].sort();
  return { symbols: list, column: new Map(list.map((s, i) => [s, i])) };
}

/**
 * A book's market value per symbol at each close, dense (steps × symbols, row-major) and in
 * floats — exposure over time is a statistic — so that netting books is adding rows.
 */
export type StepValues = Float64Array;

/** Each symbol's close at each step as a float, dense like StepValues; NaN where a step has no bar. */
export type StepCloses = Float64Array;

/** The closes of every symbol of `index` at each step, read once for every book; pure. */
export function stepCloses(steps: number, index: SymbolIndex, closeOf: (step: number, symbol: string) => number | undefined): StepCloses {
  const n = index.symbols.length;
  const out = new Float64Array(steps * n).fill(Number.NaN);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < n; k++) {
      const c = closeOf(t, index.symbols[k]!);
      if (c !== undefined) out[t * n + k] = c;
    }
  }
  return out;
}

/**
 * A PM's market values per symbol at each close, from its fills (positions follow from them;
 * step_done carries them on the last step only): after step t's fills, each position is marked
 * at step t's close, a symbol without a bar keeping its last price, as books do; pure.
 */
export function stepValues(fills: readonly ParsedFill[], steps: number, index: SymbolIndex, closes: StepCloses): StepValues {
  const n = index.symbols.length;
  const out = new Float64Array(steps * n);
  const qty = new Float64Array(n);
  const last = new Float64Array(n);
  const held = new Set<number>();
  let f = 0;
  for (let t = 0; t < steps; t++) {
    for (; f < fills.length && fills[f]!.fill.step <= t; f++) {
      const x = fills[f]!;
      const k = index.column.get(x.fill.symbol)!;
      qty[k] = qty[k]! + (x.side === 'buy' ? x.qtyValue : -x.qtyValue);
      last[k] = x.priceValue;
      if (qty[k] === 0) held.delete(k);
      else held.add(k);
    }
    for (const k of held) {
      const close = closes[t * n + k]!;
      if (!Number.isNaN(close)) last[k] = close;
      out[t * n + k] = qty[k]! * last[k]!;
    }
  }
  return out;
}

/** Gross and net of several books at each close, netted by symbol across them, and the netted values; pure. */
export function nettedExposure(books: readonly StepValues[], steps: number, index: SymbolIndex): { gross: number[]; net: number[]; values: StepValues } {
  const n = index.symbols.length;
  const values = new Float64Array(steps * n);
  for (const b of books) for (let k = 0; k < values.length; k++) values[k]! += b[k]!;
  const gross: number[] = [];
  const net: number[] = [];
  for (let t = 0; t < steps; t++) {
    let g = 0;
    let v = 0;
    for (let k = t * n; k < t * n + n; k++) {
      g += Math.abs(values[k]!);
      v += values[k]!;
    }
    gross.push(g);
    net.push(v);
  }
  return { gross, net, values };
}

/** Positions of several books at the end, netted by symbol (avg price left empty: it differs by book); pure. */
function nettedPositions(members: readonly Portfolio[]): PositionRow[] {
  const by = new Map<string, { qty: Dec; mv: Dec; last: string }>();
  for (const m of members) {
    for (const p of m.positions) {
      const x = by.get(p.symbol) ?? { qty: ZERO, mv: ZERO, last: p.lastPrice };
      by.set(p.symbol, { qty: x.qty.plus(p.qty), mv: x.mv.plus(p.marketValue), last: p.lastPrice });
    }
  }
  return [...by.entries()]
    .filter(([, x]) => !x.qty.isZero())
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([symbol, x]) => ({ symbol, qty: decText(x.qty), avgPrice: '', lastPrice: x.last, marketValue: decText(x.mv) }) as PositionRow);
}

/**
 * A group of PMs (or the firm, which is every PM) as one portfolio, from its exact P&L and
 * equity at each close (for a group the members' sums, for the firm its capital plus every PM's
 * P&L): returns time-weighted (flows between members or from allocation are not returns; the
 * firm has none), exposure netted by symbol across members (see nettedExposure); pure.
 */
export function combinedPortfolio(
  ctx: LevelContext,
  o: {
    kind: 'group' | 'firm'; id: string; dir: string; title: string; meta?: GroupConfig['meta']; capital: Dec;
    pnl: ScaledSeries; equity: ScaledSeries; members: readonly Portfolio[];
    exposure: { gross: readonly number[]; net: readonly number[] }; trades: readonly BlockTrade[]; traded: Dec;
  },
): Portfolio {
  const { scale } = o.pnl;
  if (o.equity.scale !== scale) throw new RangeError(`P&L and equity of ${o.id} have different scales`);
  const equity = o.equity.values.map((v) => scaledText(v, scale));
  const returns = o.kind === 'firm' ? firmReturns(o.capital, equity) : o.equity.values.map((e, t) => timeWeighted(o.pnl.values[t]!, e, scale));
  const { gross, net } = o.exposure;
  // a group of every PM has the firm's trades: their table and round trips are made once
  let shared = sharedTrades.get(o.trades);
  if (!shared) sharedTrades.set(o.trades, (shared = { table: multiPmTradeTable(o.trades), roundTrips: countRoundTrips(o.trades) }));
  return {
    kind: o.kind, id: o.id, dir: o.dir, title: o.title, meta: o.meta, capital: o.capital, equity, pnl: o.pnl.values.map((v) => scaledNumber(v, scale)), returns, gross, net,
    trades: shared.table, positions: nettedPositions(o.members),
    figures: figuresOf({ ...ctx, capital: o.capital, finalEquity: equity.at(-1) ?? decText(o.capital), equity, returns, gross, net, traded: o.traded, roundTrips: shared.roundTrips, fills: o.trades.length }),
  };
}

const sharedTrades = new WeakMap<readonly BlockTrade[], { table: TradeTable; roundTrips: number }>();

/** rₜ = P&Lₜ / (equityₜ − P&Lₜ) as timeWeightedReturns computes it (returnOf), from scaled integers; pure. */
function timeWeighted(pnl: bigint, equity: bigint, scale: number): number {
  const start = equity - pnl;
  if (start <= 0n) return 0;
  const r = scaledNumber(pnl, scale) / scaledNumber(start, scale);
  return r === 0 ? 0 : r;
}

/** Returns of an equity series without flows, from `initial`; pure. */
function firmReturns(initial: Dec, equity: readonly string[]): number[] {
  let prev = initial;
  return equity.map((e) => {
    const cur = new D(e);
    const r = prev.gt(0) ? cur.minus(prev).div(prev).toNumber() : 0;
    prev = cur;
    return r;
  });
}

/** A strategy's paper run: its portfolio and its exact P&L over the run, in total and by symbol. */
export interface StrategyRun {
  readonly portfolio: Portfolio;
  readonly total: Dec;
  readonly bySymbol: ReadonlyMap<string, Dec>;
}

/**
 * Each strategy of a PM as its own portfolio: its paper book (StrategyLedger) marked every step,
 * on the PM's initial capital (a strategy has no capital of its own). Its daily P&L and equity
 * curve are floats (a notional book: equity.csv to the cent), its total P&L and final equity
 * exact; its trades are the paper trades (target changes reached at the next open); pure.
 */
export function strategyRuns(ctx: LevelContext, pm: PmConfig, bars: readonly ReadonlyMap<string, StepBar>[], signalsByStep: ReadonlyMap<number, readonly StrategyTarget[]>): StrategyRun[] {
  const ledger = new StrategyLedger(pm.strategies.map((s) => s.id));
  const capital = new D(pm.capital);
  const start = capital.toNumber();
  const acc = new Map<string, { pnl: number[]; gross: number[]; net: number[]; trades: (PaperTrade & { date: string })[]; traded: Dec }>();
  ctx.dates.forEach((date, t) => {
    for (const r of ledger.step(bars[t]!, signalsByStep.get(t) ?? [])) {
      let a = acc.get(r.strategyId);
      if (!a) {
        // a strategy first seen late (not in the config) was flat before
        a = { pnl: Array<number>(t).fill(0), gross: Array<number>(t).fill(0), net: Array<number>(t).fill(0), trades: [], traded: ZERO };
        acc.set(r.strategyId, a);
      }
      a.pnl.push(r.pnl);
      a.gross.push(r.gross);
      a.net.push(r.net);
      if (r.trades.length) {
        a.traded = a.traded.plus(r.traded);
        for (const tr of r.trades) a.trades.push({ ...tr, date });
      }
    }
  });
  const totals = new Map(ledger.totals().map((x) => [x.strategyId, x]));
  return [...acc.entries()].map(([id, a]) => {
    let e = start;
    const equity = a.pnl.map((p) => (e += p).toFixed(2));
    const returns = returnsFromPnl(start, a.pnl);
    const total = totals.get(id)!;
    const finalEquity = decText(capital.plus(total.pnl));
    const portfolio: Portfolio = {
      kind: 'strategy', id: `${pm.id}/${id}`, dir: `${pm.id}/strategies/${id}`, title: `Strategy ${id}`, capital, equity, pnl: a.pnl, returns, gross: a.gross, net: a.net,
      trades: { header: ['date', 'symbol', 'side', 'qty', 'price'], rows: a.trades.map((x) => [x.date, x.symbol, x.side, decText(x.qty), decText(x.price)]) },
      positions: [],
      figures: figuresOf({ ...ctx, capital, finalEquity, equity, returns, gross: a.gross, net: a.net, traded: a.traded, roundTrips: a.trades, fills: a.trades.length }),
    };
    return { portfolio, total: total.pnl, bySymbol: total.bySymbol };
  });
}
