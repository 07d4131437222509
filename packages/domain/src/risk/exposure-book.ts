import { D, ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';

interface SymbolState {
  pos: Dec;
  resBuy: Dec;
  resSell: Dec;
  price: Dec;
  /** cached |worst| notional: max(|pos + resBuy|, |pos − resSell|) × price */
  worst: Dec;
  group: string;
}

/** Exposure figures of a book including open reservations. */
export interface Exposure {
  /** Σ over symbols of the larger of |pos + reserved buys| and |pos − reserved sells|, × price */
  readonly gross: Dec;
  /** net if every reserved buy fills and no reserved sell does */
  readonly netHigh: Dec;
  /** net if every reserved sell fills and no reserved buy does */
  readonly netLow: Dec;
}

/** What one more reservation would do to a book, computed without making it. */
export interface WhatIf {
  readonly exposure: Exposure;
  readonly symbolWorst: Dec;
  readonly symbolWorstBefore: Dec;
  /** the symbol's group (sector) total after and before; zero when the book has no groups */
  readonly groupWorst: Dec;
  readonly groupWorstBefore: Dec;
}

/** Worst-case |position| notional of one symbol over every subset of its reservations filling; pure. */
export function worstNotional(pos: Dec, resBuy: Dec, resSell: Dec, price: Dec): Dec {
  return D.max(pos.plus(resBuy).abs(), pos.minus(resSell).abs()).times(price);
}

/**
 * Positions, reserved quantities and prices of one book (the firm's, or one PM's), with the
 * worst-case exposure figures kept incrementally — per symbol, per group (sector) and in total —
 * so that a check costs O(1) in the number of symbols. Whatever subset of the reservations fills,
 * exposure stays within the figures reported. Deterministic and I/O-free; one owner mutates it.
 */
export class ExposureBook {
  private readonly symbols = new Map<string, SymbolState>();
  private readonly groups = new Map<string, Dec>();
  private grossValue: Dec = ZERO;
  private netHighValue: Dec = ZERO;
  private netLowValue: Dec = ZERO;
  private posNetValue: Dec = ZERO;

  /** `groupOf` names a symbol's group (its sector); without it no group totals are kept. */
  constructor(private readonly groupOf?: (symbol: string) => string) {}

  private state(symbol: string): SymbolState {
    let s = this.symbols.get(symbol);
    if (!s) {
      s = { pos: ZERO, resBuy: ZERO, resSell: ZERO, price: ZERO, worst: ZERO, group: this.groupOf?.(symbol) ?? '' };
      this.symbols.set(symbol, s);
    }
    return s;
  }

  /** Applies a change to one symbol, keeping the aggregates in step (any field may change). */
  private update(symbol: string, change: (s: SymbolState) => void): void {
    const s = this.state(symbol);
    this.netHighValue = this.netHighValue.minus(s.pos.plus(s.resBuy).times(s.price));
    this.netLowValue = this.netLowValue.minus(s.pos.minus(s.resSell).times(s.price));
    this.posNetValue = this.posNetValue.minus(s.pos.times(s.price));
    const worstBefore = s.worst;
    change(s);
    this.netHighValue = this.netHighValue.plus(s.pos.plus(s.resBuy).times(s.price));
    this.netLowValue = this.netLowValue.plus(s.pos.minus(s.resSell).times(s.price));
    this.posNetValue = this.posNetValue.plus(s.pos.times(s.price));
    this.rework(s, worstBefore);
  }

  /** Recomputes a symbol's worst case and moves the gross and group totals by the difference. */
  private rework(s: SymbolState, worstBefore: Dec): void {
    s.worst = worstNotional(s.pos, s.resBuy, s.resSell, s.price);
    if (s.worst.eq(worstBefore)) return;
    this.grossValue = this.grossValue.minus(worstBefore).plus(s.worst);
    if (this.groupOf) this.groups.set(s.group, (this.groups.get(s.group) ?? ZERO).minus(worstBefore).plus(s.worst));
  }

  /** Sets the price a symbol is marked and checked at. */
  setPrice(symbol: string, price: Dec): void {
    const cur = this.state(symbol);
    if (cur.resBuy.isZero() && cur.resSell.isZero()) {
      // a position without reservations (every close: reservations are released first) moves
      // all three nets by the same revaluation, and its worst case is |position| × price
      if (!cur.pos.isZero()) {
        const revaluation = cur.pos.times(price.minus(cur.price));
        this.netHighValue = this.netHighValue.plus(revaluation);
        this.netLowValue = this.netLowValue.plus(revaluation);
        this.posNetValue = this.posNetValue.plus(revaluation);
        const worstBefore = cur.worst;
        cur.worst = cur.pos.abs().times(price);
        this.grossValue = this.grossValue.minus(worstBefore).plus(cur.worst);
        if (this.groupOf) this.groups.set(cur.group, (this.groups.get(cur.group) ?? ZERO).minus(worstBefore).plus(cur.worst));
      }
      cur.price = price; // flat symbols contribute nothing: skip the aggregate update
      return;
    }
    this.update(symbol, (s) => {
      s.price = price;
    });
  }

  /** The last price of a symbol; undefined before it has one. */
  price(symbol: string): Dec | undefined {
    const s = this.symbols.get(symbol);
    return s && !s.price.isZero() ? s.price : undefined;
  }

  /** Whether the book has a position or a reservation in the symbol. */
  holds(symbol: string): boolean {
    const s = this.symbols.get(symbol);
    return s !== undefined && !(s.pos.isZero() && s.resBuy.isZero() && s.resSell.isZero());
  }

  /** Changes the position by a signed quantity (a fill). At a fixed price only the changed quantity moves the totals. */
  addPosition(symbol: string, signedQty: Dec): void {
    const s = this.state(symbol);
    const v = signedQty.times(s.price);
    const worstBefore = s.worst;
    s.pos = s.pos.plus(signedQty);
    this.netHighValue = this.netHighValue.plus(v);
    this.netLowValue = this.netLowValue.plus(v);
    this.posNetValue = this.posNetValue.plus(v);
    this.rework(s, worstBefore);
  }

  /** Changes the reserved quantity of one side (positive to reserve, negative to release). */
  addReserved(symbol: string, side: Side, qty: Dec): void {
    const s = this.state(symbol);
    const worstBefore = s.worst;
    if (side === 'buy') {
      s.resBuy = s.resBuy.plus(qty);
      this.netHighValue = this.netHighValue.plus(qty.times(s.price));
    } else {
      s.resSell = s.resSell.plus(qty);
      this.netLowValue = this.netLowValue.minus(qty.times(s.price));
    }
    this.rework(s, worstBefore);
  }

  /** Position, reserved buys and reserved sells of one symbol. */
  symbol(symbol: string): { pos: Dec; resBuy: Dec; resSell: Dec; worst: Dec } {
    const s = this.symbols.get(symbol);
    return s ? { pos: s.pos, resBuy: s.resBuy, resSell: s.resSell, worst: s.worst } : { pos: ZERO, resBuy: ZERO, resSell: ZERO, worst: ZERO };
  }

  /** Exposure including open reservations. */
  exposure(): Exposure {
    return { gross: this.grossValue, netHigh: this.netHighValue, netLow: this.netLowValue };
  }

  /** Worst-case gross of one group (sector), reservations included. */
  groupExposure(group: string): Dec {
    return this.groups.get(group) ?? ZERO;
  }

  /** Worst-case gross per group with any exposure, sorted by group. */
  groupExposures(): { group: string; gross: Dec }[] {
    return [...this.groups.entries()]
      .filter(([, v]) => !v.isZero())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, gross]) => ({ group, gross }));
  }

  /** Σ position × price (no reservations). */
  positionNet(): Dec {
    return this.posNetValue;
  }

  /** Exposure of positions only (no reservations), marked at the last prices. */
  positionExposure(): { gross: Dec; net: Dec } {
    let gross = ZERO;
    let net = ZERO;
    for (const s of this.symbols.values()) {
      if (s.pos.isZero()) continue;
      const v = s.pos.times(s.price);
      gross = gross.plus(v.abs());
      net = net.plus(v);
    }
    return { gross, net };
  }

  /** What exposure would be if one more order were reserved now, without reserving it. */
  whatIf(symbol: string, side: Side, qty: Dec): WhatIf {
    const s = this.state(symbol);
    const resBuy = side === 'buy' ? s.resBuy.plus(qty) : s.resBuy;
    const resSell = side === 'sell' ? s.resSell.plus(qty) : s.resSell;
    const worst = worstNotional(s.pos, resBuy, resSell, s.price);
    const notional = qty.times(s.price);
    const groupBefore = this.groupOf ? this.groupExposure(s.group) : ZERO;
    return {
      exposure: {
        gross: this.grossValue.minus(s.worst).plus(worst),
        netHigh: side === 'buy' ? this.netHighValue.plus(notional) : this.netHighValue,
        netLow: side === 'sell' ? this.netLowValue.minus(notional) : this.netLowValue,
      },
      symbolWorst: worst,
      symbolWorstBefore: s.worst,
      groupWorst: this.groupOf ? groupBefore.minus(s.worst).plus(worst) : ZERO,
      groupWorstBefore: groupBefore,
    };
  }

  /** The group (sector) a symbol counts in; '' when the book keeps no groups. */
  groupOfSymbol(symbol: string): string {
    return this.state(symbol).group;
  }

  /** Net position per symbol (non-zero only), sorted by symbol. */
  positions(): { symbol: string; qty: Dec; price: Dec }[] {
    return [...this.symbols.entries()]
      .filter(([, s]) => !s.pos.isZero())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([symbol, s]) => ({ symbol, qty: s.pos, price: s.price }));
  }

  /** Symbols with a position or a reservation. */
  heldSymbols(): string[] {
    return [...this.symbols.keys()].filter((k) => this.holds(k));
  }
}
