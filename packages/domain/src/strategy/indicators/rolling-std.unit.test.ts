import { describe, expect, it } from 'vitest';
import { RollingStd } from './rolling-std.js';
import { InvalidPeriodError } from './indicator.js';

function feed(period: number, xs: readonly number[]): { std: number; mean: number }[] {
  const s = new RollingStd(period);
  return xs.map((x) => {
    s.update(x);
    return { std: s.value, mean: s.mean };
  });
}

describe('RollingStd', () => {
  // Window of 4 over 2,4,4,4,5,5,7,9. Sum of squared deviations / (n − 1):
  //   [2,4,4,4] mean 3.5:  2.25+0.25+0.25+0.25 = 3     → var 1     → std 1
  //   [4,4,4,5] mean 4.25: 3×0.0625+0.5625 = 0.75      → var 0.25  → std 0.5
  //   [4,4,5,5] mean 4.5:  4×0.25 = 1                  → var 1/3   → std 0.5773502692
  //   [4,5,5,7] mean 5.25: 1.5625+2×0.0625+3.0625=4.75 → var 4.75/3 → std 1.2583057392
  //   [5,5,7,9] mean 6.5:  2.25+2.25+0.25+6.25 = 11    → var 11/3  → std 1.9148542155
  it.each([
    [3, 3.5, 1],
    [4, 4.25, 0.5],
    [5, 4.5, 0.5773502692],
    [6, 5.25, 1.2583057392],
    [7, 6.5, 1.9148542155],
  ])('after value #%i of 2,4,4,4,5,5,7,9 has mean %d and std %d', (index, mean, std) => {
    const got = feed(4, [2, 4, 4, 4, 5, 5, 7, 9])[index];
    expect(got?.mean).toBeCloseTo(mean, 12);
    expect(got?.std).toBeCloseTo(std, 9);
  });

  it('divides by n − 1, not n (ddof = 1)', () => {
    // [1, 3]: deviations ±1, squares sum 2; 2 / (2 − 1) = 2 → √2 (the population std would be 1).
    expect(feed(2, [1, 3])[1]?.std).toBeCloseTo(Math.SQRT2, 14);
  });

  it('is NaN until the window is full', () => {
    const got = feed(3, [1, 2]);
    expect(got.map((g) => g.std)).toEqual([NaN, NaN]);
    expect(got.map((g) => g.mean)).toEqual([NaN, NaN]);
  });

  it('gives exactly zero std and the exact value for a flat window after varied values', () => {
    expect(feed(3, [1.1, 2.3, 5.7, 5.7, 5.7]).at(-1)).toEqual({ std: 0, mean: 5.7 });
  });

  it('stays accurate over many wraps of the ring', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => 100 + ((i * 7919) % 101) / 10);
    const tail = xs.slice(-30);
    const mean = tail.reduce((a, b) => a + b, 0) / 30;
    const std = Math.sqrt(tail.reduce((a, b) => a + (b - mean) ** 2, 0) / 29);
    const got = feed(30, xs).at(-1);
    expect(got?.mean).toBeCloseTo(mean, 10);
    expect(got?.std).toBeCloseTo(std, 10);
  });

  it.each([1, 0, 2.5])('rejects period %d (a sample std needs two values)', (period) => {
    expect(() => new RollingStd(period)).toThrow(InvalidPeriodError);
  });
});
