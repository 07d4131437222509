import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import type { StrategyConfig } from '../config/types.js';
import { StrategyBook } from './strategy-book.js';

const blotter = (id: string, rows: [string, string, 'buy' | 'sell', number, string[]?][], account?: string): StrategyConfig => ({
  id,
  symbols: [...new Set(rows.map((r) => r[1]))],
  params: { type: 'scheduled_orders', orders: rows.map(([date, symbol, side, qty, lotIds]) => ({ date, symbol, side, qty: String(qty), ...(lotIds ? { lotIds } : {}) })), ...(account ? { account } : {}) },
  sizing: { type: 'fixed_shares', shares: '100' },
});
const momentum = (id: string, percent: string): StrategyConfig => ({
  id,
  symbols: ['A'],
  params: { type: 'momentum', fastPeriod: 1, slowPeriod: 2, threshold: 0, allowShort: false },
  sizing: { type: 'percent_equity', percent },
});
const step = (i: number, date: string, closes: Record<string, number>) => ({ step: i, date, closes: new Map(Object.entries(closes)) });
const price = (closes: Record<string, number>) => (s: string) => (closes[s] === undefined ? undefined : new D(closes[s]!));

describe('StrategyBook', () => {
  it('nets the targets of several target strategies per symbol', () => {
    const book = new StrategyBook([momentum('m1', '10'), momentum('m2', '5')]);
    const closes = [10, 11, 12];
    for (let i = 0; i < 3; i++) book.onStep(step(i, `2016-01-0${4 + i}`, { A: closes[i]! }), price({ A: closes[i]! }), new D(100_000), false);
    // 10% and 5% of 100,000 at 12: 833 + 416
    expect(decText(book.netTargets().get('A')!)).toBe('1249');
    expect(book.strategiesIn('A')).toEqual(['m1', 'm2']);
  });

  it('gives blotter rows as orders, one per row, never netted, with their lot ids and account', () => {
    const book = new StrategyBook([
      blotter('s1', [['2016-01-04', 'A', 'buy', 100]]),
      blotter('s2', [['2016-01-04', 'A', 'sell', 30, ['A-1']], ['2016-01-04', 'B', 'buy', 5], ['2016-01-04', 'A', 'buy', 30]], 'x'),
    ]);
    const c = { A: 10, B: 20 };
    const signals = book.onStep(step(0, '2016-01-04', c), price(c), new D(100_000), false);
    // the paper targets: s2's two A rows cancel out, so only B changes
    expect(signals.map((s) => `${s.strategyId} ${s.symbol} ${decText(s.targetQty)}`)).toEqual(['s1 A 100', 's2 B 5']);
    expect(book.decidedOrders().map((o) => [o.strategyId, o.account ?? '', o.symbol, o.side, decText(o.qty), o.lotIds])).toEqual([
      ['s1', '', 'A', 'buy', '100', []],
      ['s2', 'x', 'A', 'sell', '30', ['A-1']],
      ['s2', 'x', 'A', 'buy', '30', []],
      ['s2', 'x', 'B', 'buy', '5', []],
    ]);
    // orders are not targets: nothing to net, no strategy behind a netted order
    expect([...book.netTargets()]).toEqual([]);
    expect(book.strategiesIn('A')).toEqual([]);
    expect(book.symbols()).toEqual(['A', 'B']);
    book.onStep(step(1, '2016-01-05', c), price(c), new D(100_000), false);
    expect(book.decidedOrders()).toEqual([]); // each row once
  });

  it('re-sizes percent_equity targets when capital changes, and leaves blotters out of the netting', () => {
    const book = new StrategyBook([momentum('m', '10'), blotter('b', [['2016-01-04', 'A', 'buy', 7]])]);
    const closes = [10, 11, 12];
    for (let i = 0; i < 3; i++) book.onStep(step(i, `2016-01-0${4 + i}`, { A: closes[i]! }), price({ A: closes[i]! }), new D(100_000), false);
    // 10% of 100,000 at 12 = 833 shares; the blotter's 7 is an order of its own
    expect(decText(book.netTargets().get('A')!)).toBe('833');
    // still rising (so still long): capital halved → 10% of 50,000 at 13 = 384 shares
    const signals = book.onStep(step(3, '2016-01-07', { A: 13 }), price({ A: 13 }), new D(50_000), true);
    expect(signals.map((s) => `${s.strategyId} ${decText(s.targetQty)}`)).toEqual(['m 384']);
    expect(decText(book.netTargets().get('A')!)).toBe('384');
  });
});
