import { describe, expect, it } from 'vitest';
import { MomentumStrategy } from './momentum.js';
import type { Strategy } from './strategy.js';

function emissions(strategy: Strategy, closes: readonly (number | null)[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  closes.forEach((close, step) => {
    const closesMap = new Map<string, number>(close === null ? [] : [['X', close]]);
    for (const c of strategy.onStep({ step, date: `d${step}`, closes: closesMap })) out.push([step, c.direction, c.score]);
  });
  return out;
}

const momentum = (allowShort: boolean, threshold = 0.05) =>
  new MomentumStrategy('m', ['X'], { type: 'momentum', fastPeriod: 1, slowPeriod: 2, threshold, allowShort });

//              step:  0    1    2    3    4    5   6   7
const SERIES = [100, 110, 121, 121, 100, 90, 80, 86];
// ROC(1):              .  0.1  0.1   0  −.174 −.1 −.111 .075
// ROC(2):              .   .  0.21  0.1 −.174 −.256 −.2 −.044
// step 2: 0.1 > 0.05 and 0.21 > 0 → long;  step 3: ROC(1) = 0 inside the band → flat;
// step 4: −0.174 < −0.05 and −0.174 < 0 → short (if allowed); steps 5–6 stay short;
// step 7: ROC(1) = 0.075 > 0.05 but ROC(2) = 86/90 − 1 < 0 → neither leg agrees → flat.
describe('momentum (fast 1, slow 2, threshold 0.05)', () => {
  it.each([
    [false, [[2, 1, 0.1], [3, 0, 0]]],
    [true, [[2, 1, 0.1], [3, 0, 0], [4, -1, 100 / 121 - 1], [7, 0, 86 / 80 - 1]]],
  ])('with allowShort %s emits %j', (allowShort, expected) => {
    const got = emissions(momentum(allowShort), SERIES);
    expect(got.map(([step, direction]) => [step, direction])).toEqual(expected.map(([s, d]) => [s, d]));
    got.forEach(([, , score], i) => expect(score).toBeCloseTo(expected[i]?.[2] as number, 12));
  });

  it('stays flat inside the threshold band even when both legs rise', () => {
    // ROC(1) = 103/100 − 1 = 0.03 <= 0.05 while ROC(2) = 0.0609 > 0.
    expect(emissions(momentum(true), [100, 100, 103, 103])).toEqual([]);
    expect(emissions(momentum(true, 0), [100, 100, 103])).toEqual([[2, 1, expect.closeTo(0.03, 12)]]);
  });

  it('counts bars, not steps: a missing bar delays the first decision', () => {
    expect(emissions(momentum(false), [100, null, 110, 121]).map(([s, d]) => [s, d])).toEqual([[3, 1]]);
  });

  it('never emits before the slow leg has slowPeriod + 1 bars', () => {
    expect(emissions(momentum(true), [100, 200])).toEqual([]);
  });
});
