import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, decText, type Dec } from '../money/decimal.js';
import { splitBlock, splitOrder, SplitInputError, type HoldingAccount, type SplitMethodName, type SplitSpec } from './split.js';

/** [id, capital, position] */
const accts = (...list: [string, number, number][]): HoldingAccount[] => list.map(([id, c, p]) => ({ id, capital: new D(c), position: new D(p) }));
const spec = (method: SplitMethodName, over: Partial<SplitSpec> = {}): SplitSpec => ({ method, lot: new D(1), ...over });
const qtys = (s: { allocations: readonly { qty: Dec }[] }) => s.allocations.map((a) => decText(a.qty));

describe('splitOrder: blocks that reduce positions, worked by hand', () => {
  it.each([
    // capital 50:50 would sell 25/25; holdings 60:40 sell 30/20
    ['a sell that only reduces goes by holdings, not capital', 50, 'sell', accts(['a', 5, 60], ['b', 5, 40]), spec('pro_rata'), ['30', '20'], '0'],
    // 5 × 7/11 = 3.18, 5 × 3/11 = 1.36, 5 × 1/11 = 0.45 → 3, 1, 0 and one odd lot to the largest remainder, c
    ['largest remainder among holdings', 5, 'sell', accts(['a', 1, 7], ['b', 1, 3], ['c', 1, 1]), spec('pro_rata'), ['3', '1', '1'], '0'],
    // 3 × 1/6 = 0.5, 3 × 2/6 = 1, 3 × 3/6 = 1.5: a and c tie on remainder → the larger holding, c
    ['ties on remainder go to the larger holding', 3, 'sell', accts(['a', 1, 1], ['b', 1, 2], ['c', 1, 3]), spec('pro_rata'), ['0', '1', '2'], '0'],
    // equal holdings, equal remainders: the smaller id, a
    ['then to the smaller id', 1, 'sell', accts(['b', 1, 1], ['a', 1, 1]), spec('pro_rata'), ['0', '1'], '0'],
    // selling out: every account sells exactly what it holds, whatever the capitals
    ['selling everything sells each holding', 4, 'sell', accts(['a', 1, 3], ['b', 9, 1]), spec('pro_rata'), ['3', '1'], '0'],
    // a flip: 100 closes the holdings (60, 40), the new 40 short goes by capital 1:3 (10, 30)
    ['a flip closes by holdings and opens by the method', 140, 'sell', accts(['a', 1, 60], ['b', 3, 40]), spec('pro_rata'), ['70', '70'], '0'],
    // a buy covers shorts: shorts 30 and 10 (c is long: not reduced by a buy) → 15, 5, 0
    ['a buy covers short holdings', 20, 'buy', accts(['a', 1, -30], ['b', 1, -10], ['c', 1, 5]), spec('pro_rata'), ['15', '5', '0'], '0'],
    // only holdings on the other side count: b is short, so the sell of 8 is all a's
    ['accounts on the same side as the order take no part of the reduction', 8, 'sell', accts(['a', 1, 10], ['b', 1, -5]), spec('pro_rata'), ['8', '0'], '0'],
    // lot 10: caps 2 and 1 lots; 3 lots × 25/40 = 1.875, × 15/40 = 1.125 → 1, 1 and the odd lot to a
    ['whole lots within holdings', 30, 'sell', accts(['a', 1, 25], ['b', 1, 15]), spec('pro_rata', { lot: new D(10) }), ['20', '10'], '0'],
    // lot 10, holdings 15 and 15: one whole lot each fits; the rest of the reduction stays unallocated
    ['reducing shares that no whole lot fits stay unallocated', 30, 'sell', accts(['a', 1, 15], ['b', 1, 15]), spec('pro_rata', { lot: new D(10) }), ['10', '10'], '10'],
    // the remainder account applies to the new part only: 2 close a's 2; the new 3 split 1:1 → 1 each, the odd lot to b
    ['min_lots and the remainder account apply to the new part only', 5, 'sell', accts(['a', 1, 2], ['b', 1, 0]), spec('pro_rata', { remainderAccount: 'b' }), ['3', '2'], '0'],
    // no holdings: the same as splitBlock by capital 3:1
    ['without holdings it is the method', 8, 'sell', accts(['a', 3, 0], ['b', 1, 0]), spec('pro_rata'), ['6', '2'], '0'],
  ] as const)('%s', (_n, qty, side, a, s, want, unallocated) => {
    const r = splitOrder(new D(qty), side, a, s);
    expect(qtys(r)).toEqual(want);
    expect(decText(r.unallocated)).toBe(unallocated);
  });

  it.each([
    // flip of 140 over holdings 60/40: the reducing 100 by holdings; the new 40 short all to b (a is long only)
    ['a reduce-only account closes its holding and takes none of the new side', 140, [true, false], ['a', 'b'], ['60', '80'], '0'],
    // nobody may open: the new 40 stays unallocated
    ['when no account may open, the opening part stays unallocated', 140, [true, true], ['a', 'b'], ['60', '40'], '40'],
    // no holdings at all and a reduce-only account: the method over the others alone (1:3 → all to b's side)
    ['without holdings the method splits over the accounts that may open', 40, [true, false], ['a', 'b'], ['0', '40'], '0'],
  ] as const)('%s', (_n, qty, reduceOnly, ids, want, unallocated) => {
    const held = qty === 40 ? [0, 0] : [60, 40];
    const a: HoldingAccount[] = ids.map((id, i) => ({ id, capital: new D(i === 0 ? 1 : 3), position: new D(held[i]!), reduceOnly: reduceOnly[i] }));
    const r = splitOrder(new D(qty), 'sell', a, spec('pro_rata'));
    expect(qtys(r)).toEqual(want);
    expect(r.allocations.map((x) => x.id)).toEqual(ids);
    expect(decText(r.unallocated)).toBe(unallocated);
  });

  it('reports the reducing part, the quotas of both parts and the method\'s odd lots only', () => {
    // reduce 100 by holdings 60/40 (quotas 60, 40), new 41 by capital 1:1 (20.5 each, the odd lot to a)
    const r = splitOrder(new D(141), 'sell', accts(['a', 1, 60], ['b', 1, 40]), spec('pro_rata'));
    expect(decText(r.reducing)).toBe('100');
    expect(r.targets.map((t) => [t.id, t.qty.toFixed(2)])).toEqual([['a', '80.50'], ['b', '60.50']]);
    expect(qtys(r)).toEqual(['81', '60']);
    expect(r.oddLots).toEqual(['a']);
    const pure = splitOrder(new D(5), 'sell', accts(['a', 1, 7], ['b', 1, 3], ['c', 1, 1]), spec('pro_rata'));
    expect(pure.oddLots).toEqual([]);
    expect(pure.dropped).toEqual([]);
  });

  it('keeps the rotation cursor when the block only reduces', () => {
    const r = splitOrder(new D(2), 'sell', accts(['a', 1, 1], ['b', 1, 1]), spec('rotation'), 'a');
    expect(r.rotation).toBe('a');
  });

  it.each([
    ['a position that is not finite', () => splitOrder(new D(5), 'sell', [{ id: 'a', capital: new D(1), position: new D(NaN) }], spec('pro_rata')), /account a: position must be a finite number/],
    ['zero capital', () => splitOrder(new D(5), 'sell', accts(['a', 0, 5]), spec('pro_rata')), /account a: capital must be positive/],
    ['a negative quantity', () => splitOrder(new D(-5), 'sell', accts(['a', 1, 5]), spec('pro_rata')), /quantity must be a non-negative number/],
  ] as const)('rejects %s', (_n, f, message) => {
    expect(f).toThrow(SplitInputError);
    expect(f).toThrow(message);
  });
});

