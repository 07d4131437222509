import { D, ZERO, decText, tryDecimal, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { FirmBook } from './firm-book.js';
import type { DecisionKind, ReasonCode } from './reason.js';

/** Firm-wide limits as decimals; an absent limit is unlimited. */
export interface FirmLimits {
  readonly maxGrossExposure?: Dec;
  readonly maxNetExposure?: Dec;
  readonly maxSingleNamePct?: Dec;
  readonly maxOrderNotional?: Dec;
}

/** An order as it arrives at master-risk: text fields, not yet validated. */
export interface OrderToCheck {
  readonly orderId: string;
  readonly pmId: string;
  readonly symbol: string;
  readonly side: Side | 'invalid';
  readonly qty: string;
  readonly step: number;
}

/** The context of a decision that is not in the book. */
export interface CheckContext {
  readonly firmCapital: Dec;
  readonly knownPms: ReadonlySet<string>;
  readonly knownSymbols: ReadonlySet<string>;
}

/** The outcome of one check: a value, never an exception. */
export interface FirmDecision {
  readonly orderId: string;
  readonly decision: DecisionKind;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly approvedQty: Dec;
  /** firm gross incl. open reservations right after this decision */
  readonly grossAfter: Dec;
}

const HUNDRED = new D(100);

function fmt(d: Dec): string {
  return decText(d.toDecimalPlaces(2));
}

/**
 * Checks one order against firm-wide limits on top of the book's positions and open
 * reservations; pure (reads the book, does not change it — the caller reserves approvals).
 * A limit already exceeded passively (prices moved) lets through only orders that do not add
 * to the breached exposure; an approval never takes an exposure from within a limit to over it.
 */
export function checkFirmOrder(book: FirmBook, limits: FirmLimits, ctx: CheckContext, order: OrderToCheck): FirmDecision {
  const before = book.exposure();
  const deny = (reason: ReasonCode, message: string): FirmDecision => ({
    orderId: order.orderId,
    decision: 'denied',
    reason,
    message,
    approvedQty: ZERO,
    grossAfter: before.gross,
  });

  if (!ctx.knownPms.has(order.pmId)) return deny('UNKNOWN_PM', `unknown PM ${JSON.stringify(order.pmId)}`);
  if (order.side === 'invalid') return deny('INVALID_SIDE', 'side must be buy or sell');
  const qty = tryDecimal(order.qty);
  if (!qty) return deny('INVALID_DECIMAL', `quantity ${JSON.stringify(order.qty)} is not a finite decimal`);
  if (!qty.isPositive() || qty.isZero() || !qty.isInteger()) return deny('INVALID_QUANTITY', `quantity ${order.qty} must be a positive whole number of shares`);
  if (!ctx.knownSymbols.has(order.symbol)) return deny('UNKNOWN_SYMBOL', `unknown symbol ${JSON.stringify(order.symbol)}`);
  const price = book.price(order.symbol);
  if (!price) return deny('NO_PRICE', `no price for ${order.symbol} yet`);

  const notional = qty.times(price);
  if (limits.maxOrderNotional && notional.gt(limits.maxOrderNotional)) {
    return deny('MAX_ORDER_NOTIONAL', `notional ${fmt(notional)} exceeds limit ${fmt(limits.maxOrderNotional)} (max_order_notional)`);
  }

  const w = book.whatIf(order.symbol, order.side, qty);
  const after = w.exposure;
  if (limits.maxGrossExposure && after.gross.gt(limits.maxGrossExposure) && after.gross.gt(before.gross)) {
    return deny('MAX_GROSS_EXPOSURE', `gross exposure ${fmt(after.gross)} would exceed limit ${fmt(limits.maxGrossExposure)} (max_gross_exposure)`);
  }
  if (limits.maxNetExposure) {
    const lim = limits.maxNetExposure;
    if (after.netHigh.gt(lim) && after.netHigh.gt(before.netHigh)) {
      return deny('MAX_NET_EXPOSURE', `net long exposure ${fmt(after.netHigh)} would exceed limit ${fmt(lim)} (max_net_exposure)`);
    }
    if (after.netLow.lt(lim.neg()) && after.netLow.lt(before.netLow)) {
      return deny('MAX_NET_EXPOSURE', `net short exposure ${fmt(after.netLow.neg())} would exceed limit ${fmt(lim)} (max_net_exposure)`);
    }
  }
  if (limits.maxSingleNamePct) {
    const cap = ctx.firmCapital.times(limits.maxSingleNamePct).div(HUNDRED);
    if (w.symbolWorst.gt(cap) && w.symbolWorst.gt(w.symbolWorstBefore)) {
      return deny(
        'MAX_SINGLE_NAME_PCT',
        `${order.symbol} exposure ${fmt(w.symbolWorst)} would exceed ${decText(limits.maxSingleNamePct)}% of firm capital = ${fmt(cap)} (max_single_name_pct)`,
      );
    }
  }
  return { orderId: order.orderId, decision: 'approved', reason: 'OK', message: 'approved', approvedQty: qty, grossAfter: after.gross };
}
