import { D, ZERO, decText, type Dec } from '../money/decimal.js';

export type Side = 'buy' | 'sell';

/** A fill as the book sees it: signed by side, price after slippage, commission in money. */
export interface BookFill {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly price: Dec;
  readonly commission: Dec;
}

/** An open position: signed quantity and the cost basis of that quantity. */
export interface Holding {
  readonly symbol: string;
  readonly qty: Dec;
  /** average cost per share of the open quantity (0 when flat) */
  readonly avgPrice: Dec;
  readonly lastPrice: Dec;
  readonly marketValue: Dec;
}

interface MutableHolding {
  qty: Dec;
  cost: Dec; // signed cost basis: qty * avg price
  last: Dec;
}

/**
 * Positions, cash and realised P&L of one portfolio (an account, a PM or the firm), updated by
 * fills and marked at closes. Deterministic and I/O-free; mutable by design (one owner actor).
 * Equity = cash + Σ qty × last price.
 */
export class Book {
  private readonly holdings = new Map<string, MutableHolding>();
  private cashValue: Dec;
  private realizedValue: Dec = ZERO;
  private commissionsValue: Dec = ZERO;
  private fillCount = 0;
  private roundTripCount = 0;

  constructor(initialCash: Dec) {
    this.cashValue = initialCash;
  }

  get cash(): Dec {
    return this.cashValue;
  }
  get realized(): Dec {
    return this.realizedValue;
  }
  get commissions(): Dec {
    return this.commissionsValue;
  }
  get fills(): number {
    return this.fillCount;
  }
  /** Closed trades: a position returning to flat, or flipping sign (closes one, opens one). */
  get roundTrips(): number {
    return this.roundTripCount;
  }

  /** The price `symbol` was last marked or filled at (undefined when not held). */
  lastPrice(symbol: string): Dec | undefined {
    return this.holdings.get(symbol)?.last;
  }

  /** Signed quantity held in `symbol` (0 when none). */
  qty(symbol: string): Dec {
    return this.holdings.get(symbol)?.qty ?? ZERO;
  }

  /** Applies one fill: moves cash, updates quantity, cost basis, realised P&L and round trips. */
  applyFill(f: BookFill): void {
    const signed = f.side === 'buy' ? f.qty : f.qty.neg();
    const h = this.holdings.get(f.symbol) ?? { qty: ZERO, cost: ZERO, last: f.price };
    const before = h.qty;
    const after = before.plus(signed);
    this.cashValue = this.cashValue.minus(signed.times(f.price)).minus(f.commission);
    this.commissionsValue = this.commissionsValue.plus(f.commission);
    this.fillCount += 1;

    if (before.isZero() || before.isNeg() === signed.isNeg()) {
      // opening or adding: cost grows by the traded notional
      h.cost = h.cost.plus(signed.times(f.price));
    } else {
      // reducing, closing or flipping: realise P&L on the closed part at the average cost
      const closed = D.min(before.abs(), f.qty);
      const avg = h.cost.div(before);
      const closedSigned = before.isNeg() ? closed.neg() : closed;
      this.realizedValue = this.realizedValue.plus(closedSigned.times(f.price.minus(avg)));
      if (after.isZero() || after.isNeg() !== before.isNeg()) {
        this.roundTripCount += 1;
        h.cost = after.isZero() ? ZERO : after.times(f.price);
      } else {
        h.cost = avg.times(after);
      }
    }
    h.qty = after;
    h.last = f.price;
    if (after.isZero()) this.holdings.delete(f.symbol);
    else this.holdings.set(f.symbol, h);
  }

  /** Marks held symbols at the given closes (symbols without a price keep their last mark). */
  mark(close: (symbol: string) => Dec | undefined): void {
    for (const [symbol, h] of this.holdings) {
      const p = close(symbol);
      if (p) h.last = p;
    }
  }

  /** Moves cash in or out without a trade (a capital flow). */
  addCash(amount: Dec): void {
    this.cashValue = this.cashValue.plus(amount);
  }

  /** Market value of all positions at their last marks. */
  marketValue(): Dec {
    let v = ZERO;
    for (const h of this.holdings.values()) v = v.plus(h.qty.times(h.last));
    return v;
  }

  /** cash + market value */
  equity(): Dec {
    return this.cashValue.plus(this.marketValue());
  }

  /** Σ |qty × last| */
  gross(): Dec {
    return this.exposure().gross;
  }

  /** Gross (Σ |qty × last|) and net (Σ qty × last) in one pass over the positions. */
  exposure(): { gross: Dec; net: Dec } {
    let gross = ZERO;
    let net = ZERO;
    for (const h of this.holdings.values()) {
      const v = h.qty.times(h.last);
      gross = gross.plus(v.abs());
      net = net.plus(v);
    }
    return { gross, net };
  }

  /** Σ qty × last */
  net(): Dec {
    return this.marketValue();
  }

  /** Unrealised P&L of open positions at their last marks. */
  unrealized(): Dec {
    let v = ZERO;
    for (const h of this.holdings.values()) v = v.plus(h.qty.times(h.last).minus(h.cost));
    return v;
  }

  /** Open positions sorted by symbol. */
  holdingsList(): Holding[] {
    return this.holdingsOf(this.holdings.keys());
  }

  /** The positions in `symbols`, sorted by symbol; a symbol not held comes flat (quantity, prices and value 0). */
  holdingsOf(symbols: Iterable<string>): Holding[] {
    return [...symbols]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((symbol) => {
        const h = this.holdings.get(symbol);
        if (!h) return { symbol, qty: ZERO, avgPrice: ZERO, lastPrice: ZERO, marketValue: ZERO };
        return { symbol, qty: h.qty, avgPrice: h.cost.div(h.qty), lastPrice: h.last, marketValue: h.qty.times(h.last) };
      });
  }

  /** Symbols with an open position. */
  symbols(): string[] {
    return [...this.holdings.keys()];
  }
}

/** Wire/report text of a holding; pure. */
export function holdingText(h: Holding): { symbol: string; qty: string; avgPrice: string; lastPrice: string; marketValue: string } {
  return { symbol: h.symbol, qty: decText(h.qty), avgPrice: decText(h.avgPrice), lastPrice: decText(h.lastPrice), marketValue: decText(h.marketValue) };
}
