import { ZERO } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { FirmBook } from './firm-book.js';
import { checkFirmOrder, type CheckContext, type FirmDecision, type FirmLimits, type OrderToCheck } from './firm-check.js';

/**
 * Decides one PM batch in order with check-and-reserve: each approval is reserved in the book
 * before the next order is checked, so the batch's own approvals count against its later orders.
 * An order id that came earlier in the batch, or that the PM already has open, is denied
 * DUPLICATE_ORDER and never reserved twice. Deterministic and I/O-free; mutates the book's
 * reservations only.
 */
export function decideBatch(book: FirmBook, limits: FirmLimits, ctx: CheckContext, orders: readonly OrderToCheck[]): FirmDecision[] {
  const seen = new Set<string>();
  return orders.map((o) => {
    const k = `${o.pmId}\u0000${o.orderId}`;
    if (seen.has(k)) {
      return { orderId: o.orderId, decision: 'denied', reason: 'DUPLICATE_ORDER', message: `order id ${JSON.stringify(o.orderId)} appears more than once in the batch of PM ${o.pmId}`, approvedQty: ZERO, grossAfter: book.exposure().gross };
    }
    seen.add(k);
    const d = checkFirmOrder(book, limits, ctx, o);
    if (d.decision !== 'denied') book.reserve({ orderId: o.orderId, pmId: o.pmId, symbol: o.symbol, side: o.side as Side, qty: d.approvedQty, step: o.step });
    return d;
  });
}
