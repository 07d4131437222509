import { ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import { ExposureBook, type Exposure, type WhatIf } from './exposure-book.js';

export type { Exposure, WhatIf } from './exposure-book.js';

const openKey = (pmId: string, orderId: string) => `${pmId}\u0000${orderId}`;

/** One open reservation: an approved block order not yet filled or released. */
export interface Reservation {
  readonly orderId: string;
  readonly pmId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly step: number;
}

/** Where a fill came from and what it cost (for per-PM books and firm cash). */
export interface FillSource {
  readonly pmId?: string;
  readonly price?: Dec;
  readonly commission?: Dec;
}

/** Thrown when an order id would be reserved twice (the caller must deny a duplicate first). */
export class DuplicateReservationError extends Error {
  constructor(readonly pmId: string, readonly orderId: string) {
    super(`order ${JSON.stringify(orderId)} of PM ${pmId} already has an open reservation`);
    this.name = 'DuplicateReservationError';
  }
}

/** How a firm book is set up: its sector map and its starting cash. */
export interface FirmBookOptions {
  /** names a symbol's sector: sector totals are kept when given */
  readonly sectorOf?: (symbol: string) => string;
  /** firm capital: the starting cash of equity() */
  readonly capital?: Dec;
}

/**
 * The firm book master-risk owns: net position per symbol across all PMs and per PM, open
 * reservations, the last prices, and the firm's cash. Exposure is kept incrementally (firm,
 * sector and PM totals) so a check is O(1) in the number of symbols. Worst-case semantics:
 * whichever subset of open reservations fills, exposure stays within the figures reported here,
 * so approving against them can never let a limit be crossed by fills.
 * Deterministic and I/O-free; one owner (the master-risk actor) mutates it.
 */
export class FirmBook {
  private readonly firm: ExposureBook;
  private readonly pms = new Map<string, ExposureBook>();
  /** open reservations by PM and order id (order ids are the PM's own: two PMs may use the same) */
  private readonly open = new Map<string, Reservation>();
  private readonly openByPm = new Map<string, number>();
  private cash: Dec;

  constructor(opts: FirmBookOptions = {}) {
    this.firm = new ExposureBook(opts.sectorOf);
    this.cash = opts.capital ?? ZERO;
  }

  /** A PM's book with the symbol's price in step with the firm's (PM books learn prices lazily). */
  private pm(pmId: string, symbol?: string): ExposureBook {
    let b = this.pms.get(pmId);
    if (!b) {
      b = new ExposureBook();
      this.pms.set(pmId, b);
    }
    if (symbol !== undefined) {
      const p = this.firm.price(symbol);
      if (p && !p.eq(b.price(symbol) ?? ZERO)) b.setPrice(symbol, p);
    }
    return b;
  }

  /** Sets the price a symbol is marked and checked at (in the firm book and every PM book holding it). */
  setPrice(symbol: string, price: Dec): void {
    this.firm.setPrice(symbol, price);
    for (const b of this.pms.values()) if (b.holds(symbol)) b.setPrice(symbol, price);
  }

  price(symbol: string): Dec | undefined {
    return this.firm.price(symbol);
  }

  /** Applies a fill to the firm position (and the PM's and the cash, when the fill says whose and at what price). */
  applyFill(symbol: string, side: Side, qty: Dec, from: FillSource = {}): void {
    const signed = side === 'buy' ? qty : qty.neg();
    this.firm.addPosition(symbol, signed);
    if (from.pmId !== undefined) this.pm(from.pmId, symbol).addPosition(symbol, signed);
    if (from.price) this.cash = this.cash.minus(signed.times(from.price));
    if (from.commission) this.cash = this.cash.minus(from.commission);
  }

  /** True when the PM's order id has an open reservation (an approval this step). */
  isOpen(pmId: string, orderId: string): boolean {
    return this.open.has(openKey(pmId, orderId));
  }

  /** Records an approved order's reservation; an id the PM already has open throws DuplicateReservationError. */
  reserve(r: Reservation): void {
    const k = openKey(r.pmId, r.orderId);
    if (this.open.has(k)) throw new DuplicateReservationError(r.pmId, r.orderId);
    this.open.set(k, r);
    this.openByPm.set(r.pmId, (this.openByPm.get(r.pmId) ?? 0) + 1);
    this.firm.addReserved(r.symbol, r.side, r.qty);
    this.pm(r.pmId, r.symbol).addReserved(r.symbol, r.side, r.qty);
  }

  /** Releases one reservation of a PM (filled, canceled or denied downstream); unknown ids are ignored. */
  release(pmId: string, orderId: string): void {
    const k = openKey(pmId, orderId);
    const r = this.open.get(k);
    if (!r) return;
    this.open.delete(k);
    this.openByPm.set(r.pmId, (this.openByPm.get(r.pmId) ?? 1) - 1);
    this.firm.addReserved(r.symbol, r.side, r.qty.neg());
    this.pm(r.pmId, r.symbol).addReserved(r.symbol, r.side, r.qty.neg());
  }

  /** Releases every reservation made on or before `step` (end of step). */
  releaseThrough(step: number): number {
    let n = 0;
    for (const r of [...this.open.values()]) {
      if (r.step <= step) {
        this.release(r.pmId, r.orderId);
        n += 1;
      }
    }
    return n;
  }

  get openReservations(): number {
    return this.open.size;
  }

  /** Open reservations of one PM (its approvals this step, since reservations end with the step). */
  openOrders(pmId: string): number {
    return this.openByPm.get(pmId) ?? 0;
  }

  /** Quantity reserved in a symbol by every PM, buys plus sells. */
  reservedQty(symbol: string): Dec {
    const s = this.firm.symbol(symbol);
    return s.resBuy.plus(s.resSell);
  }

  /** Firm exposure including open reservations. */
  exposure(): Exposure {
    return this.firm.exposure();
  }

  /** Firm exposure of positions only (no reservations), marked at the last prices. */
  positionExposure(): { gross: Dec; net: Dec } {
    return this.firm.positionExposure();
  }

  /** What firm exposure would be if an order were reserved now, without reserving it. */
  whatIf(symbol: string, side: Side, qty: Dec): WhatIf {
    return this.firm.whatIf(symbol, side, qty);
  }

  /** Firm position and reservations in one symbol. */
  symbol(symbol: string): { pos: Dec; resBuy: Dec; resSell: Dec; worst: Dec } {
    return this.firm.symbol(symbol);
  }

  /** The sector a symbol counts in ('' without a sector map). */
  sectorOf(symbol: string): string {
    return this.firm.groupOfSymbol(symbol);
  }

  /** Worst-case gross per sector with any exposure, sorted. */
  sectorExposures(): { group: string; gross: Dec }[] {
    return this.firm.groupExposures();
  }

  /** A PM's exposure including its open reservations. */
  pmExposure(pmId: string): Exposure {
    return this.pms.get(pmId)?.exposure() ?? { gross: ZERO, netHigh: ZERO, netLow: ZERO };
  }

  /** A PM's position and reservations in one symbol. */
  pmSymbol(pmId: string, symbol: string): { pos: Dec; resBuy: Dec; resSell: Dec; worst: Dec } {
    return this.pm(pmId, symbol).symbol(symbol);
  }

  /** What a PM's exposure would be with one more order reserved. */
  pmWhatIf(pmId: string, symbol: string, side: Side, qty: Dec): WhatIf {
    return this.pm(pmId, symbol).whatIf(symbol, side, qty);
  }

  /** A PM's positions (non-zero, sorted) and position exposure, marked at the last prices. */
  pmPositions(pmId: string): { positions: { symbol: string; qty: Dec; price: Dec }[]; gross: Dec; net: Dec } {
    const b = this.pms.get(pmId);
    if (!b) return { positions: [], gross: ZERO, net: ZERO };
    return { positions: b.positions(), ...b.positionExposure() };
  }

  /** Firm equity: capital (the starting cash) plus the P&L of every fill, marked at the last prices. */
  equity(): Dec {
    return this.cash.plus(this.firm.positionNet());
  }

  /** Net position per symbol (non-zero only), sorted by symbol. */
  positions(): { symbol: string; qty: Dec; price: Dec }[] {
    return this.firm.positions();
  }
}
