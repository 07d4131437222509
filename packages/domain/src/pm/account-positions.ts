import { ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';

/**
 * Signed quantities per account and symbol, from fills: what a PM knows of its accounts'
 * positions (and of its account-directed sleeves). Deterministic, I/O-free, mutable (one owner).
 */
export class AccountPositions {
  private readonly byAccount = new Map<string, Map<string, Dec>>();

  /** Adds one fill of `account`. */
  apply(account: string, symbol: string, side: Side, qty: Dec): void {
    const m = this.byAccount.get(account) ?? new Map<string, Dec>();
    const after = (m.get(symbol) ?? ZERO).plus(side === 'buy' ? qty : qty.neg());
    if (after.isZero()) m.delete(symbol);
    else m.set(symbol, after);
    this.byAccount.set(account, m);
  }

  /** Signed quantity of `account` in `symbol` (0 when none). */
  qty(account: string, symbol: string): Dec {
    return this.byAccount.get(account)?.get(symbol) ?? ZERO;
  }

  /** Σ over accounts of the quantity in `symbol`. */
  total(symbol: string): Dec {
    let t = ZERO;
    for (const m of this.byAccount.values()) t = t.plus(m.get(symbol) ?? ZERO);
    return t;
  }

  /** Symbols `account` holds, sorted. */
  symbols(account: string): string[] {
    return [...(this.byAccount.get(account)?.keys() ?? [])].sort();
  }
}
