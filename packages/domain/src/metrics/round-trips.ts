import { type Dec, parseDecimal, ZERO } from '../money/decimal.js';
import { MetricsInputError } from './metrics-error.js';

/** The part of a fill that round trips are counted from. */
export interface RoundTripFill {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Shares filled, positive (decimal or decimal text). */
  readonly qty: Dec | string;
}

/**
 * Counts closed trades in fills given in time order; pure. Per symbol, a trade closes each time the
 * position returns to 0, and a fill that flips the position's sign (long to short or back) closes
 * one trade and opens another. Partial exits close nothing; a position still open at the end is
 * not counted. Throws MetricsInputError for a side other than buy/sell or a qty that is not
 * positive, InvalidDecimalError for qty text that is not a decimal.
 */
export function countRoundTrips(fills: readonly RoundTripFill[]): number {
  const positions = new Map<string, Dec>();
  let closed = 0;
  fills.forEach((fill, i) => {
    // a decimal is immutable: no copy needed
    const qty = typeof fill.qty === 'string' ? parseDecimal(fill.qty, `fills[${i}].qty`) : fill.qty;
    if (!qty.gt(0)) throw new MetricsInputError(`fills[${i}].qty: expected a positive quantity, found ${qty.toString()}`);
    if (fill.side !== 'buy' && fill.side !== 'sell') throw new MetricsInputError(`fills[${i}].side: expected buy or sell, found ${String(fill.side)}`);
    const before = positions.get(fill.symbol) ?? ZERO;
    const after = fill.side === 'buy' ? before.plus(qty) : before.minus(qty);
    if (!before.isZero() && (after.isZero() || after.isNeg() !== before.isNeg())) closed += 1;
    positions.set(fill.symbol, after);
  });
  return closed;
}
