import { D, ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';

/** Fill model parameters, as decimals. */
export interface FillModel {
  readonly slippageBps: Dec;
  readonly perShare: Dec;
  readonly commissionBps: Dec;
  readonly minimum: Dec;
}

const BPS = new D(10_000);

/** Price a market order fills at: the open moved against the trader by slippage_bps; pure. */
export function fillPrice(open: Dec, side: Side, slippageBps: Dec): Dec {
  const slip = open.times(slippageBps).div(BPS);
  return side === 'buy' ? open.plus(slip) : open.minus(slip);
}

/** Commission of one fill: per_share × qty + bps × notional, at least `minimum`; pure. */
export function commissionFor(qty: Dec, price: Dec, m: FillModel): Dec {
  const c = m.perShare.times(qty.abs()).plus(m.commissionBps.times(qty.abs()).times(price).div(BPS));
  return c.isZero() ? ZERO : D.max(c, m.minimum);
}
