import { D, decText, type Dec } from '../money/decimal.js';
import type { FirmBook } from './firm-book.js';
import type { FirmLimits } from './firm-check.js';
import type { ReasonCode } from './reason.js';
import { WEIGHT_SCALED_LIMITS, type WeightScaledLimit } from '../config/types.js';

/** One limit of a PM's share of the firm's: its amount, the code a breach is denied with, and what it is made of. */
export interface PmShareLimit {
  readonly limit: Dec;
  readonly reason: ReasonCode;
  /** e.g. "weight 0.25 × max_net_exposure 2000000" */
  readonly basis: string;
}

/**
 * A PM's share of the firm-wide amount limits (PM limit = weight × firm limit), for the limits
 * that bound an amount the PM holds: gross, net (long and short) and single name (% of firm
 * capital and notional). Not scaled: max_order_notional, max_adv_pct and max_orders_per_step
 * bound one order or one step's trading, which a smaller PM does not make any safer by halving;
 * max_sector_pct, because PM books keep no sector totals; restricted symbols and drawdown are
 * not amounts.
 */
export interface PmShareLimits {
  readonly gross?: PmShareLimit;
  readonly net?: PmShareLimit;
  readonly singleNamePct?: PmShareLimit;
  readonly singleNameNotional?: PmShareLimit;
}

const HUNDRED = new D(100);
const money = (d: Dec) => decText(d.toDecimalPlaces(2));

/**
 * A PM's share of each firm-wide amount limit the firm has, at `weight` (the PM's capital weight
 * from allocation), for the limits named in `scaled` (config `risk.scale_by_weight`, default
 * all); an absent firm limit gives no share. Pure.
 */
export function pmShareLimitsOf(limits: FirmLimits, firmCapital: Dec, weight: number, scaled: readonly WeightScaledLimit[] = WEIGHT_SCALED_LIMITS): PmShareLimits {
  if (!Number.isFinite(weight) || weight < 0) return {};
  const on = new Set(scaled);
  const w = new D(weight);
  const wText = `weight ${decText(w.toSignificantDigits(6))}`;
  const share = (firmLimit: Dec | undefined, reason: ReasonCode, name: string): PmShareLimit | undefined =>
    firmLimit ? { limit: w.times(firmLimit), reason, basis: `${wText} × ${name} ${money(firmLimit)}` } : undefined;
  const pct = limits.maxSingleNamePct;
  const out = {
    gross: on.has('gross') ? share(limits.maxGrossExposure, 'PM_MAX_GROSS_EXPOSURE', 'max_gross_exposure') : undefined,
    net: on.has('net') ? share(limits.maxNetExposure, 'PM_MAX_NET_EXPOSURE', 'max_net_exposure') : undefined,
    singleNamePct: pct && on.has('single_name')
      ? { limit: w.times(firmCapital).times(pct).div(HUNDRED), reason: 'PM_MAX_SINGLE_NAME_PCT' as const, basis: `${wText} × max_single_name_pct ${decText(pct)}% of firm capital ${money(firmCapital)}` }
      : undefined,
    singleNameNotional: on.has('single_name') ? share(limits.maxSingleNameNotional, 'PM_MAX_SINGLE_NAME_NOTIONAL', 'max_single_name_notional') : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as PmShareLimits;
}

/**
 * The first of a PM's net and single-name shares that reserving `qty` more would breach, or
 * undefined. Like the firm's limits, an exposure already over its share (prices or a new
 * weight moved it) only blocks orders that add to it. Gross is the PM's cap (PmCap). Pure
 * (reads the book).
 */
export function pmShareBreach(book: FirmBook, pmId: string, shares: PmShareLimits, symbol: string, side: 'buy' | 'sell', qty: Dec): { reason: ReasonCode; message: string } | undefined {
  if (!shares.net && !shares.singleNamePct && !shares.singleNameNotional) return undefined;
  const w = book.pmWhatIf(pmId, symbol, side, qty);
  const before = book.pmExposure(pmId);
  const after = w.exposure;
  const n = shares.net;
  if (n && after.netHigh.gt(n.limit) && after.netHigh.gt(before.netHigh)) {
    return { reason: n.reason, message: `PM ${pmId} net long exposure ${money(after.netHigh)} would exceed its share ${money(n.limit)} (${n.basis})` };
  }
  if (n && after.netLow.lt(n.limit.neg()) && after.netLow.lt(before.netLow)) {
    return { reason: n.reason, message: `PM ${pmId} net short exposure ${money(after.netLow.neg())} would exceed its share ${money(n.limit)} (${n.basis})` };
  }
  if (w.symbolWorst.gt(w.symbolWorstBefore)) {
    for (const l of [shares.singleNamePct, shares.singleNameNotional]) {
      if (l && w.symbolWorst.gt(l.limit)) return { reason: l.reason, message: `PM ${pmId} ${symbol} exposure ${money(w.symbolWorst)} would exceed its share ${money(l.limit)} (${l.basis})` };
    }
  }
  return undefined;
}
