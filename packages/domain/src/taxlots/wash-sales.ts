import type { Dec } from '../money/decimal.js';
import { daysBetween } from './holding-period.js';

/** Days before and after a loss within which a purchase of the same symbol makes it a wash sale. */
export const WASH_SALE_DAYS = 30;

/** What the wash-sale check needs of one account. */
export interface WashSaleAccount {
  /** `<pm>/<account>` */
  readonly key: string;
  /** the client the account belongs to; an account without one is only compared with itself */
  readonly client?: string;
  /**
   * closed lot parts (signed qty: long lots > 0); `openPurchase` is the purchase that opened the
   * lot (default: its opening fill id)
   */
  readonly realized: readonly { readonly date: string; readonly symbol: string; readonly lotId: string; readonly qty: Dec; readonly pnl: Dec; readonly openFillId: string; readonly closeFillId: string; readonly openPurchase?: string }[];
  /**
   * buy fills; `purchase` groups the fills of one purchase (e.g. the block order a fill is a
   * share of: one decision of the client, split across its accounts); default the fill id
   */
  readonly buys: readonly { readonly date: string; readonly symbol: string; readonly qty: Dec; readonly fillId: string; readonly purchase?: string }[];
}

/** A loss that a purchase of the same symbol by the same client within 30 days may disallow. */
export interface WashSaleWarning {
  readonly account: string;
  readonly client?: string;
  readonly date: string;
  readonly symbol: string;
  readonly lotId: string;
  readonly loss: Dec;
  /** the nearest purchase in time (earliest on a tie), and how many there are */
  readonly buyAccount: string;
  readonly buyDate: string;
  readonly buyQty: Dec;
  readonly buyFillId: string;
  /** buy date − loss date, in calendar days (negative: bought before) */
  readonly daysApart: number;
  readonly purchases: number;
}

/**
 * Finds wash sales after a run: every long lot closed at a loss for which the same client (or, for
 * an account without a client, the same account) bought the same symbol within 30 calendar days
 * before or after the sale, in any of its accounts. The purchases that opened the lots this sale
 * closed are not replacements, in whichever account their shares went. A warning, not a block: nothing is adjusted. Sorted by account,
 * date, lot; pure.
 */
export function findWashSales(accounts: readonly WashSaleAccount[]): WashSaleWarning[] {
  const clientOf = (a: WashSaleAccount) => a.client ?? `\u0000${a.key}`;
  const warnings: WashSaleWarning[] = [];
  for (const a of accounts) {
    const peers = accounts.filter((b) => clientOf(b) === clientOf(a));
    const openedBySale = new Map<string, Set<string>>();
    for (const r of a.realized) {
      const set = openedBySale.get(r.closeFillId) ?? new Set<string>();
      set.add(r.openPurchase ?? r.openFillId);
      openedBySale.set(r.closeFillId, set);
    }
    for (const r of a.realized) {
      if (!r.qty.gt(0) || !r.pnl.lt(0)) continue;
      const own = openedBySale.get(r.closeFillId)!;
      const buys = peers.flatMap((b) =>
        b.buys
          .filter((x) => x.symbol === r.symbol && !own.has(x.purchase ?? x.fillId) && Math.abs(daysBetween(r.date, x.date)) <= WASH_SALE_DAYS)
          .map((x) => ({ account: b.key, ...x, days: daysBetween(r.date, x.date) })),
      );
      if (buys.length === 0) continue;
      buys.sort((x, y) => Math.abs(x.days) - Math.abs(y.days) || x.days - y.days || (x.account < y.account ? -1 : x.account > y.account ? 1 : 0) || (x.fillId < y.fillId ? -1 : 1));
      const b = buys[0]!;
      warnings.push({
        account: a.key,
        ...(a.client !== undefined ? { client: a.client } : {}),
        date: r.date,
        symbol: r.symbol,
        lotId: r.lotId,
        loss: r.pnl,
        buyAccount: b.account,
        buyDate: b.date,
        buyQty: b.qty,
        buyFillId: b.fillId,
        daysApart: b.days,
        purchases: buys.length,
      });
    }
  }
  return warnings;
}
