import { describe, expect, it } from 'vitest';
import { SimpleMovingAverage } from './simple-moving-average.js';
import { InvalidPeriodError } from './indicator.js';

/** Feeds every value and records `value` after each update (NaN while warming up). */
function feed(period: number, xs: readonly number[]): number[] {
  const sma = new SimpleMovingAverage(period);
  return xs.map((x) => {
    sma.update(x);
    return sma.value;
  });
}

describe('SimpleMovingAverage', () => {
  it.each([
    // (10+20+60)/3 = 30, (20+60+10)/3 = 30, (60+10+50)/3 = 40, (10+50+0)/3 = 20: the last three wrap the ring.
    [3, [10, 20, 60, 10, 50, 0], [NaN, NaN, 30, 30, 40, 20]],
    // (1+3)/2 = 2, (3+8)/2 = 5.5, (8-2)/2 = 3
    [2, [1, 3, 8, -2], [NaN, 2, 5.5, 3]],
    [1, [4, 7, 5], [4, 7, 5]],
  ])('with period %i over %j gives %j', (period, xs, expected) => {
    expect(feed(period, xs)).toEqual(expected);
  });

  it('is ready only once a full window has been seen', () => {
    const sma = new SimpleMovingAverage(3);
    const readiness = [1, 2, 3, 4].map((x) => {
      sma.update(x);
      return sma.ready;
    });
    expect(readiness).toEqual([false, false, true, true]);
  });

  it('returns a flat window value exactly, without rounding residue from earlier values', () => {
    // A plain running sum gives 0.7000000000000001 here.
    expect(feed(3, [0.1, 0.2, 0.3, 0.7, 0.7, 0.7]).at(-1)).toBe(0.7);
  });

  it('stays accurate over many wraps of the ring', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => 100 + ((i * 7919) % 101) / 10);
    const got = feed(20, xs).at(-1) as number;
    const exact = xs.slice(-20).reduce((a, b) => a + b, 0) / 20;
    expect(got).toBeCloseTo(exact, 12);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects period %d', (period) => {
    expect(() => new SimpleMovingAverage(period)).toThrow(InvalidPeriodError);
  });
});
