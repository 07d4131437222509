import { ZERO, type Dec } from '../money/decimal.js';

/** A symbol's prices of one step. */
export interface StepBar {
  readonly open: Dec;
  readonly close: Dec;
  /** open and close as floats, when the caller has them at hand (else converted) */
  readonly openValue?: number;
  readonly closeValue?: number;
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
  /** P&L of the step as a float (a statistic: returns, charts); the exact total is `totals()` */
  readonly pnl: number;
  /** notional of its paper trades (both sides), exact */
  readonly traded: Dec;
  /** Σ |held × close| and Σ held × close at this close */
  readonly gross: number;
  readonly net: number;
  readonly trades: readonly PaperTrade[];
}

/** A strategy's exact P&L over the steps taken so far, in total and by symbol. */
export interface StrategyTotal {
  readonly strategyId: string;
  readonly pnl: Dec;
  readonly bySymbol: ReadonlyMap<string, Dec>;
}

interface Slot {
  readonly symbol: string;
  held: Dec;
  heldValue: number;
  pending: Dec | undefined;
  /** the last close seen, exact and as a float */
  lastClose: Dec | undefined;
  lastCloseValue: number;
  /** cash the paper trades cost so far (bought negative), exact */
  cash: Dec;
}

const value = (d: Dec, v: number | undefined) => v ?? d.toNumber();

/**
 * Each strategy's own P&L, as if it alone traded its targets: a paper book per strategy that
 * follows the PM's fill convention — a target decided at a step's close is reached at the next
 * step's open (the first one with a bar for the symbol), with no slippage, commission, limits,
 * netting or rounding. What the PM really made beyond the sum of its strategies (costs, netting
 * across strategies, limit clips, denials, cancels, timing) is the PM's residual, reported by
 * the caller as its own bucket, so that attribution always sums exactly.
 *
 * Exact where it must be: `totals()` is each strategy's P&L in decimals — the cash of its paper
 * trades plus what it holds at the last close, which is what the steps' P&L add up to. The P&L
 * of each step is a float (held × price moves), for returns and charts: a paper book is a
 * statistic, and marking it in decimals every step is what would make reports slow.
 *
 * Mutable, owned by one caller; deterministic. Strategies are reported in the order given (an
 * id first seen in a target is appended), symbols sorted.
 */
const NO_TRADES: readonly PaperTrade[] = Object.freeze([]);

/** A strategy's paper book: its slots by symbol, and the same slots in the order they were opened. */
interface Book {
  readonly id: string;
  readonly bySymbol: Map<string, Slot>;
  readonly slots: Slot[];
}

export class StrategyLedger {
  private readonly books = new Map<string, Book>();
  // the books in report order: stepped every step, so kept as an array (no iterator to allocate)
  private readonly order: Book[] = [];

  constructor(strategyIds: readonly string[]) {
    for (const id of strategyIds) this.book(id);
  }

  private book(id: string): Book {
    let b = this.books.get(id);
    if (!b) {
      b = { id, bySymbol: new Map(), slots: [] };
      this.books.set(id, b);
      this.order.push(b);
    }
    return b;
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
    for (const book of this.order) {
      const strategyId = book.id;
      let pnl = 0;
      let traded = ZERO;
      let gross = 0;
      let net = 0;
      let trades: PaperTrade[] | undefined;
      for (const slot of book.slots) {
        const symbol = slot.symbol;
        const bar = bars.get(symbol);
        if (bar) {
          const close = value(bar.close, bar.closeValue);
          if (slot.pending !== undefined && !slot.pending.eq(slot.held)) {
            const open = value(bar.open, bar.openValue);
            if (slot.heldValue !== 0) pnl += slot.heldValue * (open - slot.lastCloseValue);
            const qty = slot.pending.minus(slot.held);
            const notional = qty.times(bar.open);
            (trades ??= []).push({ strategyId, symbol, side: qty.isNeg() ? 'sell' : 'buy', qty: qty.abs(), price: bar.open });
            traded = traded.plus(notional.abs());
            slot.cash = slot.cash.minus(notional);
            slot.held = slot.pending;
            slot.heldValue = slot.held.toNumber();
            pnl += slot.heldValue * (close - open);
          } else if (slot.heldValue !== 0) {
            pnl += slot.heldValue * (close - slot.lastCloseValue);
          }
          slot.pending = undefined;
          slot.lastClose = bar.close;
          slot.lastCloseValue = close;
        }
        if (slot.heldValue !== 0) {
          const v = slot.heldValue * slot.lastCloseValue;
          gross += Math.abs(v);
          net += v;
        }
      }
      out.push({ strategyId, pnl: pnl === 0 ? 0 : pnl, traded, gross, net, trades: trades ?? NO_TRADES });
    }
    for (const t of targets) {
      const book = this.book(t.strategyId);
      let slot = book.bySymbol.get(t.symbol);
      if (!slot) {
        slot = { symbol: t.symbol, held: ZERO, heldValue: 0, pending: undefined, lastClose: undefined, lastCloseValue: 0, cash: ZERO };
        book.bySymbol.set(t.symbol, slot);
        book.slots.push(slot);
      }
      slot.pending = t.targetQty;
    }
    return out;
  }

  /** Each strategy's exact P&L so far: paper trade cash plus holdings at the last close, by symbol (sorted). */
  totals(): StrategyTotal[] {
    return this.order.map(({ id: strategyId, bySymbol: book }) => {
      const bySymbol = new Map<string, Dec>();
      let pnl = ZERO;
      for (const symbol of [...book.keys()].sort()) {
        const slot = book.get(symbol)!;
        const p = slot.lastClose && !slot.held.isZero() ? slot.cash.plus(slot.held.times(slot.lastClose)) : slot.cash;
        if (p.isZero()) continue;
        bySymbol.set(symbol, p);
        pnl = pnl.plus(p);
      }
      return { strategyId, pnl, bySymbol };
    });
  }
}
