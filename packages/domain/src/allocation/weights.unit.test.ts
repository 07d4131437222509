import { describe, expect, it } from 'vitest';
import { equalWeights, rebalanceDue, sampleStd } from './weights.js';

describe('capital weights', () => {
  it('equal weights sum to one', () => {
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('sample std uses n - 1', () => {
    // mean 2.5; squared deviations 2.25+0.25+0.25+2.25 = 5; / 3 = 1.6667
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
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
