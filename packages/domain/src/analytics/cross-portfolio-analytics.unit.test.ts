import { describe, expect, it } from 'vitest';
import { D, type Dec } from '../money/decimal.js';
import { CrossPortfolioAnalytics, levelIds, type AnalyticsLayout } from './cross-portfolio-analytics.js';
import { RollingCorrelation } from './rolling-correlation.js';

const layout: AnalyticsLayout = {
  pms: [
    { id: 'pa', capital: '1000', strategies: ['s1', 's2'], accounts: [{ id: 'a1', capital: '600' }, { id: 'a2', capital: '400' }] },
    { id: 'pb', capital: '2000', strategies: ['s1'], accounts: [{ id: 'b1', capital: '2000' }] },
  ],
  correlation: { window: 4, minPeriods: 3, alertThreshold: 0.9, changeThreshold: 2, levels: ['pm', 'account', 'strategy'] },
};

describe('CrossPortfolioAnalytics', () => {
  it('names the series of each level in config order', () => {
    expect(levelIds(layout, 'pm')).toEqual(['pa', 'pb']);
    expect(levelIds(layout, 'account')).toEqual(['pa/a1', 'pa/a2', 'pb/b1']);
    expect(levelIds(layout, 'strategy')).toEqual(['pa/s1', 'pa/s2', 'pb/s1']);
  });

  it('correlates PM returns, account returns from equity, and strategy paper returns, and names the breaks', () => {
    const a = new CrossPortfolioAnalytics(layout);
    expect(a.needs).toEqual({ accounts: true, strategies: true });
    const pmA = [0.01, -0.02, 0.015, -0.01, 0.02];
    const pmB = [0.02, -0.04, 0.03, -0.02, 0.04];
    const reference = new RollingCorrelation(2, 4);
    const closes = [10, 11, 10.5, 11.5, 11, 12];
    const breaks = [];
    let e1 = new D(600);
    for (let t = 0; t < pmA.length; t++) {
      e1 = e1.times(1 + pmA[t]!);
      const equity = new Map<string, Dec>([['pa/a1', e1], ['pa/a2', new D(400)], ['pb/b1', new D(2000).plus(t)]]);
      const signals = t === 0 ? [{ pmId: 'pa', strategyId: 's1', symbol: 'X', targetQty: new D(10) }, { pmId: 'pb', strategyId: 's1', symbol: 'X', targetQty: new D(-20) }] : [];
      breaks.push(...a.step({ step: t, date: `2020-01-0${t + 1}`, bars: new Map([['X', { open: new D(closes[t]!), close: new D(closes[t + 1]!) }]]), pmReturns: new Map([['pa', pmA[t]!], ['pb', pmB[t]!]]), accountEquity: equity, signals }));
      reference.push([pmA[t]!, pmB[t]!]);
    }
    const [pm, account, strategy] = a.matrices();
    expect(pm!.matrix[0]![1]).toBe(reference.correlation(0, 1));
    expect(pm!.matrix[0]![1]).toBeCloseTo(1, 12);
    // a2 never moves: no correlation with anyone
    expect(account!.matrix[1]).toEqual([0, 1, 0]);
    // pa/s1 is long and pb/s1 short the same symbol: opposite (not exactly -1: each compounds on its
    // own equity, so the same price move is a slightly different return); pa/s2 never traded
    expect(strategy!.matrix[0]![2]).toBeLessThan(-0.9999);
    expect(strategy!.matrix[1]).toEqual([0, 1, 0]);
    expect(breaks.map((b) => [b.level, b.a, b.b, b.kind, b.step, b.date, b.window])).toEqual([['pm', 'pa', 'pb', 'level', 2, '2020-01-03', 4]]);
  });

  it('counts a PM without a return this step (removed) as 0', () => {
    const a = new CrossPortfolioAnalytics({ ...layout, correlation: { ...layout.correlation, levels: ['pm'] } });
    expect(a.needs).toEqual({ accounts: false, strategies: false });
    for (let t = 0; t < 5; t++) a.step({ step: t, date: '2020-01-01', bars: new Map(), pmReturns: new Map([['pa', t % 2 ? 0.01 : -0.01]]), accountEquity: new Map(), signals: [] });
    expect(a.matrices()[0]!.matrix).toEqual([[1, 0], [0, 1]]);
  });
});
