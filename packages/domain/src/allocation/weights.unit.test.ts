import { describe, expect, it } from 'vitest';
import { capitalWeights, equalWeights, inverseVolWeights, rebalanceDue, sampleStd } from './weights.js';

describe('capital weights', () => {
  it('equal weights sum to one', () => {
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('sample std uses n - 1', () => {
    // mean 2.5; squared deviations 2.25+0.25+0.25+2.25 = 5; / 3 = 1.6667
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('inverse vol gives the calmer PM more weight in proportion to 1/σ', () => {
    const calm = [0.01, -0.01, 0.01, -0.01];
    const wild = [0.02, -0.02, 0.02, -0.02]; // σ twice calm's
    const r = inverseVolWeights([calm, wild], 4);
    expect(r.method).toBe('inverse_vol');
    expect(r.weights[0]).toBeCloseTo(2 / 3, 12);
    expect(r.weights[1]).toBeCloseTo(1 / 3, 12);
  });

  it.each([
    ['too little history', [[0.01, 0.02], [0.01, 0.03]], 5, /2 returns of history < lookback 5/],
    ['a PM with zero volatility', [[0, 0, 0], [0.01, 0.02, -0.01]], 3, /PM #1 has zero volatility/],
  ])('falls back to equal weight with %s', (_n, returns, lookback, note) => {
    const r = inverseVolWeights(returns, lookback);
    expect(r.weights).toEqual([0.5, 0.5]);
    expect(r.note).toMatch(note);
  });

  it('uses only the last lookback returns', () => {
    const a = [0.5, -0.5, 0.01, -0.01, 0.01];
    const b = [0.01, -0.01, 0.02, -0.02, 0.02];
    const r = capitalWeights('inverse_vol', [a, b], 3);
    expect(r.weights[0]).toBeGreaterThan(r.weights[1]!);
  });

  it.each([
    ['monthly', '2016-01-29', '2016-02-01', true],
    ['monthly', '2016-01-28', '2016-01-29', false],
    ['quarterly', '2016-03-31', '2016-04-01', true],
    ['quarterly', '2016-04-29', '2016-05-02', false],
    ['weekly', '2016-01-08', '2016-01-11', true],
    ['weekly', '2016-01-11', '2016-01-12', false],
    ['daily', '2016-01-11', '2016-01-12', true],
    ['never', '2016-01-29', '2016-02-01', false],
    ['monthly', '2016-12-30', '', false],
  ] as const)('%s rebalance between %s and %s: %s', (schedule, d, next, want) => {
    expect(rebalanceDue(schedule, d, next)).toBe(want);
  });
});
