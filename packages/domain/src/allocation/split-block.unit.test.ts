import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, decText, type Dec } from '../money/decimal.js';
import { splitBlock, SplitInputError, type SplitMethodName, type SplitSpec } from './split.js';

const accts = (...caps: [string, number | string][]) => caps.map(([id, c]) => ({ id, capital: new D(c) }));
const spec = (method: SplitMethodName, over: Partial<SplitSpec> = {}): SplitSpec => ({ method, lot: new D(1), ...over });
const qtys = (s: { allocations: readonly { qty: Dec }[] }) => s.allocations.map((a) => decText(a.qty));

describe('splitBlock: worked by hand', () => {
  it.each([
    // equal: 10 / 3 = 3.33 each → 3,3,3 and one odd lot: equal remainders and weights → smallest id
    ['equal ignores capital', 10, accts(['b', 900], ['a', 100], ['c', 5]), spec('equal'), ['3', '4', '3']],
    // custom 2:1:1 on 9 → 4.5, 2.25, 2.25 → 4,2,2 + one to the largest remainder (a, 0.5)
    ['custom ratios', 9, accts(['a', 1], ['b', 1], ['c', 1]), spec('custom', { ratios: new Map([['a', new D(2)], ['b', new D(1)], ['c', new D(1)]]) }), ['5', '2', '2']],
    // remainder account c gets every odd lot: 11 / 3 → 3,3,3 and 2 left, both to c
    ['remainder account takes every odd lot', 11, accts(['a', 1], ['b', 1], ['c', 1]), spec('pro_rata', { remainderAccount: 'c' }), ['3', '3', '5']],
    // min_lots 10 on 30 lots, capital 4:3:3 → quotas 12, 9, 9: drop c first (equal weights: larger id
    // first), then b's quota is 30·3/7 = 12.86 ≥ 10 so b stays: 120/7 = 17 r1, 90/7 = 12 r6 → b gets the odd lot
    ['min lots drops the smallest and re-apportions', 30, accts(['a', 4], ['b', 3], ['c', 3]), spec('pro_rata', { minLots: 10 }), ['17', '13', '0']],
    // min_lots 5 with lot 100: 300 shares = 3 lots < 5 for everyone → nothing allocated
    ['a block under min lots allocates nothing', 300, accts(['a', 1], ['b', 1]), spec('pro_rata', { minLots: 5, lot: new D(100) }), ['0', '0']],
  ] as const)('%s', (_n, qty, a, s, want) => {
    expect(qtys(splitBlock(new D(qty), a, s))).toEqual(want);
  });

  it('reports quotas, dropped accounts and odd lots', () => {
    const s = splitBlock(new D(30), accts(['a', 4], ['b', 3], ['c', 3]), spec('pro_rata', { minLots: 10 }));
    expect(s.targets.map((t) => [t.id, t.qty.toFixed(4)])).toEqual([['a', '12.0000'], ['b', '9.0000'], ['c', '9.0000']]);
    expect(s.dropped).toEqual(['c']);
    expect(s.oddLots).toEqual(['b']);
    const all = splitBlock(new D(300), accts(['a', 1], ['b', 1]), spec('pro_rata', { minLots: 5, lot: new D(100) }));
    expect(decText(all.unallocated)).toBe('300');
  });

  it('rotation hands the odd lot to the next account in turn, block after block', () => {
    const a = accts(['a', 1], ['b', 1], ['c', 1]);
    let cursor: string | undefined;
    const got: string[] = [];
    for (let block = 0; block < 4; block++) {
      const s = splitBlock(new D(10), a, spec('rotation'), cursor);
      got.push(s.oddLots.join());
      cursor = s.rotation;
    }
    expect(got).toEqual(['a', 'b', 'c', 'a']);
  });

  it('rotation splits pro rata to capital and rotates only among accounts whose quota is not whole', () => {
    // capital 1:1:2 on 2 lots: quotas 0.5, 0.5, 1 → c's is whole, so the odd lot alternates a, b
    const a = accts(['a', 1], ['b', 1], ['c', 2]);
    const s1 = splitBlock(new D(2), a, spec('rotation'));
    const s2 = splitBlock(new D(2), a, spec('rotation'), s1.rotation);
    const s3 = splitBlock(new D(2), a, spec('rotation'), s2.rotation);
    expect([qtys(s1), qtys(s2), qtys(s3)]).toEqual([['1', '0', '1'], ['0', '1', '1'], ['1', '0', '1']]);
  });

  it('rotation continues after the last account served when the offered accounts change', () => {
    // cursor at b; b is not eligible for this order: the next in id order after b is c
    const s = splitBlock(new D(3), accts(['a', 1], ['c', 1], ['d', 1], ['e', 1]), spec('rotation'), 'b');
    expect(s.oddLots).toEqual(['c', 'd', 'e']);
    const wrap = splitBlock(new D(1), accts(['a', 1], ['c', 1]), spec('rotation'), 'z');
    expect(wrap.oddLots).toEqual(['a']);
  });

  it.each([
    ['a custom split without a ratio for an account', () => splitBlock(new D(5), accts(['a', 1]), spec('custom', { ratios: new Map() })), /account a has no custom split ratio/],
    ['zero capital', () => splitBlock(new D(5), accts(['a', 0]), spec('equal')), /capital must be positive/],
    ['a fractional lot', () => splitBlock(new D(5), accts(['a', 1]), spec('pro_rata', { lot: new D('0.5') })), /lot must be a positive whole number/],
  ] as const)('rejects %s', (_n, f, message) => {
    expect(f).toThrow(SplitInputError);
    expect(f).toThrow(message);
  });
});

