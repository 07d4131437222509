import { describe, expect, it } from 'vitest';
import { RateOfChange } from './rate-of-change.js';
import { InvalidPeriodError } from './indicator.js';

function feed(period: number, xs: readonly number[]): number[] {
  const roc = new RateOfChange(period);
  return xs.map((x) => {
    roc.update(x);
    return roc.value;
  });
}

describe('RateOfChange', () => {
  it.each([
    // 121/100 − 1 = 0.21, 99/110 − 1 = −0.1, 110/121 − 1 = −1/11, 132/99 − 1 = 1/3 (ring of 3 wrapped twice)
    [2, [100, 110, 121, 99, 110, 132], [NaN, NaN, 0.21, -0.1, -1 / 11, 1 / 3]],
    // 50/40 − 1 = 0.25, 30/50 − 1 = −0.4
    [1, [40, 50, 30], [NaN, 0.25, -0.4]],
  ])('over %i steps of %j gives %j', (period, xs, expected) => {
    const got = feed(period, xs);
    expect(got.map(Number.isNaN)).toEqual(expected.map(Number.isNaN));
    got.forEach((v, i) => {
      if (!Number.isNaN(v)) expect(v).toBeCloseTo(expected[i] as number, 14);
    });
  });

  it('needs period + 1 values before it is ready', () => {
    const roc = new RateOfChange(3);
    const readiness = [1, 2, 3, 4, 5].map((x) => {
      roc.update(x);
      return roc.ready;
    });
    expect(readiness).toEqual([false, false, false, true, true]);
  });

  it('is NaN when the base value is zero', () => {
    expect(feed(2, [0, 5, 6]).at(-1)).toBeNaN();
  });

  it.each([0, -3, 0.5])('rejects period %d', (period) => {
    expect(() => new RateOfChange(period)).toThrow(InvalidPeriodError);
  });
});
