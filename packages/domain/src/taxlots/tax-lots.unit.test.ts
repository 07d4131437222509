import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, ZERO, type Dec } from '../money/decimal.js';
import { allocateProRata, TAX_LOT_METHODS, TaxLotBook, unitCost, type LotFill, type RealizedLot, type TaxLotMethod } from './tax-lots.js';
import { daysBetween, termOf } from './holding-period.js';

let n = 0;
const fill = (date: string, side: 'buy' | 'sell', qty: number, price: number | string, commission: number | string = 0, lotIds?: string[]): LotFill => ({
  fillId: `f${++n}`,
  symbol: 'X',
  side,
  qty: new D(qty),
  price: new D(price),
  commission: new D(commission),
  date,
  ...(lotIds ? { lotIds } : {}),
});
const rows = (r: readonly RealizedLot[]) => r.map((x) => [x.lotId, x.qty.toString(), x.cost.toString(), x.pnl.toString(), x.holdingDays, x.term]);
const open = (b: TaxLotBook) => b.openLots().map((l) => [l.lotId, l.qty.toString(), l.cost.toString()]);

/** Three buys at 10, 12 and 11 (100 each, no commission), then a sell of 150 at 13. */
function threeBuysThenSell(method: TaxLotMethod, lotIds?: string[]) {
  const b = new TaxLotBook(method);
  b.applyFill(fill('2020-01-02', 'buy', 100, 10));
  b.applyFill(fill('2020-02-03', 'buy', 100, 12));
  b.applyFill(fill('2020-03-02', 'buy', 100, 11));
  const s1 = b.applyFill(fill('2020-04-01', 'sell', 150, 13, 0, lotIds));
  return { b, s1 };
}

