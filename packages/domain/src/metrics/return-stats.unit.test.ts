import { describe, expect, it } from 'vitest';
import {
  annualVolatility, cagr, calmarRatio, downsideRisk, maxDrawdown, sharpeRatio, sortinoRatio, totalReturn,
} from './return-stats.js';

// Series and expected values from quantopian/empyrical, empyrical/tests/test_stats.py (commit
// 0a9fa5848a3ed519be0f514df9e3a04fb7b37ad3), where they are asserted to 8 decimal places
// (DECIMAL_PLACES = 8). empyrical's mixed_returns starts with a NaN, which its ratio functions
// drop; the eight real returns are used here.
const pct = (xs: number[]) => xs.map((x) => x / 100);
const negative = pct([0, -6, -7, -1, -9, -2, -6, -8, -5]);
const positive = pct([1, 2, 1, 1, 1, 1, 1, 1, 1]);
const mixed = pct([1, 10, -4, 2, 3, 2, 1, -10]);
const flat = Array<number>(1000).fill(0.01);

type Stat = (r: readonly number[]) => number | null;

describe('return statistics against empyrical test values', () => {
  it.each<[string, Stat, readonly number[], number]>([
    ['sharpe_ratio(negative_returns)', sharpeRatio, negative, -24.406808633910085],
    ['sharpe_ratio(positive_returns)', sharpeRatio, positive, 52.915026221291804],
    ['sharpe_ratio(mixed_returns)', sharpeRatio, mixed, 1.7238613961706866],
    ['sortino_ratio(negative_returns)', sortinoRatio, negative, -13.532743075043401],
    ['sortino_ratio(mixed_returns)', sortinoRatio, mixed, 2.605531251673693],
    ['downside_risk(mixed_returns)', downsideRisk, mixed, 0.60448325038829653],
    ['annual_volatility(mixed_returns)', annualVolatility, mixed, 0.9136465399704637],
    ['annual_volatility(flat_line_1_tz)', annualVolatility, flat, 0],
    ['max_drawdown(negative_returns)', maxDrawdown, negative, -0.36590730349873601],
    ['max_drawdown(mixed_returns)', maxDrawdown, mixed, -0.1],
    ['max_drawdown(positive_returns)', maxDrawdown, positive, 0],
    ['max_drawdown(one_return)', maxDrawdown, [0.01], 0],
    ['max_drawdown([10, -10, 10] %)', maxDrawdown, pct([10, -10, 10]), -0.1],
    // cum_returns reads the leading NaN as 0 and annual_return counts it in len(returns), so
    // empyrical's annual_return(mixed_returns) is ours for [0, ...mixed].
    ['annual_return(mixed_returns)', cagr, [0, ...mixed], 1.9135925373194231],
    ['calmar_ratio(mixed_returns)', (r) => calmarRatio(cagr(r), maxDrawdown(r)), [0, ...mixed], 19.135925373194233],
  ])('matches empyrical %s', (_name, stat, returns, expected) => {
    expect(stat(returns)).toBeCloseTo(expected, 8);
  });

  it.each([
    ['cum_returns_final(mixed_returns)', mixed, 0.03893],
    ['cum_returns_final(negative_returns)', negative, -0.3659],
  ])('matches empyrical %s to its 4 places', (_name, returns, expected) => {
    expect(totalReturn(returns)).toBeCloseTo(expected, 4);
  });
});

// Expected values from a 20-line python3 script (math module only, float64 like JS) restating
// the formulas: total = prod(1+r) - 1; cagr = (1+total)**(252/n) - 1; vol = stdev(ddof=1)*sqrt(252);
// sharpe = mean/stdev*sqrt(252); sortino = mean*252/(sqrt(mean(min(r,0)**2))*sqrt(252));
// max drawdown over the wealth path [1, ...cumprod]; calmar = cagr/|max drawdown|.
const hand = [0.01, -0.02, 0.015, 0.0, -0.005, 0.03];

describe('return statistics of a worked example', () => {
  it.each<[string, Stat, number]>([
    ['total return', totalReturn, 0.02961247794999977],
    ['cagr', cagr, 2.4064300978355613],
    ['annual volatility', annualVolatility, 0.2749545416973504],
    ['sharpe', sharpeRatio, 4.58257569495584],
    ['downside risk', downsideRisk, 0.1336038921588739],
    ['sortino', sortinoRatio, 9.430862975920508],
    ['max drawdown', maxDrawdown, -0.020000000000000018],
    ['calmar', (r) => calmarRatio(cagr(r), maxDrawdown(r)), 120.32150489177796],
  ])('computes the %s', (_name, stat, expected) => {
    expect(stat(hand)).toBeCloseTo(expected, 12);
  });

  it('counts a loss on the first step as a drawdown from the starting wealth', () => {
    expect(maxDrawdown([-0.05, 0.01])).toBeCloseTo(-0.05, 15);
  });
});

describe('return statistics of degenerate series', () => {
  const none = null;
  it.each<[string, number[], { total: number; cagr: number | null; vol: number; sharpe: number | null; sortino: number | null; mdd: number; calmar: number | null }]>([
    ['no returns', [], { total: 0, cagr: 0, vol: 0, sharpe: 0, sortino: 0, mdd: 0, calmar: 0 }],
    ['one return', [0.01], { total: 0.01, cagr: 11.274002099240244, vol: 0, sharpe: 0, sortino: 0, mdd: 0, calmar: none }],
    ['only zeros (cash)', [0, 0, 0], { total: 0, cagr: 0, vol: 0, sharpe: 0, sortino: 0, mdd: 0, calmar: 0 }],
    ['a constant gain', [0.01, 0.01, 0.01], { total: 0.030301, cagr: 11.274002099240244, vol: 0, sharpe: none, sortino: none, mdd: 0, calmar: none }],
    ['a constant loss', [-0.01, -0.01], { total: -0.0199, cagr: -0.9205545483094463, vol: 0, sharpe: none, sortino: -Math.sqrt(252), mdd: -0.0199, calmar: -46.25902252811281 }],
    ['a loss of everything', [-1, 0.5], { total: -1, cagr: -1, vol: 1.0606601717798212 * Math.sqrt(252), sharpe: -0.25 / 1.0606601717798212 * Math.sqrt(252), sortino: -0.25 / Math.sqrt(0.5) * Math.sqrt(252), mdd: -1, calmar: -1 }],
    ['a gain too large to annualise', [100, 100], { total: 10200, cagr: none, vol: 0, sharpe: none, sortino: none, mdd: 0, calmar: none }],
    ['a round trip to the start', [-0.5, 1], { total: 0, cagr: 0, vol: 1.0606601717798212 * Math.sqrt(252), sharpe: 0.25 / 1.0606601717798212 * Math.sqrt(252), sortino: 0.25 / Math.sqrt(0.125) * Math.sqrt(252), mdd: -0.5, calmar: 0 }],
  ])('gives finite numbers or null for %s', (_what, returns, want) => {
    const got = {
      total: totalReturn(returns), cagr: cagr(returns), vol: annualVolatility(returns), sharpe: sharpeRatio(returns),
      sortino: sortinoRatio(returns), mdd: maxDrawdown(returns), calmar: calmarRatio(cagr(returns), maxDrawdown(returns)),
    };
    for (const key of Object.keys(want) as (keyof typeof want)[]) {
      const expected = want[key];
      if (expected === null) expect(got[key], key).toBeNull();
      else expect(got[key], key).toBeCloseTo(expected, 10);
    }
  });
});
