import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { TaxLotBook, type TaxLotMethod } from './tax-lots.js';
import { findWashSales, type WashSaleAccount } from './wash-sales.js';

const loss = (over: Partial<WashSaleAccount['realized'][number]> = {}) => ({
  date: '2020-03-10', symbol: 'X', lotId: 'X-1', qty: new D(100), pnl: new D(-50), openFillId: 'own-buy', closeFillId: 'sale', ...over,
});
const buy = (date: string, fillId: string, symbol = 'X') => ({ date, symbol, qty: new D(10), fillId });
const seller = (over: Partial<WashSaleAccount> = {}): WashSaleAccount => ({ key: 'pm/a', client: 'c1', realized: [loss()], buys: [buy('2020-03-01', 'own-buy')], ...over });

describe('wash sales', () => {
  it.each([
    ['another account of the same client buys 15 days after', [seller(), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-03-25', 'b1')] }], [['pm/b', '2020-03-25', 15, 1]]],
    ['the buy is 36 days after: no warning', [seller(), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-04-15', 'b1')] }], []],
    ['the buy is exactly 30 days before', [seller(), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-02-09', 'b1')] }], [['pm/b', '2020-02-09', -30, 1]]],
    ['another client buys: no warning', [seller(), { key: 'pm/b', client: 'c2', realized: [], buys: [buy('2020-03-11', 'b1')] }], []],
    ['another symbol: no warning', [seller(), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-03-11', 'b1', 'Y')] }], []],
    ['only the purchase of the lot sold: no warning', [seller()], []],
    ['the same account bought another lot 20 days before', [seller({ buys: [buy('2020-03-01', 'own-buy'), buy('2020-02-19', 'a2')] })], [['pm/a', '2020-02-19', -20, 1]]],
    ['a gain: no warning', [seller({ realized: [loss({ pnl: new D(5) })] }), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-03-11', 'b1')] }], []],
    ['a short lot covered at a loss: no warning', [seller({ realized: [loss({ qty: new D(-100) })] }), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-03-11', 'b1')] }], []],
    [
      'accounts without a client are compared only with themselves',
      [seller({ client: undefined }), { key: 'pm/b', realized: [], buys: [buy('2020-03-11', 'b1')] }],
      [],
    ],
    [
      'the nearest of several purchases is named, and all are counted',
      [seller(), { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-03-30', 'b1'), buy('2020-03-08', 'b2'), buy('2020-03-12', 'b3')] }],
      [['pm/b', '2020-03-08', -2, 3]],
    ],
  ] as const)('%s', (_name, accounts, expected) => {
    const got = findWashSales(accounts as readonly WashSaleAccount[]);
    expect(got.map((w) => [w.buyAccount, w.buyDate, w.daysApart, w.purchases])).toEqual(expected);
    for (const w of got) expect([w.account, w.lotId, w.loss.toString()]).toEqual(['pm/a', 'X-1', '-50']);
  });

  it('counts the other accounts\' shares of the purchase that opened the lot sold: the client still holds them', () => {
    const a = seller({ buys: [buy('2020-03-01', 'own-buy')] });
    const b = { key: 'pm/b', client: 'c1', realized: [], buys: [buy('2020-03-01', 'b1')] };
    expect(findWashSales([a, b]).map((w) => [w.buyFillId, w.daysApart, w.purchases])).toEqual([['b1', -9, 1]]);
  });

  it('does not count as replacements the purchases of other lots the same sale closed in full', () => {
    const a = seller({ realized: [loss({ qty: new D(10) }), loss({ lotId: 'X-2', openFillId: 'buy-2', qty: new D(10) })], buys: [buy('2020-03-01', 'own-buy'), buy('2020-03-05', 'buy-2')] });
    expect(findWashSales([a])).toEqual([]);
  });
});

/** Fills of one account through its tax lots, then the wash-sale check on what they realised. */
function washOf(method: TaxLotMethod, fills: readonly [string, 'buy' | 'sell', number, number][], others: WashSaleAccount[] = []) {
  const book = new TaxLotBook(method);
  const lotFills = fills.map(([date, side, qty, price], i) => ({ fillId: `f${i + 1}`, symbol: 'X', side, qty: new D(qty), price: new D(price), commission: new D(0), date }));
  const realized = lotFills.flatMap((f) => book.applyFill(f).realized);
  const account: WashSaleAccount = { key: 'pm/a', client: 'c1', realized, buys: lotFills.filter((f) => f.side === 'buy').map((f) => ({ date: f.date, symbol: 'X', qty: f.qty, fillId: f.fillId })) };
  return findWashSales([account, ...others]).map((w) => [w.lotId, decText(w.loss), w.buyFillId, decText(w.buyQty), w.daysApart, w.purchases]);
}

describe('wash sales: the part of a purchase a loss did not relieve is a replacement', () => {
  it.each([
    [
      'buy 100, buy 100, sell 150 at a loss (fifo): 50 of the second purchase, 4 days before, are still held',
      'fifo', [['2020-01-02', 'buy', 100, 10], ['2020-01-21', 'buy', 100, 9], ['2020-01-25', 'sell', 150, 8]],
      [['X-1', '-200', 'f2', '50', -4, 1], ['X-2', '-50', 'f2', '50', -4, 1]],
    ],
    [
      'the same sale by lifo relieves the second purchase in full and 50 of the first, 23 days before',
      'lifo', [['2020-01-02', 'buy', 100, 10], ['2020-01-21', 'buy', 100, 9], ['2020-01-25', 'sell', 150, 8]],
      [['X-2', '-100', 'f1', '50', -23, 1], ['X-1', '-100', 'f1', '50', -23, 1]],
    ],
    [
      'a sale of everything bought: no replacement shares',
      'fifo', [['2020-01-02', 'buy', 100, 10], ['2020-01-21', 'buy', 100, 9], ['2020-01-25', 'sell', 200, 8]],
      [],
    ],
    [
      'a purchase after the loss, within 30 days',
      'fifo', [['2020-01-02', 'buy', 100, 10], ['2020-01-25', 'sell', 100, 8], ['2020-02-20', 'buy', 30, 7]],
      [['X-1', '-200', 'f3', '30', 26, 1]],
    ],
    [
      'a purchase after the loss, 31 days later',
      'fifo', [['2020-01-02', 'buy', 100, 10], ['2020-01-25', 'sell', 100, 8], ['2020-02-25', 'buy', 30, 7]],
      [],
    ],
    [
      'a partial sale of one purchase: the rest of it is the replacement',
      'hifo', [['2019-12-30', 'buy', 100, 10], ['2020-01-06', 'sell', 40, 9]],
      [['X-1', '-40', 'f1', '60', -7, 1]],
    ],
    [
      'the purchase more than 30 days before: no warning, however much is still held',
      'fifo', [['2019-12-01', 'buy', 100, 10], ['2020-01-06', 'sell', 40, 9]],
      [],
    ],
    [
      'average_cost: each lot part at a loss warns, naming the rest of the newest purchase',
      'average_cost', [['2020-01-02', 'buy', 100, 10], ['2020-01-21', 'buy', 100, 8], ['2020-01-25', 'sell', 150, 8.5]],
      [['X-1', '-50', 'f2', '50', -4, 1], ['X-2', '-25', 'f2', '50', -4, 1]],
    ],
  ] as const)('%s', (_name, method, fills, expected) => {
    expect(washOf(method, fills as unknown as [string, 'buy' | 'sell', number, number][])).toEqual(expected);
  });

  it('counts a purchase in another account of the client, but not in another client\'s', () => {
    const other = (client: string): WashSaleAccount => ({ key: 'pm/b', client, realized: [], buys: [{ date: '2020-01-10', symbol: 'X', qty: new D(5), fillId: 'b1' }] });
    const fills: [string, 'buy' | 'sell', number, number][] = [['2019-11-01', 'buy', 100, 10], ['2020-01-06', 'sell', 100, 9]];
    expect(washOf('fifo', fills, [other('c1')])).toEqual([['X-1', '-100', 'b1', '5', 4, 1]]);
    expect(washOf('fifo', fills, [other('c2')])).toEqual([]);
  });
});
