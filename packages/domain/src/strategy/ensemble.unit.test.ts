import { describe, expect, it } from 'vitest';
import type { EnsembleComponent } from '../config/types.js';
import { EnsembleStrategy } from './ensemble.js';
import type { Strategy } from './strategy.js';

function emissions(strategy: Strategy, closes: readonly (number | null)[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  closes.forEach((close, step) => {
    const closesMap = new Map<string, number>(close === null ? [] : [['X', close]]);
    for (const c of strategy.onStep({ step, date: `d${step}`, closes: closesMap })) out.push([step, c.direction, c.score]);
  });
  return out;
}

// Three components whose directions on bar 2 are known by hand:
//   A momentum(1, 2), shorts allowed  → sign of the move when both legs agree
//   B momentum(1, 2), long only       → +1 on a rise, 0 on a fall
//   C sma_crossover(2, 50)            → never warms up, always 0
const A = { type: 'momentum', fastPeriod: 1, slowPeriod: 2, threshold: 0, allowShort: true } as const;
const B = { ...A, allowShort: false } as const;
const C = { type: 'sma_crossover', fast: 2, slow: 50, allowShort: true } as const;
const UP = [100, 110, 121]; // A = +1, B = +1, C = 0
const DOWN = [100, 90, 80]; // A = −1, B = 0,  C = 0

function ensemble(weights: readonly number[], threshold: number, allowShort: boolean): EnsembleStrategy {
  const components: EnsembleComponent[] = [A, B, C].map((params, i) => ({ weight: weights[i] as number, params }));
  return new EnsembleStrategy('e', ['X'], { type: 'ensemble', components, threshold, allowShort });
}

describe('ensemble blending', () => {
  it.each([
    // blend = Σ wᵢ·dᵢ / Σ|wᵢ|
    ['up', UP, [1, 1, 1], 0.5, false, [[2, 1, 2 / 3]]], // (1+1+0)/3
    ['up', UP, [1, 1, 1], 0.7, false, []], //               2/3 < 0.7
    ['up', UP, [1, 1, 2], 0.5, false, [[2, 1, 0.5]]], //    (1+1)/4 = 0.5 meets the threshold
    ['up', UP, [1, -1, 1], 0.1, true, []], //               (1−1)/3 = 0
    ['up', UP, [3, 1, 0], 1, false, [[2, 1, 1]]], //        (3+1)/4 = 1
    ['down', DOWN, [1, 1, 1], 0.3, true, [[2, -1, -1 / 3]]], // −1/3 <= −0.3
    ['down', DOWN, [1, 1, 1], 0.3, false, []], //           short not allowed → flat, no change
    ['down', DOWN, [1, 1, 1], 0.5, true, []], //            −1/3 > −0.5
    ['down', DOWN, [2, 1, 1], 0.5, true, [[2, -1, -0.5]]], // −2/4 = −0.5 meets −threshold
    ['down', DOWN, [-1, 1, 1], 0.3, false, [[2, 1, 1 / 3]]], // a negative weight votes against A: +1/3
  ])('%s with weights %j, threshold %d, allowShort %s emits %j', (_name, closes, weights, threshold, allowShort, expected) => {
    expect(emissions(ensemble(weights, threshold, allowShort), closes)).toEqual(expected);
  });

  it('emits only when the blended direction changes, with the blend as score', () => {
    // A and B: step 2 both +1 → blend 1; step 3 ROC(1) = 0 → both 0 → blend 0;
    // step 4 falls (ROC(1) and ROC(2) = 100/121 − 1) → A −1, B 0 → blend −0.5; step 5 keeps −0.5.
    const s = new EnsembleStrategy('e', ['X'], {
      type: 'ensemble',
      components: [{ weight: 1, params: A }, { weight: 1, params: B }],
      threshold: 0.5,
      allowShort: true,
    });
    expect(emissions(s, [100, 110, 121, 121, 100, 90])).toEqual([[2, 1, 1], [3, 0, 0], [4, -1, -0.5]]);
  });

  it('advances its components only on steps with a bar', () => {
    const s = ensemble([1, 1, 1], 0.5, false);
    expect(emissions(s, [100, null, 110, null, 121])).toEqual([[4, 1, 2 / 3]]);
  });
});
