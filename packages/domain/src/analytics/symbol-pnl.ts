import { ZERO, type Dec } from '../money/decimal.js';

/** A position marked at a close. */
export interface MarkedPosition {
  readonly symbol: string;
  readonly marketValue: Dec;
}

/** A fill as attribution sees it. */
export interface AttributionFill {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Dec;
  readonly price: Dec;
  readonly commission: Dec;
}

/** Market value per symbol of a list of marked positions; pure. */
export function marketValues(positions: readonly MarkedPosition[]): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const p of positions) out.set(p.symbol, (out.get(p.symbol) ?? ZERO).plus(p.marketValue));
  return out;
}

/**
 * The P&L of one step of a portfolio, by symbol: the change of the symbol's market value from
 * the last close to this one, less the cash its fills of this step cost (signed notional plus
 * commission); pure and exact. Because equity = cash + market value and only fills (and capital
 * flows, which are not P&L) move cash, the symbols' P&L sum to the step's P&L to the last digit.
 * Symbols in sorted order; a symbol with neither a position nor a fill is absent.
 *
 * Over a whole run — no previous positions, the final positions and every fill — the steps
 * telescope, and it gives the run's P&L by symbol (exactly the sum of the steps').
 */
export function stepPnlBySymbol(previous: ReadonlyMap<string, Dec>, positions: readonly MarkedPosition[], fills: readonly AttributionFill[]): Map<string, Dec> {
  const pnl = new Map<string, Dec>();
  const add = (symbol: string, v: Dec) => pnl.set(symbol, (pnl.get(symbol) ?? ZERO).plus(v));
  for (const [symbol, mv] of previous) add(symbol, mv.neg());
  for (const p of positions) add(p.symbol, p.marketValue);
  for (const f of fills) {
    const notional = f.qty.times(f.price);
    add(f.symbol, (f.side === 'buy' ? notional.neg() : notional).minus(f.commission));
  }
  return new Map([...pnl.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
