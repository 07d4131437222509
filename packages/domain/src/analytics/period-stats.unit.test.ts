import { describe, expect, it } from 'vitest';
import { D } from '../money/decimal.js';
import { MetricsInputError } from '../metrics/metrics-error.js';
import { computeActivityStats } from './activity-stats.js';
import { monthlyReturns } from './monthly-returns.js';
import { equityReturns, returnsFromPnl, timeWeightedReturns } from './portfolio-returns.js';

const dec = (xs: string[]) => xs.map((x) => new D(x));

describe('monthlyReturns', () => {
  it('compounds steps into months and years (python3 worked example)', () => {
    const dates = ['2015-01-29', '2015-01-30', '2015-02-02', '2015-02-27', '2015-12-31', '2016-01-04', '2016-03-01'];
    const rows = monthlyReturns(dates, [0.01, -0.02, 0.03, 0.005, -0.01, 0.02, -0.015]);
    expect(rows.map((r) => r.year)).toEqual(['2015', '2016']);
    const expected = [
      [-0.010199999999999987, 0.035150000000000015, null, null, null, null, null, null, null, null, null, -0.010000000000000009],
      [0.020000000000000018, null, -0.015000000000000013, null, null, null, null, null, null, null, null, null],
    ];
    rows.forEach((r, y) => r.months.forEach((m, i) => (expected[y]![i] === null ? expect(m).toBeNull() : expect(m).toBeCloseTo(expected[y]![i]!, 15))));
    expect(rows[0]!.year_return).toBeCloseTo(0.014345555300000035, 15);
    expect(rows[1]!.year_return).toBeCloseTo(0.0046999999999999265, 15);
  });

  it.each([
    ['dates and returns of different lengths', ['2015-01-02'], [0.1, 0.2]],
    ['a date that is not YYYY-MM-DD', ['2015/01/02'], [0.1]],
  ])('rejects %s', (_what, dates, returns) => {
    expect(() => monthlyReturns(dates, returns)).toThrow(MetricsInputError);
  });
});

describe('computeActivityStats', () => {
  // averages by python3, rounded to cents; turnover = traded / mean(equity) × 252 / 6
  const input = {
    dates: ['2015-01-02', '2015-01-05', '2015-01-06', '2015-01-07', '2015-01-08', '2015-01-09'],
    returns: [0.01, 0, -0.02, 0.015, 0, 0.005],
    equity: [101000, 101000, 98980, 100464.7, 100464.7, 100967.0235],
    gross: [50000, 50500.5, 0, 75000.25, 74000, 60000],
    net: [50000, -20500.5, 0, 75000.25, -74000, 10000],
    traded: new D('321000.40'),
  };

  it('gives hit rate, turnover, average exposures, best and worst day of a worked example', () => {
    const s = computeActivityStats(input);
    expect(Object.keys(s)).toEqual(['hit_rate', 'turnover', 'avg_gross_exposure', 'avg_net_exposure', 'best_day', 'best_day_date', 'worst_day', 'worst_day_date']);
    expect(s.hit_rate).toBe(0.75); // 3 of the 4 days that moved gained
    expect(s.turnover).toBeCloseTo(134.17691859698343, 9);
    expect(s.avg_gross_exposure).toBe('51583.46');
    expect(s.avg_net_exposure).toBe('6749.96');
    expect([s.best_day, s.best_day_date, s.worst_day, s.worst_day_date]).toEqual([0.015, '2015-01-07', -0.02, '2015-01-06']);
  });

  it('reads a PM holding only cash as zeros', () => {
    const flat = computeActivityStats({ ...input, returns: [0, 0, 0, 0, 0, 0], gross: Array(6).fill(0), net: Array(6).fill(-0), traded: new D(0) });
    expect(flat).toEqual({ hit_rate: 0, turnover: 0, avg_gross_exposure: '0', avg_net_exposure: '0', best_day: 0, best_day_date: '2015-01-02', worst_day: 0, worst_day_date: '2015-01-02' });
  });

  it('reads no steps as zeros', () => {
    expect(computeActivityStats({ dates: [], returns: [], equity: [], gross: [], net: [], traded: new D(0) }).best_day_date).toBe('');
  });

  it('rejects series of different lengths', () => {
    expect(() => computeActivityStats({ ...input, gross: input.gross.slice(1) })).toThrow(MetricsInputError);
  });
});

describe('timeWeightedReturns', () => {
  it('measures each step from the equity it started with, so a capital flow is not a return', () => {
    // step 2: 50000 added before the step, which then made 1500 on 151000
    const r = timeWeightedReturns(dec(['101000', '100000', '151500']), dec(['1000', '-1000', '1500']));
    expect(r[0]).toBe(0.01);
    expect(r[1]).toBeCloseTo(-1000 / 101000, 15);
    expect(r[2]).toBeCloseTo(1500 / 150000, 15);
  });

  it('reads a step started with no equity as 0', () => {
    expect(timeWeightedReturns(dec(['5']), dec(['5']))).toEqual([0]);
  });
});

describe('returnsFromPnl and equityReturns', () => {
  it('compound a notional book from its P&L, step by step', () => {
    // 1000 → 1010 → 999.9 → 999.9
    const r = returnsFromPnl(1000, [10, -10.1, 0]);
    expect(r[0]).toBe(0.01);
    expect(r[1]).toBeCloseTo(-10.1 / 1010, 15);
    expect(r[2]).toBe(0);
  });

  it('read a book without flows from its equity', () => {
    const r = equityReturns(1000, [1010, 999.9, 999.9]);
    expect(r[0]).toBeCloseTo(0.01, 15);
    expect(r[1]).toBeCloseTo(-10.1 / 1010, 15);
    expect(r[2]).toBe(0);
  });

  it('read a book that lost everything as 0 from then on', () => {
    expect(returnsFromPnl(100, [-100, 5])).toEqual([-1, 0]);
  });
});
