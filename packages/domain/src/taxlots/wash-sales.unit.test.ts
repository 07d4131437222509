import { describe, expect, it } from 'vitest';
import { D } from '../money/decimal.js';
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

  it('does not count the other accounts\' shares of the purchase that opened the lot sold', () => {
    const a = seller({ realized: [loss({ openPurchase: 'block-1' })], buys: [{ ...buy('2020-03-01', 'own-buy'), purchase: 'block-1' }] });
    const b = { key: 'pm/b', client: 'c1', realized: [], buys: [{ ...buy('2020-03-01', 'b1'), purchase: 'block-1' }, { ...buy('2020-03-02', 'b2'), purchase: 'block-2' }] };
    expect(findWashSales([a, b]).map((w) => [w.buyFillId, w.purchases])).toEqual([['b2', 1]]);
  });

  it('does not count as replacements the purchases of other lots closed by the same sale', () => {
    const a = seller({ realized: [loss(), loss({ lotId: 'X-2', openFillId: 'buy-2' })], buys: [buy('2020-03-01', 'own-buy'), buy('2020-03-05', 'buy-2')] });
    expect(findWashSales([a])).toEqual([]);
  });
});