const caseArb = fc.record({
  accounts: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), capital: fc.integer({ min: 1, max: 5_000_000 }), position: fc.integer({ min: -3_000, max: 20_000 }) }), { minLength: 1, maxLength: 20, selector: (a) => a.id }),
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  lot: fc.constantFrom(1, 1, 1, 10, 7),
  method: fc.constantFrom<SplitMethodName>('pro_rata', 'equal', 'rotation'),
  minLots: fc.integer({ min: 0, max: 3 }),
  /** the share of the accounts' holdings the block takes, in per mille (over 1000: a flip) */
  permille: fc.integer({ min: 0, max: 1500 }),
  seed: fc.integer(),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
const build = (c: Case) => {
  const accounts = c.accounts.map((a) => ({ id: a.id, capital: new D(a.capital), position: new D(a.position) }));
  const held = accounts.map((a) => (c.side === 'sell' ? a.position : a.position.neg())).map((h) => (h.gt(0) ? h : new D(0)));
  const total = held.reduce((s, h) => s.plus(h), new D(0));
  const qty = total.times(c.permille).div(1000).floor();
  return { accounts, held, total, qty, spec: { method: c.method, lot: new D(c.lot), minLots: c.minLots } satisfies SplitSpec };
};
const shuffled = <T>(xs: readonly T[], seed: number) => {
  const out = [...xs];
  let x = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('splitOrder: properties', () => {
  it('sums exactly to the quantity in whole, non-negative lots', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, qty, spec: s } = build(c);
        const r = splitOrder(qty, c.side, accounts, s);
        expect(r.allocations.reduce((t, a) => t.plus(a.qty), r.unallocated).eq(qty)).toBe(true);
        for (const a of r.allocations) {
          expect(a.qty.isNeg()).toBe(false);
          expect(a.qty.mod(c.lot).isZero()).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('on a pure reduction no account trades more than it holds, and with lot 1 all of it is placed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, held, total, qty, spec: s } = build(c);
        fc.pre(qty.lte(total));
        const r = splitOrder(qty, c.side, accounts, s);
        r.allocations.forEach((a, i) => expect(a.qty.lte(held[i]!), `${a.id} trades ${decText(a.qty)}, holds ${decText(held[i]!)}`).toBe(true));
        if (c.lot === 1) expect(r.unallocated.isZero()).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('with lot 1 each account\'s part of a reduction is within one share of its holding\'s exact quota', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, held, total, qty } = build(c);
        fc.pre(qty.lte(total) && total.gt(0));
        const r = splitOrder(qty, c.side, accounts, { method: c.method, lot: new D(1) });
        r.allocations.forEach((a, i) => expect(a.qty.minus(qty.times(held[i]!).div(total)).abs().lt(1)).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('a flip closes every holding (lot 1) and splits only the rest by the method', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, held, total, qty, spec: s } = build(c);
        fc.pre(qty.gt(total));
        const r = splitOrder(qty, c.side, accounts, { ...s, lot: new D(1) });
        const rest = splitBlock(qty.minus(total), accounts, { ...s, lot: new D(1) });
        r.allocations.forEach((a, i) => expect(decText(a.qty)).toBe(decText(held[i]!.plus(rest.allocations[i]!.qty))));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order the accounts are listed in', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, qty, spec: s } = build(c);
        const asMap = (list: typeof accounts) => Object.fromEntries(splitOrder(qty, c.side, list, s).allocations.map((a) => [a.id, decText(a.qty)]));
        expect(asMap(shuffled(accounts, c.seed))).toEqual(asMap(accounts));
      }),
      { numRuns: 300 },
    );
  });
});
