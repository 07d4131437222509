import { ZERO, type Dec } from '../money/decimal.js';

/** A symbol's prices of one step. */
export interface StepBar {
  readonly open: Dec;
  readonly close: Dec;
}

/** A strategy's target for a symbol changed (a PM's signal). */
export interface StrategyTarget {
  readonly strategyId: string;
  readonly symbol: string;
  /** signed shares the strategy wants to hold */
  readonly targetQty: Dec;
}

/** A paper trade: a strategy moving to its target at a step's open. */
export interface PaperTrade {
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Dec;
  readonly price: Dec;
}

/** What one strategy's paper book did in one step. */
export interface StrategyStep {
  readonly strategyId: string;
  readonly pnl: Dec;
  readonly pnlBySymbol: ReadonlyMap<string, Dec>;
  /** notional of its paper trades (both sides) */
  readonly traded: Dec;
  /** Σ |held × close| and Σ held × close at this close */
  readonly gross: Dec;
  readonly net: Dec;
  readonly trades: readonly PaperTrade[];
}

interface Slot {
  held: Dec;
  pending: Dec | undefined;
  lastClose: Dec | undefined;
}

/**
 * Each strategy's own P&L, as if it alone traded its targets: a paper book per strategy that
 * follows the PM's fill convention — a target decided at a step's close is reached at the next
 * step's open (the first one with a bar for the symbol), with no slippage, commission, limits,
 * netting or rounding. Its P&L is exact (decimal): held × (open − last close) for the overnight
 * part and new held × (close − open) for the day. What the PM really made beyond the sum of its
 * strategies (costs, netting across strategies, limit clips, denials, cancels, timing) is the
 * PM's residual, reported as its own bucket by the caller, so attribution always sums exactly.
 *
 * Mutable, owned by one caller; deterministic. Strategies are reported in the order given (an
 * id first seen in a target is appended), symbols sorted.
 */
export class StrategyLedger {
  private readonly books = new Map<string, Map<string, Slot>>();

  constructor(strategyIds: readonly string[]) {
    for (const id of strategyIds) this.books.set(id, new Map());
  }

  /** Ids in report order. */
  ids(): string[] {
    return [...this.books.keys()];
  }

  /**
   * One step: first the step's bars move every paper position (reaching pending targets at the
   * open), then `targets` decided at this step's close become pending. Returns one entry per
   * strategy.
   */
  step(bars: ReadonlyMap<string, StepBar>, targets: readonly StrategyTarget[]): StrategyStep[] {
    const out: StrategyStep[] = [];
    for (const [strategyId, book] of this.books) {
      let pnl = ZERO;
      let traded = ZERO;
      let gross = ZERO;
      let net = ZERO;
      const pnlBySymbol = new Map<string, Dec>();
      const trades: PaperTrade[] = [];
      for (const symbol of [...book.keys()].sort()) {
        const slot = book.get(symbol)!;
        const bar = bars.get(symbol);
        if (bar) {
          let p = slot.lastClose && !slot.held.isZero() ? slot.held.times(bar.open.minus(slot.lastClose)) : ZERO;
          if (slot.pending !== undefined && !slot.pending.eq(slot.held)) {
            const qty = slot.pending.minus(slot.held);
            trades.push({ strategyId, symbol, side: qty.isNeg() ? 'sell' : 'buy', qty: qty.abs(), price: bar.open });
            traded = traded.plus(qty.abs().times(bar.open));
            slot.held = slot.pending;
          }
          slot.pending = undefined;
          p = p.plus(slot.held.times(bar.close.minus(bar.open)));
          slot.lastClose = bar.close;
          if (!p.isZero()) pnlBySymbol.set(symbol, p);
          pnl = pnl.plus(p);
        }
        if (slot.lastClose && !slot.held.isZero()) {
          const v = slot.held.times(slot.lastClose);
          gross = gross.plus(v.abs());
          net = net.plus(v);
        }
      }
      out.push({ strategyId, pnl, pnlBySymbol, traded, gross, net, trades });
    }
    for (const t of targets) {
      let book = this.books.get(t.strategyId);
      if (!book) this.books.set(t.strategyId, (book = new Map()));
      const slot = book.get(t.symbol) ?? { held: ZERO, pending: undefined, lastClose: undefined };
      slot.pending = t.targetQty;
      book.set(t.symbol, slot);
    }
    return out;
  }
}
