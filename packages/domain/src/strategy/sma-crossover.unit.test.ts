import { describe, expect, it } from 'vitest';
import { SmaCrossoverStrategy } from './sma-crossover.js';
import type { StepCloses, Strategy } from './strategy.js';

/** Runs one symbol X through the closes (null = no bar) and lists [step, direction, score] per emission. */
function emissions(strategy: Strategy, closes: readonly (number | null)[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  closes.forEach((close, step) => {
    const step_: StepCloses = { step, date: `d${step}`, closes: new Map(close === null ? [] : [['X', close]]) };
    for (const c of strategy.onStep(step_)) out.push([step, c.direction, c.score]);
  });
  return out;
}

const crossover = (allowShort: boolean, fast = 2, slow = 3) =>
  new SmaCrossoverStrategy('x', ['X'], { type: 'sma_crossover', fast, slow, allowShort });

// With fast = 2 and slow = 3, fast − slow on bar t is (x[t] + x[t−1] − 2·x[t−2]) / 6.
describe('sma_crossover (fast 2, slow 3)', () => {
  it.each([
    // diff from step 2: −0.5, +0.5 (up-cross), +1.667, −1.5 (down-cross), −3
    ['an up-cross then a down-cross, long only', [9, 8, 7, 12, 12, 3, 3], false, [[3, 1, 1], [5, 0, -1]]],
    ['an up-cross then a down-cross, short allowed', [9, 8, 7, 12, 12, 3, 3], true, [[3, 1, 1], [5, -1, -1]]],
    // diff −0.667, 0 (fast = slow = 8), +0.333: the last non-zero diff was below, so step 4 crosses up.
    ['below, then equal, then above', [10, 8, 8, 8, 10], false, [[4, 1, 1]]],
    // diff +0.667, 0, +0.333: fast only touched slow, so there is no cross (a "<=" rule would see one).
    ['above, then equal, then above again', [6, 8, 8, 8, 10], false, []],
    // diff −0.5, +0.5 (up), 0 (fast = slow = 7), −2: the touch does not reset, step 5 crosses down.
    ['long, then equal, then below', [9, 8, 7, 12, 2, 10], true, [[3, 1, 1], [5, -1, -1]]],
    // First bar with both ready already has fast above slow (+0.667): no previous bar, so no cross.
    ['fast above slow on the first ready bar', [10, 4, 20, 20], false, []],
    // diff −0.5, −1, −1.333: never above, so nothing to cross.
    ['staying below after warming up below', [9, 8, 7, 3, 3], true, []],
    ['a flat series', [5, 5, 5, 5, 5, 5], true, []],
  ])('emits the exact steps for %s', (_name, closes, allowShort, expected) => {
    expect(emissions(crossover(allowShort), closes)).toEqual(expected);
  });

  it('emits a short on a first down-cross when shorts are allowed', () => {
    // diff +0.667 (seed above), then 3: (3 + 10 − 16)/6 = −0.5 → down-cross at step 3.
    expect(emissions(crossover(true), [6, 8, 10, 3])).toEqual([[3, -1, -1]]);
    expect(emissions(crossover(false), [6, 8, 10, 3])).toEqual([]);
  });

  it('does not advance on a step without a bar: the same crosses come one step later', () => {
    expect(emissions(crossover(false), [9, 8, null, 7, 12, 12, 3, 3])).toEqual([[4, 1, 1], [6, 0, -1]]);
  });

  it('never emits when the series is shorter than the slow period', () => {
    expect(emissions(crossover(true, 2, 5), [10, 1, 50, 2])).toEqual([]);
  });

  it('keeps each symbol separate and skips only the one without a bar', () => {
    const s = new SmaCrossoverStrategy('xy', ['X', 'Y'], { type: 'sma_crossover', fast: 2, slow: 3, allowShort: true });
    const x = [9, 8, 7, 12, 12, 3, 3];
    const y = [9, 8, 7, null, 12, 12, 3];
    const got = x.map((cx, step) => {
      const closes = new Map<string, number>([['X', cx]]);
      const cy = y[step];
      if (cy !== null && cy !== undefined) closes.set('Y', cy);
      return s.onStep({ step, date: `d${step}`, closes }).map((c) => `${c.symbol}${c.direction}`);
    });
    // X crosses on steps 3 and 5 as alone; Y, missing on step 3, crosses on its 4th and 6th bars.
    expect(got).toEqual([[], [], [], ['X1'], ['Y1'], ['X-1'], ['Y-1']]);
    expect(s.direction('X')).toBe(-1);
    expect(s.direction('Y')).toBe(-1);
    expect(s.direction('Z')).toBe(0);
  });

  it('ignores closes of symbols it does not trade and trades each listed symbol once', () => {
    const s = new SmaCrossoverStrategy('x', ['X', 'X'], { type: 'sma_crossover', fast: 2, slow: 3, allowShort: false });
    expect(s.symbols).toEqual(['X']);
    const got = [9, 8, 7, 12].flatMap((close, step) =>
      s.onStep({ step, date: `d${step}`, closes: new Map([['X', close], ['Z', 1 / (step + 1)]]) }),
    );
    expect(got).toEqual([{ symbol: 'X', direction: 1, score: 1 }]);
  });
});
