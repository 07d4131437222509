import { decText, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { ReasonCode } from '../risk/reason.js';

/** A block order master-risk approved (or scaled), as the venue learns it from the decision log. */
export interface Approval {
  readonly pmId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  /** the approved quantity: the most its child orders may add up to */
  readonly qty: Dec;
}

interface Open {
  readonly symbol: string;
  readonly side: Side;
  left: Dec;
}

const key = (pmId: string, orderId: string) => `${pmId}/${orderId}`;

/**
 * The approvals of one step, as the venue holds them to refuse child orders master-risk never
 * approved: each child order takes its quantity from its block order's approval (same PM, same
 * symbol and side); a child without one, or beyond what is left of it, is refused NOT_APPROVED.
 * PM ids cannot contain `/`, so `pm/order` keys are unambiguous. Deterministic and I/O-free; one
 * owner (the venue actor) mutates it.
 */
export class ApprovalBook {
  private readonly open = new Map<string, Open>();
  private readonly perPm = new Map<string, number>();

  /** Records an approval; a second one for the same PM and order id is ignored (master-risk never makes one). */
  approve(a: Approval): void {
    const k = key(a.pmId, a.orderId);
    if (this.open.has(k)) return;
    this.open.set(k, { symbol: a.symbol, side: a.side, left: a.qty });
    this.perPm.set(a.pmId, (this.perPm.get(a.pmId) ?? 0) + 1);
  }

  /** How many block orders of the PM are approved this step. */
  approvedCount(pmId: string): number {
    return this.perPm.get(pmId) ?? 0;
  }

  /**
   * Takes a child order's quantity from its block order's approval, or says why it cannot be
   * (the approval is left as it was then).
   */
  take(o: { pmId: string; parentId: string; symbol: string; side: Side; qty: Dec }): { reason: ReasonCode; message: string } | undefined {
    const a = this.open.get(key(o.pmId, o.parentId));
    if (!a) return { reason: 'NOT_APPROVED', message: `block order ${JSON.stringify(o.parentId)} of PM ${o.pmId} has no approval from master-risk this step` };
    if (a.symbol !== o.symbol || a.side !== o.side) {
      return { reason: 'NOT_APPROVED', message: `block order ${JSON.stringify(o.parentId)} of PM ${o.pmId} was approved to ${a.side} ${a.symbol}, not to ${o.side} ${o.symbol}` };
    }
    if (o.qty.gt(a.left)) {
      return { reason: 'NOT_APPROVED', message: `child quantity ${decText(o.qty)} exceeds the ${decText(a.left)} left of what master-risk approved for block order ${JSON.stringify(o.parentId)} of PM ${o.pmId}` };
    }
    a.left = a.left.minus(o.qty);
    return undefined;
  }

  /** Forgets every approval (a new step begins: the old step's orders have all been taken in or refused). */
  clear(): void {
    this.open.clear();
    this.perPm.clear();
  }
}