describe('tax lots: every method on the same fills, worked by hand', () => {
  // Lots: X-1 100 @ 10 (2020-01-02), X-2 100 @ 12 (2020-02-03), X-3 100 @ 11 (2020-03-02).
  // S1 2020-04-01 sell 150 @ 13 (spans two lots). S2 2021-04-05 sell 200 @ 9: closes the 150 left
  // (long-term lots, at a loss) and opens a short lot X-4 of 50 at 9. S3 2021-04-20 buy 30 @ 8
  // covers part of the short.
  it.each([
    {
      method: 'fifo' as const,
      s1: [['X-1', '100', '1000', '300', 90, 'short_term'], ['X-2', '50', '600', '50', 58, 'short_term']],
      afterS1: [['X-2', '50', '600'], ['X-3', '100', '1100']],
      s2: [['X-2', '50', '600', '-150', 427, 'long_term'], ['X-3', '100', '1100', '-200', 399, 'long_term']],
    },
    {
      method: 'lifo' as const,
      s1: [['X-3', '100', '1100', '200', 30, 'short_term'], ['X-2', '50', '600', '50', 58, 'short_term']],
      afterS1: [['X-1', '100', '1000'], ['X-2', '50', '600']],
      s2: [['X-2', '50', '600', '-150', 427, 'long_term'], ['X-1', '100', '1000', '-100', 459, 'long_term']],
    },
    {
      method: 'hifo' as const,
      s1: [['X-2', '100', '1200', '100', 58, 'short_term'], ['X-3', '50', '550', '100', 30, 'short_term']],
      afterS1: [['X-1', '100', '1000'], ['X-3', '50', '550']],
      s2: [['X-3', '50', '550', '-100', 399, 'long_term'], ['X-1', '100', '1000', '-100', 459, 'long_term']],
    },
    {
      // average 3300 / 300 = 11 a share; lots are relieved oldest first for their dates
      method: 'average_cost' as const,
      s1: [['X-1', '100', '1100', '200', 90, 'short_term'], ['X-2', '50', '550', '100', 58, 'short_term']],
      afterS1: [['X-2', '50', '550'], ['X-3', '100', '1100']],
      s2: [['X-2', '50', '550', '-100', 427, 'long_term'], ['X-3', '100', '1100', '-200', 399, 'long_term']],
    },
    {
      // S1 names X-3 then X-1; S2 names nothing and falls back to fifo
      method: 'specific' as const,
      lotIds: ['X-3', 'X-1'],
      s1: [['X-3', '100', '1100', '200', 30, 'short_term'], ['X-1', '50', '500', '150', 90, 'short_term']],
      afterS1: [['X-1', '50', '500'], ['X-2', '100', '1200']],
      s2: [['X-1', '50', '500', '-50', 459, 'long_term'], ['X-2', '100', '1200', '-300', 427, 'long_term']],
    },
  ])('$method relieves the right lots, realises the right P&L and leaves the right lots open', ({ method, lotIds, s1, afterS1, s2 }) => {
    const { b, s1: r1 } = threeBuysThenSell(method, lotIds);
    expect(rows(r1.realized)).toEqual(s1);
    expect(r1.opened).toBeUndefined();
    expect(open(b)).toEqual(afterS1);

    const r2 = b.applyFill(fill('2021-04-05', 'sell', 200, 9));
    expect(rows(r2.realized)).toEqual(s2);
    expect(r2.opened && [r2.opened.lotId, r2.opened.qty.toString(), r2.opened.cost.toString(), unitCost(r2.opened).toString()]).toEqual(['X-4', '-50', '-450', '9']);
    expect(b.qty('X').toString()).toBe('-50');

    const r3 = b.applyFill(fill('2021-04-20', 'buy', 30, 8));
    expect(rows(r3.realized)).toEqual([['X-4', '-30', '-270', '30', 15, 'short_term']]);
    expect(open(b)).toEqual([['X-4', '-20', '-180']]);

    // 3300 bought + 450 shorted; relieved + open = opened, and realised = Σ proceeds − Σ cost
    const all = [...r1.realized, ...r2.realized, ...r3.realized];
    const relieved = all.reduce((s, r) => s.plus(r.cost), ZERO);
    expect(relieved.plus(-180).toString()).toBe(new D(3300).minus(450).toString());
    expect(b.realized.toString()).toBe(all.reduce((s, r) => s.plus(r.pnl), ZERO).toString());
    expect(b.unrealized(() => new D(8)).toString()).toBe('20'); // −20 × 8 + 180
  });

  it('puts the commission of a buy into its lot and that of a sell into the proceeds', () => {
    const b = new TaxLotBook('fifo');
    const o = b.applyFill(fill('2020-01-02', 'buy', 100, 10, 5));
    expect(unitCost(o.opened!).toString()).toBe('10.05');
    const r = b.applyFill(fill('2020-01-10', 'sell', 60, 11, 3));
    expect(r.realized.map((x) => [x.cost.toString(), x.proceeds.toString(), x.pnl.toString()])).toEqual([['603', '657', '54']]);
    expect(open(b)).toEqual([['X-1', '40', '402']]);
  });

  it('splits the commission of a fill through zero between the lots it closes and the short lot it opens', () => {
    const b = new TaxLotBook('fifo');
    b.applyFill(fill('2020-01-02', 'buy', 100, 10));
    const r = b.applyFill(fill('2020-01-03', 'sell', 150, 12, 3));
    expect(r.realized.map((x) => [x.proceeds.toString(), x.pnl.toString()])).toEqual([['1198', '198']]);
    expect([r.opened!.lotId, r.opened!.qty.toString(), r.opened!.cost.toString(), unitCost(r.opened!).toString()]).toEqual(['X-2', '-50', '-599', '11.98']);
  });

  it('hifo breaks ties to the oldest lot, and covers the short lot with the lowest proceeds first', () => {
    const b = new TaxLotBook('hifo');
    b.applyFill(fill('2020-01-02', 'buy', 10, 10));
    b.applyFill(fill('2020-01-03', 'buy', 10, 10));
    b.applyFill(fill('2020-01-06', 'buy', 10, 9));
    expect(b.applyFill(fill('2020-01-07', 'sell', 15, 11)).realized.map((x) => [x.lotId, x.qty.toString()])).toEqual([['X-1', '10'], ['X-2', '5']]);
    const s = new TaxLotBook('hifo');
    s.applyFill(fill('2020-01-02', 'sell', 10, 22));
    s.applyFill(fill('2020-01-03', 'sell', 10, 20));
    expect(s.applyFill(fill('2020-01-07', 'buy', 5, 21)).realized.map((x) => [x.lotId, x.pnl.toString()])).toEqual([['X-2', '-5']]);
  });

  it('gives lots deterministic ids: <symbol>-<n>, counting every lot the account opened in the symbol', () => {
    const b = new TaxLotBook('fifo');
    b.applyFill(fill('2020-01-02', 'buy', 10, 10));
    b.applyFill(fill('2020-01-03', 'sell', 10, 10));
    b.applyFill(fill('2020-01-06', 'buy', 10, 10));
    expect(b.openLots().map((l) => l.lotId)).toEqual(['X-2']);
  });

  it.each([
    [['X-9'], 'sell', 10, 'lot X-9 does not exist (open lots in X: X-1, X-2)'],
    [['Y-1'], 'sell', 10, 'lot Y-1 is a lot of Y, not of X'],
    [['X-1', 'X-1'], 'sell', 10, 'lot X-1 is named twice'],
    [['X-1'], 'buy', 10, 'lot X-1 is a long lot: a buy does not close it'],
    [['X-1'], 'sell', 150, 'the named lots (X-1) hold 100 shares, fewer than the 150 to sell'],
    [['X-2', 'X-1'], 'sell', 150, undefined],
  ] as const)('a specific-lot instruction naming %j to %s %d: %s', (ids, side, qty, problem) => {
    const b = new TaxLotBook('specific');
    b.applyFill(fill('2020-01-02', 'buy', 100, 10));
    b.applyFill(fill('2020-01-03', 'buy', 100, 12));
    b.applyFill({ ...fill('2020-01-03', 'buy', 5, 3), symbol: 'Y' });
    expect(b.lotProblem('X', side, new D(qty), ids)).toBe(problem);
  });

  it.each([
    ['2021-01-01', '2022-01-01', 365, 'short_term'],
    ['2021-01-01', '2022-01-02', 366, 'long_term'],
    ['2020-02-28', '2020-03-01', 2, 'short_term'],
  ] as const)('holding period %s → %s is %d days: %s', (from, to, days, term) => {
    expect(daysBetween(from, to)).toBe(days);
    expect(termOf(days)).toBe(term);
  });

  it('allocates a total in proportion to weights, exactly', () => {
    const shares = allocateProRata(new D(10), [new D(1), new D(1), new D(1)]);
    expect(shares.reduce((s, x) => s.plus(x), ZERO).toString()).toBe('10');
    expect(allocateProRata(new D(3), [new D(100), new D(50)]).map(String)).toEqual(['2', '1']);
  });
});

