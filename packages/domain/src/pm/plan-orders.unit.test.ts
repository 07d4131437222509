import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import type { ReasonCode } from '../risk/reason.js';
import { drawdownBreached, planBlockOrders, type TradingState } from './plan-orders.js';

function plan(targets: Record<string, number>, positions: Record<string, number>, opts: { state?: TradingState; stateReason?: ReasonCode; maxPositionPct?: number; equity?: number; prices?: Record<string, number> } = {}) {
  const prices = opts.prices ?? { A: 10, B: 20, C: 50 };
  const r = planBlockOrders({
    targets: new Map(Object.entries(targets).map(([s, q]) => [s, new D(q)])),
    position: (s) => new D(positions[s] ?? 0),
    held: Object.keys(positions).filter((s) => positions[s] !== 0),
    price: (s) => (prices[s] === undefined ? undefined : new D(prices[s]!)),
    equity: new D(opts.equity ?? 100_000),
    limits: { maxPositionPct: opts.maxPositionPct === undefined ? undefined : new D(opts.maxPositionPct) },
    state: opts.state ?? 'ACTIVE',
    ...(opts.stateReason ? { stateReason: opts.stateReason } : {}),
  });
  return { orders: r.orders.map((o) => `${o.side} ${decText(o.qty)} ${o.symbol}`), reasons: r.adjustments.map((a) => a.reason) };
}

describe('planBlockOrders', () => {
  it.each([
    ['buys up to the target', { A: 100 }, {}, {}, ['buy 100 A'], []],
    ['sells down to the target', { A: 40 }, { A: 100 }, {}, ['sell 60 A'], []],
    ['flattens a held symbol no strategy targets any more', {}, { B: 10 }, {}, ['sell 10 B'], []],
    ['nets nothing when on target', { A: 100 }, { A: 100 }, {}, [], []],
    ['orders symbols alphabetically', { C: 1, A: 1, B: 1 }, {}, {}, ['buy 1 A', 'buy 1 B', 'buy 1 C'], []],
    ['skips a symbol without a bar this step', { D: 5 }, {}, {}, [], []],
    // 5% of 100,000 = 5,000 / price 10 = 500 shares
    ['clips to max_position_pct', { A: 800 }, {}, { maxPositionPct: 5 }, ['buy 500 A'], ['PM_MAX_POSITION']],
    ['clips shorts too', { A: -800 }, {}, { maxPositionPct: 5 }, ['sell 500 A'], ['PM_MAX_POSITION']],
    ['REDUCING withholds an order that adds', { A: 200 }, { A: 100 }, { state: 'REDUCING' }, [], ['PM_REDUCING']],
    ['REDUCING lets a reducing order through', { A: 50 }, { A: 100 }, { state: 'REDUCING' }, ['sell 50 A'], []],
    ['REDUCING cuts a flip at flat', { A: -100 }, { A: 100 }, { state: 'REDUCING' }, ['sell 100 A'], ['PM_REDUCING']],
    ['REDUCING withholds opening a new position', { B: 10 }, {}, { state: 'REDUCING' }, [], ['PM_REDUCING']],
    ['REDUCING on the PM\'s own drawdown says so', { A: 200 }, { A: 100 }, { state: 'REDUCING', stateReason: 'PM_DRAWDOWN' }, [], ['PM_DRAWDOWN']],
    ['HALTED withholds everything', { A: 0 }, { A: 100 }, { state: 'HALTED' }, [], ['PM_HALTED']],
  ] as const)('%s', (_n, targets, positions, opts, want, reasons) => {
    const r = plan(targets, positions, opts);
    expect(r.orders).toEqual(want);
    expect(r.reasons).toEqual(reasons);
  });

  it.each([
    [80, 100, 20, true],
    [80.01, 100, 20, false],
    [50, 100, undefined, false],
  ])('drawdown of nav %d from peak %d against %s%% breached: %s', (nav, peak, pct, want) => {
    expect(drawdownBreached(nav, peak, pct === undefined ? undefined : new D(pct))).toBe(want);
  });
});
