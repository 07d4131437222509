import { D, ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';

interface SymbolState {
  pos: Dec;
  resBuy: Dec;
  resSell: Dec;
  price: Dec;
  /** cached |worst| notional: max(|pos + resBuy|, |pos − resSell|) × price */
  worst: Dec;
}

/** One open reservation: an approved block order not yet filled or released. */
export interface Reservation {
  readonly orderId: string;
  readonly pmId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly step: number;
}

/** Exposure figures of the book including open reservations. */
export interface Exposure {
  /** Σ over symbols of the larger of |pos + reserved buys| and |pos − reserved sells|, × price */
  readonly gross: Dec;
  /** net if every reserved buy fills and no reserved sell does */
  readonly netHigh: Dec;
  /** net if every reserved sell fills and no reserved buy does */
  readonly netLow: Dec;
}

/**
 * The firm book master-risk owns: net position per symbol across all PMs, open reservations and
 * the last price. Exposure is kept incrementally so a check is O(1) in the number of symbols.
 * Worst-case semantics: whichever subset of open reservations fills, exposure stays within the
 * figures reported here, so approving against them can never let a limit be crossed by fills.
 * Deterministic and I/O-free; one owner (the master-risk actor) mutates it.
 */
export class FirmBook {
  private readonly symbols = new Map<string, SymbolState>();
  private readonly open = new Map<string, Reservation>();
  private grossValue: Dec = ZERO;
  private netHighValue: Dec = ZERO;
  private netLowValue: Dec = ZERO;

  private state(symbol: string): SymbolState {
    let s = this.symbols.get(symbol);
    if (!s) {
      s = { pos: ZERO, resBuy: ZERO, resSell: ZERO, price: ZERO, worst: ZERO };
      this.symbols.set(symbol, s);
    }
    return s;
  }

  private static worstOf(s: { pos: Dec; resBuy: Dec; resSell: Dec; price: Dec }): Dec {
    return D.max(s.pos.plus(s.resBuy).abs(), s.pos.minus(s.resSell).abs()).times(s.price);
  }

  /** Applies a change to one symbol, keeping the aggregates in step. */
  private update(symbol: string, change: (s: SymbolState) => void): void {
    const s = this.state(symbol);
    this.grossValue = this.grossValue.minus(s.worst);
    this.netHighValue = this.netHighValue.minus(s.pos.plus(s.resBuy).times(s.price));
    this.netLowValue = this.netLowValue.minus(s.pos.minus(s.resSell).times(s.price));
    change(s);
    s.worst = FirmBook.worstOf(s);
    this.grossValue = this.grossValue.plus(s.worst);
    this.netHighValue = this.netHighValue.plus(s.pos.plus(s.resBuy).times(s.price));
    this.netLowValue = this.netLowValue.plus(s.pos.minus(s.resSell).times(s.price));
  }

  /** Sets the price a symbol is marked and checked at. */
  setPrice(symbol: string, price: Dec): void {
    const cur = this.state(symbol);
    if (cur.pos.isZero() && cur.resBuy.isZero() && cur.resSell.isZero()) {
      cur.price = price; // flat symbols contribute nothing: skip the aggregate update
      return;
    }
    this.update(symbol, (s) => {
      s.price = price;
    });
  }

  price(symbol: string): Dec | undefined {
    const s = this.symbols.get(symbol);
    return s && !s.price.isZero() ? s.price : undefined;
  }

  /** Applies a fill to the firm position. */
  applyFill(symbol: string, side: Side, qty: Dec): void {
    this.update(symbol, (s) => {
      s.pos = side === 'buy' ? s.pos.plus(qty) : s.pos.minus(qty);
    });
  }

  /** Records an approved order's reservation. */
  reserve(r: Reservation): void {
    this.open.set(r.orderId, r);
    this.update(r.symbol, (s) => {
      if (r.side === 'buy') s.resBuy = s.resBuy.plus(r.qty);
      else s.resSell = s.resSell.plus(r.qty);
    });
  }

  /** Releases one reservation (filled, canceled or denied downstream); unknown ids are ignored. */
  release(orderId: string): void {
    const r = this.open.get(orderId);
    if (!r) return;
    this.open.delete(orderId);
    this.update(r.symbol, (s) => {
      if (r.side === 'buy') s.resBuy = s.resBuy.minus(r.qty);
      else s.resSell = s.resSell.minus(r.qty);
    });
  }

  /** Releases every reservation made on or before `step` (end of step). */
  releaseThrough(step: number): number {
    let n = 0;
    for (const r of [...this.open.values()]) {
      if (r.step <= step) {
        this.release(r.orderId);
        n += 1;
      }
    }
    return n;
  }

  get openReservations(): number {
    return this.open.size;
  }

  /** Exposure including open reservations. */
  exposure(): Exposure {
    return { gross: this.grossValue, netHigh: this.netHighValue, netLow: this.netLowValue };
  }

  /** Exposure of positions only (no reservations), marked at the last prices. */
  positionExposure(): { gross: Dec; net: Dec } {
    let gross = ZERO;
    let net = ZERO;
    for (const s of this.symbols.values()) {
      const v = s.pos.times(s.price);
      gross = gross.plus(v.abs());
      net = net.plus(v);
    }
    return { gross, net };
  }

  /** What exposure would be if `order` were reserved now, without reserving it. */
  whatIf(symbol: string, side: Side, qty: Dec): { exposure: Exposure; symbolWorst: Dec; symbolWorstBefore: Dec } {
    const s = this.state(symbol);
    const next = { pos: s.pos, resBuy: side === 'buy' ? s.resBuy.plus(qty) : s.resBuy, resSell: side === 'sell' ? s.resSell.plus(qty) : s.resSell, price: s.price };
    const worst = FirmBook.worstOf(next);
    const notional = qty.times(s.price);
    return {
      exposure: {
        gross: this.grossValue.minus(s.worst).plus(worst),
        netHigh: side === 'buy' ? this.netHighValue.plus(notional) : this.netHighValue,
        netLow: side === 'sell' ? this.netLowValue.minus(notional) : this.netLowValue,
      },
      symbolWorst: worst,
      symbolWorstBefore: s.worst,
    };
  }

  /** Net position per symbol (non-zero only), sorted by symbol. */
  positions(): { symbol: string; qty: Dec; price: Dec }[] {
    return [...this.symbols.entries()]
      .filter(([, s]) => !s.pos.isZero())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([symbol, s]) => ({ symbol, qty: s.pos, price: s.price }));
  }
}
