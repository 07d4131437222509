import { describe, expect, it } from 'vitest';
import { InvalidDecimalError } from '../money/decimal.js';
import { MetricsInputError } from './metrics-error.js';
import { computePerformance } from './performance.js';

const KEYS = ['final_equity', 'total_return', 'cagr', 'annual_volatility', 'sharpe', 'sortino', 'max_drawdown', 'calmar', 'round_trips', 'fills'];

describe('computePerformance', () => {
  it('gives exactly the performance.json keys, in order, for a worked example', () => {
    // Figures from the python3 restatement described in return-stats.unit.test.ts.
    const perf = computePerformance({
      initialEquity: '1000000', finalEquity: '1029612.4779500', returns: [0.01, -0.02, 0.015, 0.0, -0.005, 0.03], roundTrips: 3, fills: 7,
    });
    expect(Object.keys(perf)).toStrictEqual(KEYS);
    expect(perf.final_equity).toBe('1029612.47795');
    expect(perf.round_trips).toBe(3);
    expect(perf.fills).toBe(7);
    const expected = {
      total_return: 0.02961247794999977, cagr: 2.4064300978355613, annual_volatility: 0.2749545416973504, sharpe: 4.58257569495584,
      sortino: 9.430862975920508, max_drawdown: -0.020000000000000018, calmar: 120.32150489177796,
    };
    for (const [key, value] of Object.entries(expected)) expect(perf[key as keyof typeof expected], key).toBeCloseTo(value, 12);
  });

  it.each([
    ['no steps', []],
    ['one step', [0.02]],
    ['a PM holding only cash', [0, 0, 0, 0]],
    ['steady gains', [0.001, 0.001, 0.001]],
    ['a total loss', [-1, 0]],
    ['an absurd gain', [1e6, 1e6]],
  ])('writes JSON without NaN or Infinity for %s', (_what, returns) => {
    const perf = computePerformance({ initialEquity: '100', finalEquity: '100', returns, roundTrips: 0, fills: 0 });
    for (const value of Object.values(perf)) {
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
      else expect(value === null || typeof value === 'string').toBe(true);
    }
    expect(JSON.parse(JSON.stringify(perf))).toStrictEqual(perf);
  });

  it('reports a PM holding only cash as all zeros', () => {
    expect(computePerformance({ initialEquity: '500000', finalEquity: '500000.00', returns: [0, 0, 0], roundTrips: 0, fills: 0 })).toStrictEqual({
      final_equity: '500000', total_return: 0, cagr: 0, annual_volatility: 0, sharpe: 0, sortino: 0, max_drawdown: 0, calmar: 0, round_trips: 0, fills: 0,
    });
  });

  it.each<[string, object, new (...args: never[]) => Error]>([
    ['a NaN return', { returns: [0.01, NaN] }, MetricsInputError],
    ['an infinite return', { returns: [Infinity] }, MetricsInputError],
    ['a negative fill count', { fills: -1 }, MetricsInputError],
    ['a fractional round-trip count', { roundTrips: 1.5 }, MetricsInputError],
    ['returns whose product overflows', { returns: Array(60).fill(1e6) }, MetricsInputError],
    ['final equity that is not a decimal', { finalEquity: 'lots' }, InvalidDecimalError],
    ['initial equity that is not a decimal', { initialEquity: '' }, InvalidDecimalError],
  ])('rejects %s', (_what, patch, error) => {
    const input = { initialEquity: '1', finalEquity: '1', returns: [0.01, 0.02], roundTrips: 0, fills: 0, ...patch };
    expect(() => computePerformance(input)).toThrow(error);
  });
});
