import { describe, expect, it } from 'vitest';
import { correlationMatrix } from './correlation.js';
import { MetricsInputError } from './metrics-error.js';

// Expected correlations from a python3 script (math only): sxy / sqrt(sxx * syy) over deviations
// from each series' mean.
const x = [0.01, -0.02, 0.015, 0.0, -0.005, 0.03];
const y = [0.005, -0.01, 0.02, 0.01, -0.01, 0.02];
const z = [0.002, 0.001, -0.003, 0.004, 0.0, -0.001];

describe('correlationMatrix', () => {
  it('computes pairwise Pearson correlations of a worked example', () => {
    const m = correlationMatrix([x, y, z]);
    const expected = [
      [1, 0.8721430411136097, -0.42784441968737547],
      [0.8721430411136097, 1, -0.3488721652894964],
      [-0.42784441968737547, -0.3488721652894964, 1],
    ];
    m.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12)));
  });

  it('is exactly symmetric', () => {
    const m = correlationMatrix([x, y, z]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(m[i]![j]).toBe(m[j]![i]);
  });

  it.each<[string, number[][], number[][]]>([
    ['no series', [], []],
    ['one series', [x], [[1]]],
    ['a series and a multiple of it', [[1, 2, 3, 4], [2, 4, 6, 8]], [[1, 1], [1, 1]]],
    ['a series and its mirror', [[1, 2, 3, 4], [4, 3, 2, 1]], [[1, -1], [-1, 1]]],
    ['a series that does not vary (a PM holding cash)', [x, [0, 0, 0, 0, 0, 0], [0.01, 0.01, 0.01, 0.01, 0.01, 0.01]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]],
    ['series of one point', [[0.1], [0.2]], [[1, 0], [0, 1]]],
    ['empty series', [[], []], [[1, 0], [0, 1]]],
  ])('handles %s', (_what, series, expected) => {
    const m = correlationMatrix(series);
    expect(m.length).toBe(expected.length);
    m.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12)));
  });

  it.each([
    ['series of different lengths', [[1, 2, 3], [1, 2]]],
    ['a NaN value', [[1, NaN, 3], [1, 2, 3]]],
  ])('rejects %s', (_what, series) => {
    expect(() => correlationMatrix(series)).toThrow(MetricsInputError);
  });
});