const accountsArb = fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), capital: fc.integer({ min: 1, max: 5_000_000 }), cents: fc.integer({ min: 0, max: 99 }), ratio: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 25, selector: (a) => a.id });
const caseArb = fc.record({
  accounts: accountsArb,
  qty: fc.integer({ min: 0, max: 2_000_000 }),
  lot: fc.constantFrom(1, 1, 10, 100, 7),
  method: fc.constantFrom<SplitMethodName>('pro_rata', 'equal', 'custom', 'rotation'),
  cursor: fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { nil: undefined }),
  seed: fc.integer(),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
const build = (c: Case, over: Partial<SplitSpec> = {}) => {
  const accounts = c.accounts.map((a) => ({ id: a.id, capital: new D(`${a.capital}.${String(a.cents).padStart(2, '0')}`) }));
  const s: SplitSpec = { method: c.method, lot: new D(c.lot), ratios: new Map(c.accounts.map((a) => [a.id, new D(a.ratio)])), ...over };
  const weight = (i: number) => (c.method === 'equal' ? new D(1) : c.method === 'custom' ? new D(c.accounts[i]!.ratio) : accounts[i]!.capital);
  return { accounts, spec: s, weight };
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

describe('splitBlock: properties', () => {
  it('sums exactly to the quantity, is never negative, is in whole lots, and each share is within one lot of its exact quota', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, spec: s, weight } = build(c);
        const r = splitBlock(new D(c.qty), accounts, s, c.cursor);
        const lot = new D(c.lot);
        const total = r.allocations.reduce((t, a) => t.plus(a.qty), r.unallocated);
        expect(total.eq(c.qty)).toBe(true);
        expect(r.unallocated.eq(new D(c.qty).mod(lot))).toBe(true);
        const wSum = accounts.reduce((t, _, i) => t.plus(weight(i)), new D(0));
        const placed = new D(c.qty).minus(r.unallocated);
        r.allocations.forEach((a, i) => {
          expect(a.qty.isNeg()).toBe(false);
          expect(a.qty.mod(lot).isZero()).toBe(true);
          const quota = placed.times(weight(i)).div(wSum);
          expect(a.qty.minus(quota).abs().lt(lot)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order the accounts are listed in', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, spec: s } = build(c, { minLots: c.qty % 4 });
        const asMap = (list: typeof accounts) => Object.fromEntries(splitBlock(new D(c.qty), list, s, c.cursor).allocations.map((a) => [a.id, decText(a.qty)]));
        expect(asMap(shuffled(accounts, c.seed))).toEqual(asMap(accounts));
      }),
      { numRuns: 300 },
    );
  });

  it('min_lots: kept accounts get at least min_lots lots and stay within one lot of their re-apportioned quota; dropped ones get nothing', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 50 }), (c, minLots) => {
        const { accounts, spec: s, weight } = build(c, { minLots });
        const r = splitBlock(new D(c.qty), accounts, s, c.cursor);
        const lot = new D(c.lot);
        const kept = accounts.map((a, i) => i).filter((i) => !r.dropped.includes(accounts[i]!.id));
        const placed = r.allocations.reduce((t, a) => t.plus(a.qty), new D(0));
        expect(placed.plus(r.unallocated).eq(c.qty)).toBe(true);
        const wKept = kept.reduce((t, i) => t.plus(weight(i)), new D(0));
        for (const [i, a] of r.allocations.entries()) {
          if (!kept.includes(i)) {
            expect(a.qty.isZero()).toBe(true);
            continue;
          }
          expect(a.qty.div(lot).gte(minLots)).toBe(true);
          expect(a.qty.minus(placed.times(weight(i)).div(wKept)).abs().lt(lot)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a remainder account gets every odd lot: every other account gets exactly its floor', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { accounts, spec: s, weight } = build(c, { remainderAccount: c.accounts[0]!.id });
        const r = splitBlock(new D(c.qty), accounts, s, c.cursor);
        const lot = new D(c.lot);
        const wSum = accounts.reduce((t, _, i) => t.plus(weight(i)), new D(0));
        const lots = new D(c.qty).div(lot).floor();
        r.allocations.forEach((a, i) => {
          if (i === 0) return;
          expect(a.qty.eq(lots.times(weight(i)).div(wSum).floor().times(lot))).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});
