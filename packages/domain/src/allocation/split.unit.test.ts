import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { splitProRata, SplitInputError } from './split.js';

const accts = (...caps: [string, number | string][]) => caps.map(([id, c]) => ({ id, capital: new D(c) }));
const run = (qty: number, a: ReturnType<typeof accts>, lot = 1) => {
  const s = splitProRata(new D(qty), a, new D(lot));
  return { q: s.allocations.map((x) => decText(x.qty)), u: decText(s.unallocated) };
};

describe('splitProRata', () => {
  it.each([
    // worked by hand: quotas, floors, remainders
    ['even split', 100, accts(['a', 1], ['b', 1]), 1, ['50', '50'], '0'],
    ['3:2 on 100', 100, accts(['a', 300000], ['b', 200000]), 1, ['60', '40'], '0'],
    // 10 × (1/3,1/3,1/3) = 3.33 each: floors 3,3,3, one left → equal remainders and capitals → smallest id
    ['thirds, tie to the smallest id', 10, accts(['c', 1], ['a', 1], ['b', 1]), 1, ['3', '4', '3'], '0'],
    // 7 × (5,3,2)/10 = 3.5, 2.1, 1.4 → floors 3,2,1 (6), one left → largest remainder a (0.5)
    ['largest remainder wins', 7, accts(['a', 5], ['b', 3], ['c', 2]), 1, ['4', '2', '1'], '0'],
    // 250 with lot 100 → 2 lots, 50 unallocated; 2 × (1/2,1/2) = 1,1
    ['lots: odd shares are not allocated', 250, accts(['a', 1], ['b', 1]), 100, ['100', '100'], '50'],
    // 3 lots × (0.6,0.4) = 1.8, 1.2 → 1,1 + one to a (0.8)
    ['lots by remainder', 300, accts(['a', 6], ['b', 4]), 100, ['200', '100'], '0'],
    ['tie on remainder goes to the larger capital', 1, accts(['a', 1], ['b', 1], ['z', 2]), 1, ['0', '0', '1'], '0'],
    ['decimal capitals are exact', 3, accts(['a', '0.1'], ['b', '0.2']), 1, ['1', '2'], '0'],
    ['zero quantity gives zeros', 0, accts(['a', 1], ['b', 2]), 1, ['0', '0'], '0'],
  ] as const)('%s', (_n, qty, a, lot, want, unalloc) => {
    const r = run(qty, a, lot);
    expect(r.q).toEqual(want);
    expect(r.u).toBe(unalloc);
  });

  it('does not depend on the order accounts are listed in', () => {
    const a = accts(['x', 7], ['y', 11], ['z', 13], ['w', 11]);
    const forward = Object.fromEntries(splitProRata(new D(997), a).allocations.map((x) => [x.id, decText(x.qty)]));
    const backward = Object.fromEntries(splitProRata(new D(997), [...a].reverse()).allocations.map((x) => [x.id, decText(x.qty)]));
    expect(backward).toEqual(forward);
  });

  it.each([
    ['non-positive capital', () => splitProRata(new D(10), accts(['a', 0]))],
    ['negative capital', () => splitProRata(new D(10), accts(['a', -1]))],
    ['fractional lot', () => splitProRata(new D(10), accts(['a', 1]), new D('0.5'))],
    ['duplicate account', () => splitProRata(new D(10), accts(['a', 1], ['a', 2]))],
  ])('rejects %s', (_n, f) => {
    expect(f).toThrow(SplitInputError);
  });
});
