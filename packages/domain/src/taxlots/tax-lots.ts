import { D, ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { TaxLotMethodConfig } from '../config/types.js';
import { daysBetween, termOf, type Term } from './holding-period.js';

/** How a sale picks the lots it relieves. */
export type TaxLotMethod = TaxLotMethodConfig;
export const TAX_LOT_METHODS: readonly TaxLotMethod[] = ['fifo', 'lifo', 'hifo', 'average_cost', 'specific'];

/**
 * An open lot. A long lot's cost is what its shares cost, commission included (qty × price +
 * commission); a short lot has a negative quantity and a negative cost, minus the net proceeds of
 * the short sale (price × shares − commission). So for both, unit cost = cost / qty and the
 * unrealised P&L is qty × mark − cost.
 */
export interface TaxLot {
  /** `<symbol>-<n>`: the n-th lot this account opened in the symbol (deterministic). */
  readonly lotId: string;
  readonly symbol: string;
  /** date of the fill that opened it */
  readonly openDate: string;
  /** signed: negative for a short lot */
  readonly qty: Dec;
  /** signed cost of the open quantity (see above) */
  readonly cost: Dec;
  readonly openFillId: string;
  /** opening order within the account and symbol (the n of the id) */
  readonly seq: number;
}

/**
 * A fill as the tax lots see it. `lotIds` names the lots to relieve first (specific
 * identification); `reserved` names lots other orders not yet filled have named, which a fill
 * that names none relieves only after every other lot.
 */
export interface LotFill {
  readonly fillId: string;
  readonly symbol: string;
  readonly side: Side;
  /** positive */
  readonly qty: Dec;
  readonly price: Dec;
  readonly commission: Dec;
  readonly date: string;
  readonly lotIds?: readonly string[];
  readonly reserved?: readonly string[];
}

/** The part of one lot a fill closed, with its realised P&L. */
export interface RealizedLot {
  /** date of the closing fill */
  readonly date: string;
  readonly symbol: string;
  readonly lotId: string;
  readonly openDate: string;
  /** signed like the lot: negative for a covered short */
  readonly qty: Dec;
  /** signed cost relieved (the lot's cost × qty / lot qty) */
  readonly cost: Dec;
  /** the closing fill's price */
  readonly price: Dec;
  /** signed cash of the close: qty × price − this part's share of the closing commission */
  readonly proceeds: Dec;
  /** proceeds − cost */
  readonly pnl: Dec;
  readonly holdingDays: number;
  readonly term: Term;
  readonly openFillId: string;
  readonly closeFillId: string;
}

interface MutableLot {
  lotId: string;
  symbol: string;
  openDate: string;
  qty: Dec;
  cost: Dec;
  openFillId: string;
  seq: number;
}

/** Unit cost of a lot (a short lot's: its net proceeds per share); pure. */
export function unitCost(lot: { readonly qty: Dec; readonly cost: Dec }): Dec {
  return lot.cost.div(lot.qty);
}

/**
 * Splits `total` in proportion to `weights` (all ≥ 0, not all 0); the last share takes the
 * remainder, so the shares sum to `total` exactly; pure.
 */
export function allocateProRata(total: Dec, weights: readonly Dec[]): Dec[] {
  const sum = weights.reduce((s, w) => s.plus(w), ZERO);
  let given = ZERO;
  return weights.map((w, i) => {
    if (i === weights.length - 1) return total.minus(given);
    const share = sum.isZero() ? ZERO : total.times(w).div(sum);
    given = given.plus(share);
    return share;
  });
}

const bySeq = (a: MutableLot, b: MutableLot) => a.seq - b.seq;

/**
 * The order a closing fill relieves lots in: named lots first (in the order named), then by
 * method, lots reserved for other orders last; pure.
 */
function reliefOrder(lots: readonly MutableLot[], method: TaxLotMethod, lotIds: readonly string[] | undefined, reserved: readonly string[] | undefined): MutableLot[] {
  const named: MutableLot[] = [];
  for (const id of lotIds ?? []) {
    const lot = lots.find((l) => l.lotId === id);
    if (lot && !named.includes(lot)) named.push(lot);
  }
  const rest = lots.filter((l) => !named.includes(l));
  if (method === 'lifo') rest.sort((a, b) => b.seq - a.seq);
  else if (method === 'hifo') {
    // Highest cost first for long lots, ties to the oldest. A short lot's "cost" is its proceeds:
    // the lowest proceeds are covered first, which likewise realises the smallest gain.
    rest.sort((a, b) => {
      const c = unitCost(b).comparedTo(unitCost(a));
      return (a.qty.isNeg() ? -c : c) || a.seq - b.seq;
    });
  } else rest.sort(bySeq); // fifo, average_cost (dates for holding periods), specific without names
  if (!reserved?.length) return [...named, ...rest];
  const held = (l: MutableLot) => reserved.includes(l.lotId);
  return [...named, ...rest.filter((l) => !held(l)), ...rest.filter(held)];
}

/** Gives every lot of a symbol the average unit cost, keeping their total cost exactly; mutates. */
function reaverage(lots: MutableLot[]): void {
  if (lots.length < 2) return;
  const costs = allocateProRata(
    lots.reduce((s, l) => s.plus(l.cost), ZERO),
    lots.map((l) => l.qty.abs()),
  );
  lots.forEach((l, i) => (l.cost = costs[i]!));
}

/**
 * The tax lots of one account: every buy opens a lot, every sell relieves lots by the account's
 * method (a short sale opens a short lot and a buy relieves it the same way). A fill that goes
 * through zero closes every lot and opens one for the rest. Commission is part of the cost of the
 * lot a fill opens and of the proceeds of the lots it closes, in proportion to quantity.
 * Invariant: cost relieved + cost still open = cost of every lot opened, exactly.
 * A view of the same fills as the account's Book: it never changes cash or positions.
 * Deterministic, I/O-free and mutable (one owner actor).
 */
export class TaxLotBook {
  private readonly lots = new Map<string, MutableLot[]>();
  private readonly opened = new Map<string, number>();
  private realizedValue: Dec = ZERO;

  constructor(readonly method: TaxLotMethod) {}

  /** Sum of the realised P&L of every lot closed so far. */
  get realized(): Dec {
    return this.realizedValue;
  }

  /** Applies one fill; returns the lot parts it closed (in relief order) and the lot it opened. */
  applyFill(f: LotFill): { realized: RealizedLot[]; opened?: TaxLot } {
    const signed = f.side === 'buy' ? f.qty : f.qty.neg();
    const lots = this.lots.get(f.symbol) ?? [];
    const closing = lots.length > 0 && lots[0]!.qty.isNeg() !== signed.isNeg();
    const pieces: { lot: MutableLot; qty: Dec }[] = [];
    let rest = f.qty;
    if (closing) {
      if (this.method === 'average_cost') reaverage(lots);
      for (const lot of reliefOrder(lots, this.method, f.lotIds, f.reserved)) {
        if (rest.isZero()) break;
        const qty = lot.qty.abs().lt(rest) ? lot.qty.abs() : rest;
        pieces.push({ lot, qty });
        rest = rest.minus(qty);
      }
    }
    const commissions = allocateProRata(f.commission, [...pieces.map((p) => p.qty), ...(rest.isZero() ? [] : [rest])]);
    const realized = pieces.map(({ lot, qty }, i): RealizedLot => {
      const q = lot.qty.isNeg() ? qty.neg() : qty;
      const cost = q.eq(lot.qty) ? lot.cost : lot.cost.times(qty).div(lot.qty.abs());
      lot.cost = lot.cost.minus(cost);
      lot.qty = lot.qty.minus(q);
      const proceeds = q.times(f.price).minus(commissions[i]!);
      const pnl = proceeds.minus(cost);
      this.realizedValue = this.realizedValue.plus(pnl);
      const holdingDays = daysBetween(lot.openDate, f.date);
      return { date: f.date, symbol: f.symbol, lotId: lot.lotId, openDate: lot.openDate, qty: q, cost, price: f.price, proceeds, pnl, holdingDays, term: termOf(holdingDays), openFillId: lot.openFillId, closeFillId: f.fillId };
    });
    const left = lots.filter((l) => !l.qty.isZero());
    let opened: TaxLot | undefined;
    if (!rest.isZero()) {
      const seq = (this.opened.get(f.symbol) ?? 0) + 1;
      this.opened.set(f.symbol, seq);
      const qty = f.side === 'buy' ? rest : rest.neg();
      const lot: MutableLot = { lotId: `${f.symbol}-${seq}`, symbol: f.symbol, openDate: f.date, qty, cost: qty.times(f.price).plus(commissions.at(-1)!), openFillId: f.fillId, seq };
      opened = { ...lot }; // at its own cost, before average_cost spreads it
      left.push(lot);
      if (this.method === 'average_cost') reaverage(left);
    }
    if (left.length) this.lots.set(f.symbol, left);
    else this.lots.delete(f.symbol);
    return { realized, ...(opened ? { opened } : {}) };
  }

  /**
   * Why a specific-lot instruction cannot be carried out, or undefined when it can: every named
   * lot must exist, be a lot of `symbol` that the order closes (a sell closes long lots, a buy
   * short ones), be named once, and together hold at least `qty` beyond what `claimed` (shares of
   * lots other orders of the same step have named) takes; pure (reads only).
   */
  lotProblem(symbol: string, side: Side, qty: Dec, lotIds: readonly string[], claimed: ReadonlyMap<string, Dec> = new Map()): string | undefined {
    if (lotIds.length === 0) return undefined;
    const own = this.lots.get(symbol) ?? [];
    const all = [...this.lots.values()].flat();
    const seen = new Set<string>();
    let held = ZERO;
    for (const id of lotIds) {
      if (seen.has(id)) return `lot ${id} is named twice`;
      seen.add(id);
      const lot = all.find((l) => l.lotId === id);
      if (!lot) return `lot ${id} does not exist (open lots in ${symbol}: ${own.map((l) => l.lotId).join(', ') || 'none'})`;
      if (lot.symbol !== symbol) return `lot ${id} is a lot of ${lot.symbol}, not of ${symbol}`;
      if (lot.qty.isNeg() === (side === 'sell')) return `lot ${id} is a ${lot.qty.isNeg() ? 'short' : 'long'} lot: a ${side} does not close it`;
      held = held.plus(D.max(lot.qty.abs().minus(claimed.get(id) ?? ZERO), ZERO));
    }
    const taken = lotIds.some((id) => claimed.has(id)) ? ' not already named by another order of this step' : '';
    if (held.lt(qty)) return `the named lots (${lotIds.join(', ')}) hold ${held.toString()} shares${taken}, fewer than the ${qty.toString()} to ${side}`;
    return undefined;
  }

  /**
   * The shares of each named lot an order of `qty` takes, in the order named, beyond what
   * `claimed` already takes (see lotProblem, which says whether they suffice); pure (reads only).
   */
  namedShares(qty: Dec, lotIds: readonly string[], claimed: ReadonlyMap<string, Dec> = new Map()): [string, Dec][] {
    const all = [...this.lots.values()].flat();
    const out: [string, Dec][] = [];
    let rest = qty;
    for (const id of lotIds) {
      const lot = all.find((l) => l.lotId === id);
      if (!lot || rest.isZero()) continue;
      const take = D.min(D.max(lot.qty.abs().minus(claimed.get(id) ?? ZERO), ZERO), rest);
      out.push([id, take]);
      rest = rest.minus(take);
    }
    return out;
  }

  /** Open lots, by symbol then opening order (copies). */
  openLots(): TaxLot[] {
    return [...this.lots.keys()].sort().flatMap((s) => this.lots.get(s)!.map((l) => ({ ...l })));
  }

  /** Signed quantity of the open lots of a symbol (equals the Book's position). */
  qty(symbol: string): Dec {
    return (this.lots.get(symbol) ?? []).reduce((s, l) => s.plus(l.qty), ZERO);
  }

  /** Σ qty × mark − cost over open lots; a symbol without a mark counts at its cost (0). */
  unrealized(mark: (symbol: string) => Dec | undefined): Dec {
    let v = ZERO;
    for (const [symbol, lots] of this.lots) {
      const p = mark(symbol);
      if (!p) continue;
      for (const l of lots) v = v.plus(l.qty.times(p).minus(l.cost));
    }
    return v;
  }
}