describe('tax lots: invariants over random fills', () => {
  const fillArb = fc.record({
    symbol: fc.constantFrom('A', 'B'),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    qty: fc.integer({ min: 1, max: 500 }),
    cents: fc.integer({ min: 100, max: 20_000 }),
    commission: fc.integer({ min: 0, max: 700 }),
    nameLots: fc.boolean(),
  });

  it('keeps cost relieved + cost open = cost opened, positions = Σ signed fills, and cash + value = realised + unrealised', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TAX_LOT_METHODS), fc.array(fillArb, { minLength: 1, maxLength: 40 }), (method, fills) => {
        const b = new TaxLotBook(method);
        let opened = ZERO;
        let relieved = ZERO;
        let cash = ZERO;
        const pos = new Map<string, Dec>();
        fills.forEach((f, i) => {
          const qty = new D(f.qty);
          const price = new D(f.cents).div(100);
          const commission = new D(f.commission).div(100);
          const held = b.openLots().filter((l) => l.symbol === f.symbol && l.qty.isNeg() === (f.side === 'buy'));
          const lotIds = f.nameLots ? held.slice().reverse().map((l) => l.lotId) : undefined;
          const date = `2020-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
          const r = b.applyFill({ fillId: `f${i}`, symbol: f.symbol, side: f.side, qty, price, commission, date, ...(lotIds ? { lotIds } : {}) });
          if (r.opened) opened = opened.plus(r.opened.cost);
          for (const x of r.realized) relieved = relieved.plus(x.cost);
          const signed = f.side === 'buy' ? qty : qty.neg();
          cash = cash.minus(signed.times(price)).minus(commission);
          pos.set(f.symbol, (pos.get(f.symbol) ?? ZERO).plus(signed));
        });
        // average_cost re-spreads cost between lots but never creates or loses any
        const openCost = b.openLots().reduce((s, l) => s.plus(l.cost), ZERO);
        expect(relieved.plus(openCost).minus(opened).abs().lt('1e-20')).toBe(true);
        for (const s of ['A', 'B']) expect(b.qty(s).eq(pos.get(s) ?? ZERO)).toBe(true);
        const mark = new D(77);
        const value = [...pos.values()].reduce((s, q) => s.plus(q.times(mark)), ZERO);
        expect(cash.plus(value).minus(b.realized.plus(b.unrealized(() => mark))).abs().lt('1e-20')).toBe(true);
        for (const l of b.openLots()) expect(l.qty.isZero()).toBe(false);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
