import { D, ZERO, decText, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import { AccountPositions } from './account-positions.js';
import type { PlanInput, PlannedOrder, PmAdjustment } from './plan-orders.js';
import type { StrategyOrder } from './strategy-book.js';

/** A blotter row as a block order: sent once, for its strategy (and its one account, if directed). */
export interface BlotterBlockOrder extends PlannedOrder {
  readonly strategyId: string;
  /** the one account it is for; absent: split across the PM's accounts */
  readonly account?: string;
  /** lots it closes (specific identification); empty when none were named */
  readonly lotIds: readonly string[];
}

const HUNDRED = new D(100);
const clamp = (x: Dec, lo: Dec, hi: Dec) => D.min(D.max(x, lo), hi);
const signed = (side: Side, qty: Dec) => (side === 'buy' ? qty : qty.neg());

/**
 * How much of one order the PM's own limits let through, given the PM's position in its symbol
 * (its book, plus the orders already planned this step): `max_position_pct` of equity caps the
 * position the order would leave; in REDUCING only an order toward flat (never through it)
 * passes, in HALTED none. An order is only ever cut, never grown or turned around. Returns the
 * signed quantity allowed and, when that is not all of it, the adjustment that says why. Pure.
 */
export function limitOrder(
  order: { readonly symbol: string; readonly side: Side; readonly qty: Dec },
  position: Dec,
  ctx: Pick<PlanInput, 'price' | 'equity' | 'limits' | 'state' | 'stateReason'>,
): { allowed: Dec; adjustment?: PmAdjustment } {
  const wanted = signed(order.side, order.qty);
  const [lo, hi] = wanted.isNeg() ? [wanted, ZERO] : [ZERO, wanted];
  let allowed = wanted;
  let why: Pick<PmAdjustment, 'reason' | 'message'> | undefined;
  const price = ctx.price(order.symbol);
  const cap = ctx.limits.maxPositionPct;
  if (cap && price && price.gt(0) && ctx.equity.gt(0)) {
    const maxQty = ctx.equity.times(cap).div(HUNDRED).div(price).floor();
    const after = position.plus(wanted);
    if (after.abs().gt(maxQty) && after.abs().gt(position.abs())) {
      allowed = clamp((after.isNeg() ? maxQty.neg() : maxQty).minus(position), lo, hi);
      why = { reason: 'PM_MAX_POSITION', message: `order ${decText(wanted)} ${order.symbol} would leave a position of ${decText(after)}, over ${decText(maxQty)} (max_position_pct ${decText(cap)}% of equity): ${allowed.isZero() ? 'withheld' : `cut to ${decText(allowed)}`}` };
    }
  }
  if (ctx.state !== 'ACTIVE' && !allowed.isZero()) {
    const reducing = !position.isZero() && allowed.isNeg() !== position.isNeg();
    const next = ctx.state === 'HALTED' || !reducing ? ZERO : allowed.abs().gt(position.abs()) ? position.neg() : allowed;
    if (!next.eq(allowed)) {
      why = { reason: ctx.stateReason ?? (ctx.state === 'HALTED' ? 'PM_HALTED' : 'PM_REDUCING'), message: `PM is ${ctx.state}: order ${decText(wanted)} ${order.symbol} ${next.isZero() ? 'withheld' : `cut to ${decText(next)}`} (only orders that reduce exposure pass)` };
      allowed = next;
    }
  }
  return why ? { allowed, adjustment: { symbol: order.symbol, ...why, wanted, allowed } } : { allowed };
}

/**
 * What a PM holds on behalf of its blotters (scheduled_orders), per blotter: the positions built
 * by the fills of the block orders each sent. The PM's target strategies trade the rest of its
 * book, so neither undoes the other. Deterministic, I/O-free, mutable (one owner).
 */
export class BlotterSleeves {
  private readonly orders = new Map<string, string>();
  private readonly positions = new AccountPositions();
  /** the same fills by account: what each account holds for the blotters */
  private readonly byAccount = new AccountPositions();

  /** Remembers that block order `orderId` was sent for blotter `strategyId`. */
  register(orderId: string, strategyId: string): void {
    this.orders.set(orderId, strategyId);
  }

  /** Applies a fill if it belongs to a blotter's order; true when it did. */
  applyFill(f: { readonly parentId: string; readonly accountId?: string; readonly symbol: string; readonly side: Side; readonly qty: Dec }): boolean {
    const strategyId = this.orders.get(f.parentId);
    if (strategyId === undefined) return false;
    this.positions.apply(strategyId, f.symbol, f.side, f.qty);
    if (f.accountId !== undefined) this.byAccount.apply(f.accountId, f.symbol, f.side, f.qty);
    return true;
  }

  /** Whether block order `orderId` was sent for a blotter. */
  sentFor(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  /** What `account` holds in `symbol` from the blotters' fills (0 when none). */
  accountQty(account: string, symbol: string): Dec {
    return this.byAccount.qty(account, symbol);
  }

  /** Σ over blotters of the quantity in `symbol`. */
  total(symbol: string): Dec {
    return this.positions.total(symbol);
  }

  /** The quantity blotter `strategyId` built in `symbol`. */
  qty(strategyId: string, symbol: string): Dec {
    return this.positions.qty(strategyId, symbol);
  }
}

/**
 * The block orders of the blotter rows decided this step: one per row, in the order given, each
 * after the PM's limits (limitOrder) on the PM's position as `position` gives it plus the rows
 * before it. A row the limits cut or withhold is reported as an adjustment; the rest of it is
 * never sent later (a blotter row is an order, not a target). Pure.
 */
export function planBlotterOrders(
  rows: readonly StrategyOrder[],
  ctx: Pick<PlanInput, 'price' | 'equity' | 'limits' | 'state' | 'stateReason' | 'position'>,
): { orders: BlotterBlockOrder[]; adjustments: PmAdjustment[] } {
  const orders: BlotterBlockOrder[] = [];
  const adjustments: PmAdjustment[] = [];
  const planned = new Map<string, Dec>();
  for (const row of rows) {
    const price = ctx.price(row.symbol);
    if (!price || price.lte(0)) {
      adjustments.push({ symbol: row.symbol, reason: 'NO_MARKET', message: `no close for ${row.symbol} on this step: order ${row.side} ${decText(row.qty)} withheld`, wanted: signed(row.side, row.qty), allowed: ZERO });
      continue;
    }
    const position = ctx.position(row.symbol).plus(planned.get(row.symbol) ?? ZERO);
    const { allowed, adjustment } = limitOrder(row, position, ctx);
    if (adjustment) adjustments.push(adjustment);
    if (allowed.isZero()) continue;
    planned.set(row.symbol, (planned.get(row.symbol) ?? ZERO).plus(allowed));
    orders.push({
      symbol: row.symbol,
      side: row.side,
      qty: allowed.abs(),
      refPrice: price,
      strategyId: row.strategyId,
      ...(row.account !== undefined ? { account: row.account } : {}),
      lotIds: row.lotIds,
    });
  }
  return { orders, adjustments };
}
