import { describe, expect, it } from 'vitest';
import { latencySummary, percentile } from './percentile.js';

describe('percentile', () => {
  it.each([
    // numpy.percentile([1,2,3,4], q) with linear interpolation: 2.5, 3.97, 1, 4
    [[4, 1, 3, 2], 0.5, 2.5],
    [[4, 1, 3, 2], 0.99, 3.97],
    [[4, 1, 3, 2], 0, 1],
    [[4, 1, 3, 2], 1, 4],
    [[7], 0.99, 7],
  ])('%j at %d is %d', (xs, q, want) => {
    expect(percentile(xs, q)).toBeCloseTo(want, 10);
  });

  it('is NaN for no values, and the summary says 0 of them', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(latencySummary([])).toEqual({ p50: 0, p99: 0, max: 0, n: 0 });
    expect(latencySummary([1, 2, 3, 4])).toEqual({ p50: 2.5, p99: 3.97, max: 4, n: 4 });
  });

  it('summarises a sample of a million without overflowing the stack', () => {
    const xs = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_000);
    expect(latencySummary(xs)).toEqual({ p50: 499999.5, p99: 989999.01, max: 999999, n: 1_000_000 });
  });
});
