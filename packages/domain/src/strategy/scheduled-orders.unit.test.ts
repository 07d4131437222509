import { describe, expect, it } from 'vitest';
import type { ScheduledOrder } from '../config/types.js';
import { decText } from '../money/decimal.js';
import { ScheduledOrdersStrategy } from './scheduled-orders.js';
import type { StepCloses } from './strategy.js';

const order = (date: string, symbol: string, side: 'buy' | 'sell', qty: string): ScheduledOrder => ({ date, symbol, side, qty });

/** Steps on trading days; `missing` lists symbols without a bar on a date. */
function steps(dates: readonly string[], symbols: readonly string[], missing: Record<string, string[]> = {}): StepCloses[] {
  return dates.map((date, step) => ({
    step,
    date,
    closes: new Map(symbols.filter((s) => !missing[date]?.includes(s)).map((s) => [s, 10])),
  }));
}

function replay(orders: ScheduledOrder[], stepList: StepCloses[]): string[][] {
  const s = new ScheduledOrdersStrategy('blotter', { type: 'scheduled_orders', orders });
  return stepList.map((st) =>
    s.onStep(st).map((c) => `${c.symbol} ${c.targetQty ? decText(c.targetQty) : 'none'} ${c.direction} ${c.score}`),
  );
}

// Tue 2 Jan .. Mon 8 Jan 2024; 6 and 7 Jan are a weekend.
const DATES = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'];

/** The orders each step decides, as `symbol side qty [lots]`. */
function decided(orders: ScheduledOrder[], stepList: StepCloses[]): string[][] {
  const s = new ScheduledOrdersStrategy('blotter', { type: 'scheduled_orders', orders });
  return stepList.map((st) => {
    s.onStep(st);
    return s.decidedOrders().map((o) => `${o.symbol} ${o.side} ${decText(o.qty)}${o.lotIds.length ? ` ${o.lotIds.join(';')}` : ''}`);
  });
}

describe('scheduled_orders: rows are orders', () => {
  it('decides each row once, on its step, and never again', () => {
    const orders = [order('2024-01-03', 'AAA', 'buy', '100'), order('2024-01-05', 'AAA', 'sell', '40')];
    expect(decided(orders, steps(DATES, ['AAA']))).toEqual([[], ['AAA buy 100'], [], ['AAA sell 40'], []]);
  });

  it('sends rows of one symbol and step as separate orders, even when they cancel out', () => {
    const orders = [order('2024-01-03', 'AAA', 'buy', '10'), order('2024-01-03', 'AAA', 'sell', '10'), order('2024-01-03', 'BBB', 'buy', '5')];
    expect(decided(orders, steps(DATES, ['AAA', 'BBB']))[1]).toEqual(['AAA buy 10', 'AAA sell 10', 'BBB buy 5']);
  });

  it('keeps the lot ids with the row that names them', () => {
    const orders = [order('2024-01-02', 'AAA', 'buy', '10'), { ...order('2024-01-04', 'AAA', 'sell', '3'), lotIds: ['AAA-1'] }, order('2024-01-04', 'AAA', 'sell', '2')];
    expect(decided(orders, steps(DATES, ['AAA']))).toEqual([['AAA buy 10'], [], ['AAA sell 3 AAA-1', 'AAA sell 2'], [], []]);
  });

  it('decides a row for a symbol without a bar at its next bar, and one dated before the first step on the first', () => {
    const orders = [order('2024-01-03', 'CCC', 'buy', '7'), order('2023-12-29', 'AAA', 'buy', '1')];
    const got = decided(orders, steps(DATES, ['AAA', 'CCC'], { '2024-01-03': ['CCC'], '2024-01-04': ['CCC'] }));
    expect(got).toEqual([['AAA buy 1'], [], [], ['CCC buy 7'], []]);
  });
});

