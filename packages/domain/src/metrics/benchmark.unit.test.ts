import { describe, expect, it } from 'vitest';
import { benchmarkReturns, benchmarkStats } from './benchmark.js';

const ANNUAL = Math.sqrt(252);

describe('benchmark statistics', () => {
  it('reads step returns from closes: 0 first, 0 on a step without a close, then from the last close seen', () => {
    expect(benchmarkReturns(['100', '110', undefined, '99', '99'])).toEqual([0, 0.10000000000000009, 0, 99 / 110 - 1, 0]);
    expect(benchmarkReturns([undefined, '50', '55'])).toEqual([0, 0, 0.10000000000000009]);
  });

  it('a portfolio that is the benchmark levered twice: beta 2, alpha 0, active return = the benchmark', () => {
    const b = [0.005, 0.01, -0.005, 0.015];
    const s = benchmarkStats('SPY', b.map((x) => 2 * x), b);
    expect(s.beta).toBeCloseTo(2, 12);
    expect(s.alpha).toBeCloseTo(0, 12);
    // active = b: mean 0.00625; deviations −0.00125, 0.00375, −0.01125, 0.00875; Σ² = 2.1875e-4; /3 → std 0.008539125638
    expect(s.tracking_error).toBeCloseTo(0.008539125638299665 * ANNUAL, 12);
    expect(s.information_ratio).toBeCloseTo((0.00625 / 0.008539125638299665) * ANNUAL, 10);
    expect(s.benchmark_return).toBeCloseTo(1.005 * 1.01 * 0.995 * 1.015 - 1, 14);
  });

  it('a constant daily edge over the benchmark: beta 1, alpha = (1 + edge)^252 − 1, no tracking error, an unbounded information ratio', () => {
    const b = [0.25, -0.5, 0.125, 0]; // binary fractions: the active returns are exactly 1/64
    const s = benchmarkStats('SPY', b.map((x) => x + 1 / 64), b);
    expect(s.beta).toBeCloseTo(1, 12);
    expect(s.alpha! / ((1 + 1 / 64) ** 252 - 1)).toBeCloseTo(1, 10);
    expect([s.tracking_error, s.information_ratio]).toEqual([0, null]);
  });

  it('a benchmark that never moves has no beta and no alpha', () => {
    expect(benchmarkStats('X', [0.01, 0.02], [0, 0])).toMatchObject({ beta: null, alpha: null, benchmark_return: 0 });
  });

  it('rejects series of different lengths', () => {
    expect(() => benchmarkStats('X', [0.01], [0, 0])).toThrow('differ in length');
  });
});
