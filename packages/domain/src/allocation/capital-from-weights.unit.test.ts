import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { capitalsFromWeights } from './capital-from-weights.js';

describe('capitalsFromWeights', () => {
  it.each<[string, string, number[], number, string[]]>([
    ['whole cents: nothing left over', '1000000', [0.5, 0.5], 0, ['500000', '500000']],
    ['thirds: the cent left over goes to the first of equal weights', '1000000', [1 / 3, 1 / 3, 1 / 3], 0, ['333333.34', '333333.33', '333333.33']],
    ['fractions of a cent of the firm\'s equity go with it', '5321735.403075', [0.2, 0.3, 0.5], 0, ['1064347.08', '1596520.62', '2660867.703075']],
    ['to the largest weight', '1000600', [2 / 3, 1 / 3], 0, ['667066.67', '333533.33']],
    ['weights a hair under 1 in floats still allocate everything', '100', [0.1, 0.2, 0.7], 0, ['10', '20', '70']],
    ['part held unallocated: only what the weights give, to the cent', '1000000.005', [0.45, 0.45], 0.1, ['450000', '450000']],
  ])('%s', (_what, equity, weights, unallocated, expected) => {
    const capitals = capitalsFromWeights(new D(equity), weights, unallocated);
    expect(capitals.map(decText)).toEqual(expected);
    if (unallocated === 0) expect(decText(capitals.reduce((s, c) => s.plus(c), new D(0)))).toBe(decText(new D(equity)));
  });

  it('gives nothing to no PM', () => {
    expect(capitalsFromWeights(new D(100), [], 0)).toEqual([]);
  });
});
