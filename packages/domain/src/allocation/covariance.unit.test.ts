import { describe, expect, it } from 'vitest';
import { checkCovariance, CovarianceError, riskContributions, sampleCovariance, sampleMeans } from './covariance.js';

describe('sample statistics', () => {
  it('computes the sample covariance with n - 1 (worked by hand)', () => {
    // a = 1,2,3,4 (mean 2.5); b = 2,4,6,9 (mean 5.25)
    // deviations a: -1.5,-0.5,0.5,1.5; b: -3.25,-1.25,0.75,3.75
    // var a = 5/3; cov = (4.875 + 0.625 + 0.375 + 5.625)/3 = 11.5/3; var b = (10.5625+1.5625+0.5625+14.0625)/3 = 26.75/3
    const c = sampleCovariance([[1, 2, 3, 4], [2, 4, 6, 9]]);
    expect(c[0]![0]).toBeCloseTo(5 / 3, 12);
    expect(c[0]![1]).toBeCloseTo(11.5 / 3, 12);
    expect(c[1]![0]).toBe(c[0]![1]);
    expect(c[1]![1]).toBeCloseTo(26.75 / 3, 12);
    expect(sampleMeans([[1, 2, 3, 4]])).toEqual([2.5]);
  });

  it('uses the common (shortest, most recent) window of all series', () => {
    const c = sampleCovariance([[100, 1, 2, 3, 4], [2, 4, 6, 9]]);
    expect(c[0]![0]).toBeCloseTo(5 / 3, 12);
  });

  it('risk contributions sum to one', () => {
    const rc = riskContributions([0.5, 0.5], [[0.04, 0], [0, 0.01]]);
    // RC ∝ 0.5·0.02 : 0.5·0.005 = 0.8 : 0.2
    expect(rc[0]).toBeCloseTo(0.8, 12);
    expect(rc[1]).toBeCloseTo(0.2, 12);
  });
});

describe('checkCovariance', () => {
  const ids = ['a', 'b', 'c'];
  it('accepts a positive semi-definite matrix, also a singular one', () => {
    expect(() => checkCovariance(ids, [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]])).not.toThrow();
    // perfectly correlated a and b: singular but PSD
    expect(() => checkCovariance(['a', 'b'], [[1, 1], [1, 1]])).not.toThrow();
    expect(() => checkCovariance(['a', 'b'], [[0, 0], [0, 1]])).not.toThrow();
  });

  it.each([
    ['too few rows', [[1, 0, 0], [0, 1, 0]], /not square: 3 ids but 2 rows/],
    ['a short row', [[1, 0, 0], [0, 1], [0, 0, 1]], /not square: 3 ids but row 2 \("b"\) has 2 entries/],
    ['not symmetric', [[1, 0.2, 0], [0.3, 1, 0], [0, 0, 1]], /not symmetric: \["a"\]\["b"\] = 0.2 but \["b"\]\["a"\] = 0.3/],
    ['a negative variance', [[1, 0, 0], [0, -1, 0], [0, 0, 1]], /variance of "b" is negative/],
    ['a correlation above one', [[1, 2, 0], [2, 1, 0], [0, 0, 1]], /"a" and "b" have covariance 2 .*correlation 2.0000/],
    // every pair is a valid correlation (-0.9), but three assets cannot all be -0.9 correlated
    ['pairwise valid but not PSD', [[1, -0.9, -0.9], [-0.9, 1, -0.9], [-0.9, -0.9, 1]], /not positive semi-definite: a combination involving "[abc]" has negative variance/],
    ['a NaN', [[1, 0, 0], [0, Number.NaN, 0], [0, 0, 1]], /entry \["b"\]\["b"\] is not a finite number/],
  ])('rejects %s with a message naming it', (_n, cov, message) => {
    expect(() => checkCovariance(ids, cov)).toThrow(CovarianceError);
    expect(() => checkCovariance(ids, cov)).toThrow(message);
  });
});
