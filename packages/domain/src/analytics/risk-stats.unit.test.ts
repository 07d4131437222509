import { describe, expect, it } from 'vitest';
import { MetricsInputError } from '../metrics/metrics-error.js';
import { diversificationRatio } from './diversification.js';
import { historicalTailRisk } from './value-at-risk.js';

// Expected figures from python3 (math only): sorted returns, k = ceil(n × (1 − c)) after rounding
// the product to 9 places, VaR = −(k-th worst), ES = −mean(k worst); the diversification ratio as
// (sd(a) + sd(b)) / sd(a + b) with sample standard deviations.
const rets = [0.012, -0.031, 0.004, -0.007, 0.021, -0.018, 0.0, -0.044, 0.009, 0.015, -0.002, 0.006, -0.011, 0.027, -0.025, 0.003, 0.001, -0.009, 0.018, -0.013];

describe('historicalTailRisk', () => {
  it.each<[number, number, number, number]>([
    // 20 × 0.05 is 1.0000000000000009 in float64: one tail day, not two
    [0.95, 1, 0.044, 0.044],
    [0.99, 1, 0.044, 0.044],
    [0.9, 2, 0.031, 0.0375],
    [0.75, 5, 0.013, 0.0262],
  ])('at %f of 20 returns takes %i tail days: VaR %f, ES %f', (confidence, days, v, es) => {
    const t = historicalTailRisk(rets, confidence)!;
    expect(t.tail_days).toBe(days);
    expect(t.var).toBeCloseTo(v, 15);
    expect(t.es).toBeCloseTo(es, 15);
    expect(t.es).toBeGreaterThanOrEqual(t.var);
  });

  it('reads a gain as a negative VaR when even the worst days gained', () => {
    expect(historicalTailRisk([0.01, 0.02, 0.03], 0.5)).toEqual({ confidence: 0.5, var: -0.02, es: -0.015, tail_days: 2 });
  });

  it('is null without returns, and rejects a confidence outside (0, 1) or a NaN', () => {
    expect(historicalTailRisk([], 0.95)).toBeNull();
    expect(() => historicalTailRisk(rets, 95)).toThrow(MetricsInputError);
    expect(() => historicalTailRisk([0.01, NaN], 0.95)).toThrow(MetricsInputError);
  });
});

describe('diversificationRatio', () => {
  it.each<[string, number[][], number | null]>([
    ['two PMs that mostly offset', [[100, -50, 30, -20, 60], [-40, 70, -10, 25, -30]], 5.1329363162118025],
    ['two PMs that move together', [[100, -50, 30, -20, 60], [200, -100, 60, -40, 120]], 1],
    ['one PM', [[1, 2, 3]], null],
    ['PMs that cancel exactly', [[1, -2, 3], [-1, 2, -3]], null],
  ])('of %s is %s', (_what, pnl, expected) => {
    const r = diversificationRatio(pnl);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toBeCloseTo(expected, 12);
  });

  it('rejects components of different lengths', () => {
    expect(() => diversificationRatio([[1, 2], [1]])).toThrow(MetricsInputError);
  });
});
