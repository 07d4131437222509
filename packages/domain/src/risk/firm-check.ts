import { D, ZERO, decText, tryDecimal, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { OnBreach } from '../config/types.js';
import type { TradingState } from '../pm/plan-orders.js';
import type { FirmBook } from './firm-book.js';
import type { DecisionKind, ReasonCode } from './reason.js';
import { pmShareBreach, type PmShareLimits } from './pm-share-limits.js';

/** Firm-wide limits as decimals; an absent limit is unlimited. */
export interface FirmLimits {
  readonly maxGrossExposure?: Dec;
  readonly maxNetExposure?: Dec;
  readonly maxSingleNamePct?: Dec;
  readonly maxSingleNameNotional?: Dec;
  readonly maxSectorPct?: Dec;
  readonly maxOrderNotional?: Dec;
  readonly maxAdvPct?: Dec;
  readonly restrictedSymbols?: ReadonlySet<string>;
  readonly maxOrdersPerStep?: number;
  /** checked once a step by master-risk (breach → firm HALTED), not per order */
  readonly maxDrawdownPct?: Dec;
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

/** The trading state of the firm or of one PM, and why it is in it. */
export interface ScopeState {
  readonly state: TradingState;
  /** the reason code orders get while the scope is not ACTIVE (FIRM_HALTED, FIRM_DRAWDOWN, PM_REDUCING, ...) */
  readonly reason: ReasonCode;
  readonly why: string;
}

/** A PM's gross cap in force at master-risk, and what it is made of (for messages). */
export interface PmCap {
  readonly limit: Dec;
  readonly basis: string;
  /** what an order over it is denied with: PM_CAPITAL_CAP (capital × max_leverage, the default) or PM_MAX_GROSS_EXPOSURE (weight × max_gross_exposure) */
  readonly reason?: ReasonCode;
}

/** The context of a decision that is not in the book. */
export interface CheckContext {
  readonly firmCapital: Dec;
  readonly knownPms: ReadonlySet<string>;
  readonly knownSymbols: ReadonlySet<string>;
  /** absent: ACTIVE */
  readonly firmState?: ScopeState;
  readonly pmStates?: ReadonlyMap<string, ScopeState>;
  readonly pmCaps?: ReadonlyMap<string, PmCap>;
  /** each PM's share of the firm's net and single-name limits (weight × firm limit), once allocation has set its weight */
  readonly pmShares?: ReadonlyMap<string, PmShareLimits>;
  /** a symbol's average volume over its last 20 bars (undefined: none seen) */
  readonly adv?: (symbol: string) => Dec | undefined;
  /** default deny */
  readonly onBreach?: OnBreach;
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
  /** the price the decision valued the order at (undefined when it never got that far) */
  readonly price?: Dec;
}

interface Breach {
  readonly reason: ReasonCode;
  readonly message: string;
}

const HUNDRED = new D(100);

/** Decimal text with at most two places, for messages; pure. */
export function fmtMoney(d: Dec): string {
  return decText(d.toDecimalPlaces(2));
}

const pctOf = (base: Dec, pct: Dec) => base.times(pct).div(HUNDRED);

/** How much of a position an order on `side` can take toward flat without crossing it, net of reservations already doing so; pure. */
export function reducibleQty(s: { pos: Dec; resBuy: Dec; resSell: Dec }, side: Side): Dec {
  const room = side === 'sell' ? s.pos.minus(s.resSell) : s.pos.neg().minus(s.resBuy);
  return room.isPos() ? room : ZERO;
}

/**
 * The first limit that reserving `qty` more would breach, or undefined when it fits every one.
 * An exposure already over its limit (a passive breach: prices moved) only blocks orders that
 * add to it. Every exposure is non-decreasing in qty, so "fits" holds for every qty up to the
 * largest one that fits. Pure (reads the book).
 */
function firstBreach(book: FirmBook, limits: FirmLimits, ctx: CheckContext, order: OrderToCheck & { side: Side }, qty: Dec, price: Dec): Breach | undefined {
  const { symbol, side, pmId } = order;
  const notional = qty.times(price);
  if (limits.maxOrderNotional && notional.gt(limits.maxOrderNotional)) {
    return { reason: 'MAX_ORDER_NOTIONAL', message: `notional ${fmtMoney(notional)} exceeds limit ${fmtMoney(limits.maxOrderNotional)} (max_order_notional)` };
  }
  if (limits.maxAdvPct) {
    const adv = ctx.adv?.(symbol) ?? ZERO;
    const cap = pctOf(adv, limits.maxAdvPct);
    const used = book.reservedQty(symbol).plus(qty);
    if (used.gt(cap)) {
      return {
        reason: 'MAX_ADV_PCT',
        message: `${symbol} quantity ${decText(used)} this step would exceed ${decText(limits.maxAdvPct)}% of its 20-step average volume ${fmtMoney(adv)} = ${fmtMoney(cap)} (max_adv_pct)`,
      };
    }
  }
  const before = book.exposure();
  const w = book.whatIf(symbol, side, qty);
  const after = w.exposure;
  const g = limits.maxGrossExposure;
  if (g && after.gross.gt(g) && after.gross.gt(before.gross)) {
    return { reason: 'MAX_GROSS_EXPOSURE', message: `gross exposure ${fmtMoney(after.gross)} would exceed limit ${fmtMoney(g)} (max_gross_exposure)` };
  }
  const n = limits.maxNetExposure;
  if (n && after.netHigh.gt(n) && after.netHigh.gt(before.netHigh)) {
    return { reason: 'MAX_NET_EXPOSURE', message: `net long exposure ${fmtMoney(after.netHigh)} would exceed limit ${fmtMoney(n)} (max_net_exposure)` };
  }
  if (n && after.netLow.lt(n.neg()) && after.netLow.lt(before.netLow)) {
    return { reason: 'MAX_NET_EXPOSURE', message: `net short exposure ${fmtMoney(after.netLow.neg())} would exceed limit ${fmtMoney(n)} (max_net_exposure)` };
  }
  const adds = w.symbolWorst.gt(w.symbolWorstBefore);
  if (limits.maxSingleNamePct && adds) {
    const cap = pctOf(ctx.firmCapital, limits.maxSingleNamePct);
    if (w.symbolWorst.gt(cap)) {
      return {
        reason: 'MAX_SINGLE_NAME_PCT',
        message: `${symbol} exposure ${fmtMoney(w.symbolWorst)} would exceed ${decText(limits.maxSingleNamePct)}% of firm capital = ${fmtMoney(cap)} (max_single_name_pct)`,
      };
    }
  }
  const sn = limits.maxSingleNameNotional;
  if (sn && adds && w.symbolWorst.gt(sn)) {
    return { reason: 'MAX_SINGLE_NAME_NOTIONAL', message: `${symbol} exposure ${fmtMoney(w.symbolWorst)} would exceed limit ${fmtMoney(sn)} (max_single_name_notional)` };
  }
  if (limits.maxSectorPct && w.groupWorst.gt(w.groupWorstBefore)) {
    const cap = pctOf(ctx.firmCapital, limits.maxSectorPct);
    if (w.groupWorst.gt(cap)) {
      return {
        reason: 'MAX_SECTOR_PCT',
        message: `sector ${book.sectorOf(symbol)} exposure ${fmtMoney(w.groupWorst)} would exceed ${decText(limits.maxSectorPct)}% of firm capital = ${fmtMoney(cap)} (max_sector_pct)`,
      };
    }
  }
  const pmCap = ctx.pmCaps?.get(pmId);
  if (pmCap) {
    const pw = book.pmWhatIf(pmId, symbol, side, qty);
    if (pw.exposure.gross.gt(pmCap.limit) && pw.exposure.gross.gt(book.pmExposure(pmId).gross)) {
      return { reason: pmCap.reason ?? 'PM_CAPITAL_CAP', message: `PM ${pmId} gross exposure ${fmtMoney(pw.exposure.gross)} would exceed its cap ${fmtMoney(pmCap.limit)} (${pmCap.basis})` };
    }
  }
  const shares = ctx.pmShares?.get(pmId);
  return shares ? pmShareBreach(book, pmId, shares, symbol, side, qty) : undefined;
}

/** The largest whole quantity in [0, hi] for which `fits` holds, given that it holds for every quantity below one that does; pure. */
function largestFitting(hi: Dec, fits: (q: Dec) => boolean): Dec {
  let lo = ZERO;
  let top = hi;
  while (lo.lt(top)) {
    const mid = lo.plus(top).plus(1).div(2).floor();
    if (fits(mid)) lo = mid;
    else top = mid.minus(1);
  }
  return lo;
}

/**
 * Checks one order against the firm's trading state, the PM's, and every firm-wide limit and PM
 * cap, on top of the book's positions and open reservations; pure (reads the book, does not
 * change it — the caller reserves approvals: see decideBatch). Bad input is denied with its own
 * reason code, an order id the PM already has open with DUPLICATE_ORDER. An order in a restricted
 * symbol passes only as far as it takes the PM's own position toward flat (an exit). With
 * `onBreach: 'scale'` an order that does not fit is cut to the largest whole quantity that fits
 * every limit (decision `scaled`, reason = the limit that bound); if none does, it is denied. An
 * approval never takes an exposure from within a limit to over it.
 */
export function checkFirmOrder(book: FirmBook, limits: FirmLimits, ctx: CheckContext, order: OrderToCheck): FirmDecision {
  const gross = book.exposure().gross;
  const deny = (reason: ReasonCode, message: string, price?: Dec): FirmDecision => ({ orderId: order.orderId, decision: 'denied', reason, message, approvedQty: ZERO, grossAfter: gross, ...(price ? { price } : {}) });

  if (!ctx.knownPms.has(order.pmId)) return deny('UNKNOWN_PM', `unknown PM ${JSON.stringify(order.pmId)}`);
  if (book.isOpen(order.pmId, order.orderId)) return deny('DUPLICATE_ORDER', `order id ${JSON.stringify(order.orderId)} of PM ${order.pmId} is already approved and open this step`);
  if (order.side === 'invalid') return deny('INVALID_SIDE', 'side must be buy or sell');
  const side = order.side;
  const qty = tryDecimal(order.qty);
  if (!qty) return deny('INVALID_DECIMAL', `quantity ${JSON.stringify(order.qty)} is not a finite decimal`);
  if (!qty.isPositive() || qty.isZero() || !qty.isInteger()) return deny('INVALID_QUANTITY', `quantity ${order.qty} must be a positive whole number of shares`);
  if (!ctx.knownSymbols.has(order.symbol)) return deny('UNKNOWN_SYMBOL', `unknown symbol ${JSON.stringify(order.symbol)}`);
  const price = book.price(order.symbol);
  if (!price) return deny('NO_PRICE', `no price for ${order.symbol} yet`);
  // a restricted name may still be exited: only what takes the PM's own position toward flat passes
  const exitRoom = limits.restrictedSymbols?.has(order.symbol) ? reducibleQty(book.pmSymbol(order.pmId, order.symbol), side) : undefined;
  if (exitRoom?.isZero()) {
    return deny('RESTRICTED_SYMBOL', `${order.symbol} is on the firm's restricted list (restricted_symbols): only orders that reduce a position of PM ${order.pmId} pass, and this ${side} reduces none`, price);
  }

  const firm = ctx.firmState;
  const pm = ctx.pmStates?.get(order.pmId);
  if (firm?.state === 'HALTED') return deny(firm.reason, `firm is HALTED: ${firm.why}`, price);
  if (pm?.state === 'HALTED') return deny(pm.reason, `PM ${order.pmId} is HALTED: ${pm.why}`, price);
  if (limits.maxOrdersPerStep !== undefined && book.openOrders(order.pmId) >= limits.maxOrdersPerStep) {
    return deny('MAX_ORDERS_PER_STEP', `PM ${order.pmId} already has ${book.openOrders(order.pmId)} orders approved this step; limit ${limits.maxOrdersPerStep} (max_orders_per_step)`, price);
  }

  // REDUCING (and a restricted name): only the part of the order that takes the scope's position toward flat may pass
  let room = qty;
  let roomBreach: Breach | undefined;
  if (exitRoom?.lt(room)) {
    room = exitRoom;
    roomBreach = { reason: 'RESTRICTED_SYMBOL', message: `${order.symbol} is on the firm's restricted list (restricted_symbols): only an exit of PM ${order.pmId}'s position passes; ${side} ${order.symbol} may reduce it by ${decText(exitRoom)}, not ${decText(qty)}` };
  }
  for (const [scope, s, pos] of [
    ['firm', firm, () => book.symbol(order.symbol)],
    [`PM ${order.pmId}`, pm, () => book.pmSymbol(order.pmId, order.symbol)],
  ] as const) {
    if (s?.state !== 'REDUCING') continue;
    const r = reducibleQty(pos(), side);
    if (r.lt(room)) {
      room = r;
      roomBreach = { reason: s.reason, message: `${scope} is REDUCING (${s.why}): only orders that reduce exposure pass; ${side} ${order.symbol} may reduce by ${decText(r)}, not ${decText(qty)}` };
    }
  }

  const o = { ...order, side };
  const full = roomBreach ?? firstBreach(book, limits, ctx, o, qty, price);
  if (!full) return { orderId: order.orderId, decision: 'approved', reason: 'OK', message: 'approved', approvedQty: qty, grossAfter: book.whatIf(order.symbol, side, qty).exposure.gross, price };
  if (ctx.onBreach !== 'scale') return deny(full.reason, full.message, price);

  const fitted = largestFitting(D.min(room, qty.minus(1)), (q) => firstBreach(book, limits, ctx, o, q, price) === undefined);
  if (fitted.isZero()) {
    const least = room.isZero() ? roomBreach! : (firstBreach(book, limits, ctx, o, new D(1), price) ?? full);
    return deny(least.reason, `${least.message}; no smaller quantity fits`, price);
  }
  const bound = fitted.eq(room) && roomBreach ? roomBreach : (firstBreach(book, limits, ctx, o, fitted.plus(1), price) ?? full);
  return {
    orderId: order.orderId,
    decision: 'scaled',
    reason: bound.reason,
    message: `scaled from ${decText(qty)} to ${decText(fitted)}: at ${decText(fitted.plus(1))} ${bound.message}`,
    approvedQty: fitted,
    grossAfter: book.whatIf(order.symbol, side, fitted).exposure.gross,
    price,
  };
}
