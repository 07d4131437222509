import type { Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import { AccountPositions } from './account-positions.js';
import { planBlockOrders, type PlanInput, type PlannedOrder, type PmAdjustment } from './plan-orders.js';

/** A block order for one account only (from a scheduled_orders strategy with `params.account`). */
export interface DirectedOrder extends PlannedOrder {
  readonly account: string;
  /** lots the order closes first (specific identification); empty when none were named */
  readonly lotIds: readonly string[];
}

/**
 * What a PM holds on behalf of its account-directed strategies, per account (a sleeve): the
 * positions built by the fills of the block orders it sent for that account alone. The PM's
 * pooled strategies trade the rest of its book, so neither undoes the other. Deterministic,
 * I/O-free, mutable (one owner).
 */
export class DirectedSleeves {
  private readonly orders = new Map<string, string>();
  private readonly positions = new AccountPositions();

  /** Remembers that block order `orderId` was sent for `account` alone. */
  register(orderId: string, account: string): void {
    this.orders.set(orderId, account);
  }

  /** Applies a fill if it belongs to a directed order; true when it did. */
  applyFill(f: { readonly parentId: string; readonly symbol: string; readonly side: Side; readonly qty: Dec }): boolean {
    const account = this.orders.get(f.parentId);
    if (account === undefined) return false;
    this.positions.apply(account, f.symbol, f.side, f.qty);
    return true;
  }

  /** Σ over sleeves of the quantity in `symbol`. */
  total(symbol: string): Dec {
    return this.positions.total(symbol);
  }

  /**
   * Plans the directed orders: for each account (in `accounts` order) its strategies' summed
   * targets against its sleeve, under the PM's limits and trading state like the pooled plan;
   * each order takes the lot ids named for it (`lotIds` hands them over once). Pure apart from
   * `lotIds`.
   */
  plan(
    targets: ReadonlyMap<string, ReadonlyMap<string, Dec>>,
    accounts: readonly string[],
    ctx: Pick<PlanInput, 'price' | 'equity' | 'limits' | 'state' | 'stateReason'>,
    lotIds: (account: string, symbol: string) => string[],
  ): { orders: DirectedOrder[]; adjustments: PmAdjustment[] } {
    const orders: DirectedOrder[] = [];
    const adjustments: PmAdjustment[] = [];
    for (const account of accounts) {
      const t = targets.get(account);
      const held = this.positions.symbols(account);
      if (!t && held.length === 0) continue;
      const plan = planBlockOrders({ ...ctx, targets: t ?? new Map(), position: (s) => this.positions.qty(account, s), held });
      adjustments.push(...plan.adjustments);
      for (const o of plan.orders) orders.push({ ...o, account, lotIds: lotIds(account, o.symbol) });
    }
    return { orders, adjustments };
  }
}