describe('scheduled_orders: the paper target (every row filled)', () => {
  it('trades the symbols its orders name, in first-named order', () => {
    const s = new ScheduledOrdersStrategy('b', {
      type: 'scheduled_orders',
      orders: [order('2024-01-03', 'BBB', 'buy', '1'), order('2024-01-02', 'AAA', 'buy', '1'), order('2024-01-04', 'BBB', 'sell', '1')],
    });
    expect(s.symbols).toEqual(['BBB', 'AAA']);
  });

  it('applies an order dated before the first step on the first step', () => {
    expect(replay([order('2023-12-29', 'AAA', 'buy', '100')], steps(DATES, ['AAA']))).toEqual([['AAA 100 1 0'], [], [], [], []]);
  });

  it('applies an order dated on a weekend at the next trading step, cumulatively', () => {
    const orders = [order('2024-01-02', 'AAA', 'buy', '100'), order('2024-01-06', 'AAA', 'sell', '40')];
    expect(replay(orders, steps(DATES, ['AAA']))).toEqual([['AAA 100 1 0'], [], [], [], ['AAA 60 1 0']]);
  });

  it('sums two orders on the same symbol and day into one change', () => {
    const orders = [
      order('2024-01-03', 'BBB', 'buy', '10'),
      order('2024-01-03', 'BBB', 'buy', '5'),
      order('2024-01-04', 'BBB', 'sell', '15'),
      order('2024-01-04', 'BBB', 'sell', '20.5'),
    ];
    // 10 + 5 = 15 on the 3rd; 15 − 15 − 20.5 = −20.5 on the 4th: now short.
    expect(replay(orders, steps(DATES, ['BBB']))).toEqual([[], ['BBB 15 1 0'], ['BBB -20.5 -1 0'], [], []]);
  });

  it('emits a flat target when orders bring the position back to zero', () => {
    const orders = [order('2024-01-02', 'AAA', 'buy', '30'), order('2024-01-05', 'AAA', 'sell', '30')];
    expect(replay(orders, steps(DATES, ['AAA']))).toEqual([['AAA 30 1 0'], [], [], ['AAA 0 0 0'], []]);
  });

  it('emits nothing when orders on one step cancel out', () => {
    const orders = [order('2024-01-03', 'AAA', 'buy', '10'), order('2024-01-03', 'AAA', 'sell', '10')];
    expect(replay(orders, steps(DATES, ['AAA']))).toEqual([[], [], [], [], []]);
  });

  it('holds an order for a symbol without a bar until its next bar', () => {
    const orders = [order('2024-01-03', 'CCC', 'buy', '7'), order('2024-01-03', 'AAA', 'buy', '1')];
    const got = replay(orders, steps(DATES, ['AAA', 'CCC'], { '2024-01-03': ['CCC'], '2024-01-04': ['CCC'] }));
    expect(got).toEqual([[], ['AAA 1 1 0'], [], ['CCC 7 1 0'], []]);
  });

  it('never applies an order dated after the last step', () => {
    expect(replay([order('2024-02-01', 'AAA', 'buy', '5')], steps(DATES, ['AAA']))).toEqual([[], [], [], [], []]);
  });

  it('applies orders by date even when the blotter lists them out of order', () => {
    const orders = [order('2024-01-05', 'AAA', 'sell', '5'), order('2024-01-02', 'AAA', 'buy', '8')];
    expect(replay(orders, steps(DATES, ['AAA']))).toEqual([['AAA 8 1 0'], [], [], ['AAA 3 1 0'], []]);
  });

  it('reports its running target per symbol', () => {
    const s = new ScheduledOrdersStrategy('b', { type: 'scheduled_orders', orders: [order('2024-01-02', 'AAA', 'sell', '12')] });
    for (const st of steps(DATES, ['AAA'])) s.onStep(st);
    expect(decText(s.target('AAA'))).toBe('-12');
    expect(decText(s.target('ZZZ'))).toBe('0');
  });
});
