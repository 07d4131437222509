import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import type { StrategyConfig } from '../config/types.js';
import { StrategyBook } from './strategy-book.js';

const blotter = (id: string, rows: [string, string, 'buy' | 'sell', number][]): StrategyConfig => ({
  id,
  symbols: [...new Set(rows.map((r) => r[1]))],
  params: { type: 'scheduled_orders', orders: rows.map(([date, symbol, side, qty]) => ({ date, symbol, side, qty: String(qty) })) },
  sizing: { type: 'fixed_shares', shares: '100' },
});
const step = (i: number, date: string, closes: Record<string, number>) => ({ step: i, date, closes: new Map(Object.entries(closes)) });
const price = (closes: Record<string, number>) => (s: string) => (closes[s] === undefined ? undefined : new D(closes[s]!));

describe('StrategyBook', () => {
  it('nets the targets of several strategies per symbol', () => {
    const book = new StrategyBook([blotter('s1', [['2016-01-04', 'A', 'buy', 100]]), blotter('s2', [['2016-01-04', 'A', 'sell', 30], ['2016-01-04', 'B', 'buy', 5]])]);
    const c = { A: 10, B: 20 };
    const signals = book.onStep(step(0, '2016-01-04', c), price(c), new D(100_000), false);
    expect(signals.map((s) => `${s.strategyId} ${s.symbol} ${decText(s.targetQty)}`)).toEqual(['s1 A 100', 's2 A -30', 's2 B 5']);
    expect(Object.fromEntries([...book.netTargets()].map(([k, v]) => [k, decText(v)]))).toEqual({ A: '70', B: '5' });
    expect(book.strategiesIn('A')).toEqual(['s1', 's2']);
    expect(book.symbols()).toEqual(['A', 'B']);
  });

  it('re-sizes percent_equity targets when capital changes, and leaves blotter quantities alone', () => {
    const mom: StrategyConfig = {
      id: 'm',
      symbols: ['A'],
      params: { type: 'momentum', fastPeriod: 1, slowPeriod: 2, threshold: 0, allowShort: false },
      sizing: { type: 'percent_equity', percent: '10' },
    };
    const book = new StrategyBook([mom, blotter('b', [['2016-01-04', 'A', 'buy', 7]])]);
    const closes = [10, 11, 12];
    let signals = [];
    for (let i = 0; i < 3; i++) signals = book.onStep(step(i, `2016-01-0${4 + i}`, { A: closes[i]! }), price({ A: closes[i]! }), new D(100_000), false);
    // 10% of 100,000 at 12 = 833 shares, plus the blotter's 7
    expect(decText(book.netTargets().get('A')!)).toBe('840');
    // still rising (so still long): capital halved → 10% of 50,000 at 13 = 384 shares
    signals = book.onStep(step(3, '2016-01-07', { A: 13 }), price({ A: 13 }), new D(50_000), true);
    expect(signals.map((s) => `${s.strategyId} ${decText(s.targetQty)}`)).toEqual(['m 384']);
    expect(decText(book.netTargets().get('A')!)).toBe('391');
  });
});
