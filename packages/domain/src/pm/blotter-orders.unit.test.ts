import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import type { TradingState } from './plan-orders.js';
import { BlotterSleeves, limitOrder, planBlotterOrders } from './blotter-orders.js';
import type { StrategyOrder } from './strategy-book.js';

/** Equity 100,000, A at 10: max_position_pct 10 allows 1,000 shares. */
const ctx = (state: TradingState = 'ACTIVE', maxPositionPct?: string) => ({
  price: (s: string) => (s === 'A' ? new D(10) : undefined),
  equity: new D(100_000),
  limits: maxPositionPct ? { maxPositionPct: new D(maxPositionPct) } : {},
  state,
});
const row = (side: 'buy' | 'sell', qty: number, over: Partial<StrategyOrder> = {}): StrategyOrder => ({ strategyId: 'b', symbol: 'A', side, qty: new D(qty), lotIds: [], date: '2016-01-04', ...over });

describe('a blotter order under the PM limits', () => {
  it.each([
    // state, max_position_pct, position, side, qty → allowed, reason
    ['ACTIVE', undefined, 0, 'buy', 500, '500', undefined],
    ['ACTIVE', '10', 0, 'buy', 1000, '1000', undefined],
    ['ACTIVE', '10', 800, 'buy', 500, '200', 'PM_MAX_POSITION'],
    ['ACTIVE', '10', 1200, 'buy', 10, '0', 'PM_MAX_POSITION'], // already over: withheld, never turned into a sale
    ['ACTIVE', '10', 1200, 'sell', 100, '-100', undefined], // reduces a position over the cap: passes whole
    ['ACTIVE', '10', -1100, 'buy', 50, '50', undefined], // covering a short: passes whole, never grown
    ['ACTIVE', '10', 300, 'sell', 2000, '-1300', 'PM_MAX_POSITION'], // through zero to a short over the cap
    ['REDUCING', undefined, 300, 'sell', 100, '-100', undefined],
    ['REDUCING', undefined, 300, 'sell', 500, '-300', 'PM_REDUCING'], // toward flat, not through it
    ['REDUCING', undefined, 300, 'buy', 100, '0', 'PM_REDUCING'],
    ['HALTED', undefined, 300, 'sell', 100, '0', 'PM_HALTED'],
  ] as const)('%s, max_position_pct %s, holding %s: %s %s → %s (%s)', (state, cap, position, side, qty, allowed, reason) => {
    const r = limitOrder({ symbol: 'A', side, qty: new D(qty) }, new D(position), ctx(state, cap));
    expect([decText(r.allowed), r.adjustment?.reason]).toEqual([allowed, reason]);
    if (r.adjustment) expect(decText(r.adjustment.allowed)).toBe(allowed);
  });

  it('sends one block order per row, in order, each on the position the rows before it leave', () => {
    const rows = [row('buy', 600), row('buy', 600, { strategyId: 'c', account: 'x' }), row('sell', 100, { lotIds: ['A-1'] })];
    const r = planBlotterOrders(rows, { ...ctx('ACTIVE', '10'), position: () => new D(100) });
    expect(r.orders.map((o) => [o.strategyId, o.account ?? '', o.side, decText(o.qty), decText(o.refPrice), o.lotIds])).toEqual([
      ['b', '', 'buy', '600', '10', []],
      ['c', 'x', 'buy', '300', '10', []], // 100 + 600 + 300 = the cap of 1,000
      ['b', '', 'sell', '100', '10', ['A-1']],
    ]);
    expect(r.adjustments.map((a) => [a.reason, decText(a.wanted), decText(a.allowed)])).toEqual([['PM_MAX_POSITION', '600', '300']]);
    expect(r.adjustments[0]!.message).toBe('order 600 A would leave a position of 1300, over 1000 (max_position_pct 10% of equity): cut to 300');
  });

  it('keeps what each blotter\'s fills built apart, by the block order they fill', () => {
    const s = new BlotterSleeves();
    s.register('p-0-1', 'b');
    s.register('p-0-2', 'c');
    expect(s.applyFill({ parentId: 'p-0-1', symbol: 'A', side: 'buy', qty: new D(60) })).toBe(true);
    expect(s.applyFill({ parentId: 'p-0-2', symbol: 'A', side: 'sell', qty: new D(20) })).toBe(true);
    expect(s.applyFill({ parentId: 'p-0-3', symbol: 'A', side: 'buy', qty: new D(5) })).toBe(false);
    expect([decText(s.qty('b', 'A')), decText(s.qty('c', 'A')), decText(s.total('A'))]).toEqual(['60', '-20', '40']);
  });
});
