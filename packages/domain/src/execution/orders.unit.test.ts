import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { matchAtOpen, validateChildOrder, type ChildOrderSpec } from './orders.js';

const model = { slippageBps: new D(10), perShare: new D('0.01'), commissionBps: new D(0), minimum: new D(0) };
const order = (symbol: string, side: 'buy' | 'sell', qty: number): ChildOrderSpec => ({ childId: `c-${symbol}-${side}`, parentId: 'p', pmId: 'pm', accountId: 'a', symbol, side, qty: new D(qty), step: 4 });
const bar = (symbol: string, open: string) => ({ symbol, open, high: open, low: open, close: open, volume: '1' });

describe('matchAtOpen', () => {
  it('fills at the open moved against the trader, with commission, and cancels symbols without a bar', () => {
    const r = matchAtOpen([order('A', 'buy', 100), order('B', 'sell', 10), order('C', 'buy', 1)], 5, { date: '2016-01-05', bars: [bar('A', '50'), bar('B', '20')] }, model);
    expect(r.fills.map((f) => [f.order.symbol, decText(f.price), decText(f.commission), f.step, f.date])).toEqual([
      ['A', '50.05', '1', 5, '2016-01-05'],
      ['B', '19.98', '0.1', 5, '2016-01-05'],
    ]);
    expect(r.cancels.map((c) => [c.order.symbol, c.reason])).toEqual([['C', 'NO_MARKET']]);
  });
});

describe('validateChildOrder', () => {
  const known = new Set(['A']);
  it.each([
    [{ symbol: 'A', side: 'buy', qty: '10', step: 3 }, undefined],
    [{ symbol: 'A', side: 'invalid', qty: '10', step: 3 }, 'INVALID_SIDE'],
    [{ symbol: 'A', side: 'buy', qty: 'x', step: 3 }, 'INVALID_DECIMAL'],
    [{ symbol: 'A', side: 'buy', qty: '-1', step: 3 }, 'INVALID_QUANTITY'],
    [{ symbol: 'A', side: 'buy', qty: '0.5', step: 3 }, 'INVALID_QUANTITY'],
    [{ symbol: 'Z', side: 'buy', qty: '1', step: 3 }, 'UNKNOWN_SYMBOL'],
    [{ symbol: 'A', side: 'buy', qty: '1', step: 2 }, 'STALE_STEP'],
  ] as const)('%j → %s', (o, reason) => {
    expect(validateChildOrder(o, 3, known)?.reason).toBe(reason);
  });
});
