import { ZERO, type Dec } from '../money/decimal.js';
import { daysBetween } from './holding-period.js';

/** Days before and after a loss within which a purchase of the same symbol makes it a wash sale. */
export const WASH_SALE_DAYS = 30;

/** What the wash-sale check needs of one account. */
export interface WashSaleAccount {
  /** `<pm>/<account>` */
  readonly key: string;
  /** the client the account belongs to; an account without one is only compared with itself */
  readonly client?: string;
  /** closed lot parts (signed qty: long lots > 0), with the fills that opened and closed them */
  readonly realized: readonly { readonly date: string; readonly symbol: string; readonly lotId: string; readonly qty: Dec; readonly pnl: Dec; readonly openFillId: string; readonly closeFillId: string }[];
  /** buy fills (fill ids are unique across the accounts compared) */
  readonly buys: readonly { readonly date: string; readonly symbol: string; readonly qty: Dec; readonly fillId: string }[];
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
  /** the purchase's replacement shares: its quantity less what this sale relieved of it */
  readonly buyQty: Dec;
  readonly buyFillId: string;
  /** buy date − loss date, in calendar days (negative: bought before) */
  readonly daysApart: number;
  readonly purchases: number;
}

/**
 * Finds wash sales after a run: every long lot closed at a loss for which the same client (or, for
 * an account without a client, the same account) bought the same symbol within 30 calendar days
 * before or after the sale, in any of its accounts. A purchase counts for the part of it this
 * sale did not relieve: the shares the sale closed are not their own replacement, but the rest of
 * the same purchase is (bought 100, bought 100 more 4 days before selling 150 at a loss: the 50
 * still held are replacement shares). A warning, not a block: nothing is adjusted. Sorted by
 * account, date, lot; pure.
 */
export function findWashSales(accounts: readonly WashSaleAccount[]): WashSaleWarning[] {
  const clientOf = (a: WashSaleAccount) => a.client ?? `\u0000${a.key}`;
  const warnings: WashSaleWarning[] = [];
  for (const a of accounts) {
    const peers = accounts.filter((b) => clientOf(b) === clientOf(a));
    // per sale (closing fill), the shares it relieved of each purchase (opening fill)
    const relievedBySale = new Map<string, Map<string, Dec>>();
    for (const r of a.realized) {
      if (!r.qty.gt(0)) continue;
      const m = relievedBySale.get(r.closeFillId) ?? new Map<string, Dec>();
      m.set(r.openFillId, (m.get(r.openFillId) ?? ZERO).plus(r.qty));
      relievedBySale.set(r.closeFillId, m);
    }
    for (const r of a.realized) {
      if (!r.qty.gt(0) || !r.pnl.lt(0)) continue;
      const relieved = relievedBySale.get(r.closeFillId)!;
      const buys = peers.flatMap((b) =>
        b.buys.flatMap((x) => {
          if (x.symbol !== r.symbol || Math.abs(daysBetween(r.date, x.date)) > WASH_SALE_DAYS) return [];
          const replacement = x.qty.minus(relieved.get(x.fillId) ?? ZERO);
          return replacement.gt(0) ? [{ account: b.key, ...x, qty: replacement, days: daysBetween(r.date, x.date) }] : [];
        }),
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
