import { describe, expect, it } from 'vitest';
import { MeanReversionStrategy } from './mean-reversion.js';
import type { Strategy } from './strategy.js';

function emissions(strategy: Strategy, closes: readonly (number | null)[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  closes.forEach((close, step) => {
    const closesMap = new Map<string, number>(close === null ? [] : [['X', close]]);
    for (const c of strategy.onStep({ step, date: `d${step}`, closes: closesMap })) out.push([step, c.direction, c.score]);
  });
  return out;
}

const meanReversion = (allowShort: boolean, exitThreshold = 0, entryThreshold = 1) =>
  new MeanReversionStrategy('mr', ['X'], { type: 'mean_reversion', lookback: 3, entryThreshold, exitThreshold, allowShort });

// z over the last 3 closes, sample std:
//   step 2 [10,10,7]:  mean 9,      std √3 = 1.7321,       z = −2/√3     = −1.1547 → enter long
//   step 3 [10,7,8]:   mean 8.333,  std √(7/3) = 1.5275,   z = −1/3/1.5275 = −0.2182
//   step 4 [7,8,10]:   mean 8.333,  std 1.5275,            z = 5/3/1.5275 = +1.0911
//   step 5 [8,10,13]:  mean 10.333, std √(19/3) = 2.5166,  z = 8/3/2.5166 = +1.0596
//   step 6 [10,13,10]: mean 11,     std √3,                z = −1/√3      = −0.5774
//   step 8 [10,10,10]: std 0 → no signal
const SERIES = [10, 10, 7, 8, 10, 13, 10, 10, 10];
const Z = { 2: -2 / Math.sqrt(3), 3: -1 / 3 / Math.sqrt(7 / 3), 4: 5 / 3 / Math.sqrt(7 / 3), 6: -1 / Math.sqrt(3) };

describe('mean_reversion (lookback 3, entry 1)', () => {
  it.each([
    // exit 0: step 3 z = −0.218 < 0 holds the long; step 4 z = 1.09 >= 0 exits.
    ['long only, exit 0', false, 0, [[2, 1, Z[2]], [4, 0, Z[4]]]],
    // Shorts allowed: step 4 exits the long and, z > 1, enters short at once; step 5 z = 1.06 > 0 holds;
    // step 6 z = −0.577 <= 0 exits the short.
    ['short allowed, exit 0', true, 0, [[2, 1, Z[2]], [4, -1, Z[4]], [6, 0, Z[6]]]],
    // exit 0.5: the long exits once z >= −0.5, already at step 3 (z = −0.218).
    ['long only, exit 0.5', false, 0.5, [[2, 1, Z[2]], [3, 0, Z[3]]]],
  ])('emits the exact steps %s', (_name, allowShort, exit, expected) => {
    const got = emissions(meanReversion(allowShort, exit), SERIES);
    expect(got.map(([s, d]) => [s, d])).toEqual(expected.map(([s, d]) => [s, d]));
    got.forEach(([, , z], i) => expect(z).toBeCloseTo(expected[i]?.[2] as number, 12));
  });

  it('keeps the position through a flat window instead of reading std 0 as z 0', () => {
    // step 3 [10,7,7]: z = −1/√3 holds the long; steps 4–5 are [7,7,7] with std 0.
    const s = meanReversion(true);
    expect(emissions(s, [10, 10, 7, 7, 7, 7]).map(([st, d]) => [st, d])).toEqual([[2, 1]]);
    expect(s.direction('X')).toBe(1);
  });

  it('does not count a step without a bar towards the lookback', () => {
    expect(emissions(meanReversion(false), [10, null, 10, 7]).map(([s, d]) => [s, d])).toEqual([[3, 1]]);
  });

  it('never emits before lookback bars', () => {
    expect(emissions(meanReversion(true), [10, 1])).toEqual([]);
  });
});
