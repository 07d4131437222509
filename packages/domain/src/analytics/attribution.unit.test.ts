import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.js';
import { D, decText, ZERO, type Dec } from '../money/decimal.js';
import { Book } from '../portfolio/book.js';
import { consolidateExposure } from './exposure.js';
import { StrategyLedger } from './strategy-ledger.js';
import { marketValues, stepPnlBySymbol, type AttributionFill } from './symbol-pnl.js';

const d = (x: string | number) => new D(x);
const texts = (m: ReadonlyMap<string, Dec>) => Object.fromEntries([...m].map(([k, v]) => [k, decText(v)]));

describe('stepPnlBySymbol', () => {
  it('splits a step worked by hand: market value moves less the cash the fills cost', () => {
    // AAPL 10000 → 10500 after selling 20 @ 101 (commission 1): −10000 + 10500 + 2020 − 1 = 2519
    // MSFT short −5000 covered by buying 50 @ 99 (commission 0.5): 5000 − 4950 − 0.5 = 49.5
    // XOM bought 20 @ 98 (commission 1), marked 2000: 2000 − 1960 − 1 = 39
    const pnl = stepPnlBySymbol(
      new Map([['AAPL', d(10000)], ['MSFT', d(-5000)]]),
      [{ symbol: 'AAPL', marketValue: d(10500) }, { symbol: 'XOM', marketValue: d(2000) }],
      [
        { symbol: 'AAPL', side: 'sell', qty: d(20), price: d(101), commission: d(1) },
        { symbol: 'MSFT', side: 'buy', qty: d(50), price: d(99), commission: d('0.5') },
        { symbol: 'XOM', side: 'buy', qty: d(20), price: d(98), commission: d(1) },
      ],
    );
    expect(texts(pnl)).toEqual({ AAPL: '2519', MSFT: '49.5', XOM: '39' });
  });

  it('sums exactly to the change of a Book\'s equity over 300 random steps of fills and marks', () => {
    const rng = createRng(17);
    const symbols = ['A', 'B', 'C', 'D'];
    const book = new Book(d(1000000));
    let prev = new Map<string, Dec>();
    const allFills: AttributionFill[] = [];
    const run = new Map<string, Dec>();
    for (let step = 0; step < 300; step++) {
      const before = book.equity();
      const fills: AttributionFill[] = [];
      for (let k = rng.int(0, 3); k > 0; k--) {
        const f = { symbol: rng.pick(symbols), side: rng.next() < 0.5 ? ('buy' as const) : ('sell' as const), qty: d(rng.int(1, 400)), price: d(rng.int(5000, 15000)).div(100), commission: d(rng.int(0, 300)).div(100) };
        book.applyFill(f);
        fills.push(f);
      }
      const closes = new Map(symbols.map((s) => [s, d(rng.int(5000, 15000)).div(100)]));
      book.mark((s) => (rng.next() < 0.9 ? closes.get(s) : undefined)); // sometimes no bar
      const positions = book.holdingsList();
      const bySymbol = stepPnlBySymbol(prev, positions, fills);
      const total = [...bySymbol.values()].reduce((s, v) => s.plus(v), ZERO);
      expect(decText(total), `step ${step}`).toBe(decText(book.equity().minus(before)));
      prev = marketValues(positions);
      allFills.push(...fills);
      for (const [s, v] of bySymbol) run.set(s, (run.get(s) ?? ZERO).plus(v));
    }
    // the whole run at once (no previous positions, the final ones, every fill) telescopes
    expect(texts(stepPnlBySymbol(new Map(), book.holdingsList(), allFills))).toEqual(texts(new Map([...run].sort())));
  });
});

describe('StrategyLedger', () => {
  const bar = (open: number, close: number) => ({ open: d(open), close: d(close) });

  it('reaches each target at the next open with a bar and books overnight and day P&L (worked by hand)', () => {
    const ledger = new StrategyLedger(['s1', 's2']);
    const steps = [
      { bars: new Map([['A', bar(10, 11)]]), targets: [{ strategyId: 's1', symbol: 'A', targetQty: d(100) }, { strategyId: 's2', symbol: 'A', targetQty: d(-50) }] },
      { bars: new Map([['A', bar(12, 13)]]), targets: [] },
      { bars: new Map(), targets: [{ strategyId: 's1', symbol: 'A', targetQty: d(0) }] }, // no bar for A
      { bars: new Map([['A', bar(12.5, 12)]]), targets: [] },
    ];
    const out = steps.map((s) => ledger.step(s.bars, s.targets));
    // s1: buys 100 @ 12 at step 1 (+100 on the day), holds through the missing bar, sells @ 12.5
    // at step 3 (overnight 100 × (12.5 − 13) = −50). s2: short 50 @ 12 (−50), then overnight
    // −50 × −0.5 and day −50 × −0.5 (+50).
    expect(out.map((o) => o.map((x) => x.pnl))).toEqual([[0, 0], [100, -50], [0, 0], [-50, 50]]);
    expect(out.map((o) => o[0]!.gross)).toEqual([0, 1300, 1300, 0]);
    expect(out.map((o) => o[1]!.net)).toEqual([0, -650, -650, -600]);
    expect(out[1]![0]!.trades).toEqual([{ strategyId: 's1', symbol: 'A', side: 'buy', qty: d(100), price: d(12) }]);
    expect(decText(out[3]![0]!.traded)).toBe('1250');
    expect(ledger.totals().map((t) => [t.strategyId, decText(t.pnl), texts(t.bySymbol)])).toEqual([['s1', '50', { A: '50' }], ['s2', '0', {}]]);
  });

  it('totals exactly what its float steps add up to, over 500 random steps', () => {
    const rng = createRng(3);
    const ledger = new StrategyLedger(['x', 'y']);
    const closes = new Map([['A', 50], ['B', 20]]);
    let sum = 0;
    for (let t = 0; t < 500; t++) {
      const bars = new Map<string, { open: Dec; close: Dec }>();
      for (const [s, c] of closes) {
        if (rng.next() < 0.1) continue; // no bar
        const open = Math.round(c * (1 + rng.normal() * 0.01) * 100) / 100;
        const close = Math.round(open * (1 + rng.normal() * 0.01) * 100) / 100;
        closes.set(s, close);
        bars.set(s, { open: d(open.toFixed(2)), close: d(close.toFixed(2)) });
      }
      const targets = rng.next() < 0.2 ? [{ strategyId: rng.pick(['x', 'y']), symbol: rng.pick(['A', 'B']), targetQty: d(rng.int(-20, 20) * 10) }] : [];
      for (const r of ledger.step(bars, targets)) sum += r.pnl;
    }
    const exact = ledger.totals().reduce((s, t) => s.plus(t.pnl), ZERO);
    expect(Math.abs(exact.toNumber() - sum)).toBeLessThan(1e-6);
    for (const t of ledger.totals()) expect(decText([...t.bySymbol.values()].reduce((s, v) => s.plus(v), ZERO))).toBe(decText(t.pnl));
  });

  it('adds a strategy first seen in a target after the configured ones', () => {
    const ledger = new StrategyLedger(['s1']);
    ledger.step(new Map(), [{ strategyId: 'late', symbol: 'A', targetQty: d(1) }]);
    expect(ledger.step(new Map([['A', bar(1, 2)]]), []).map((x) => [x.strategyId, x.pnl])).toEqual([['s1', 0], ['late', 1]]);
  });
});

describe('consolidateExposure', () => {
  it('adds long and short per book, nets across books, and groups symbols into sectors', () => {
    const sector = (s: string) => (s.startsWith('T') ? 'tech' : 'energy');
    const c = consolidateExposure(
      [
        { id: 'pm-a', positions: [{ symbol: 'T1', marketValue: d(1000) }, { symbol: 'E1', marketValue: d(-300) }] },
        { id: 'pm-b', positions: [{ symbol: 'T1', marketValue: d(-400) }, { symbol: 'T2', marketValue: d(250) }] },
      ],
      sector,
    );
    const row = (r: (typeof c.bySymbol)[number]) => [r.key, decText(r.long), decText(r.short), decText(r.net), decText(r.gross), texts(r.byBook)];
    expect(c.bySymbol.map(row)).toEqual([
      ['E1', '0', '-300', '-300', '300', { 'pm-a': '-300' }],
      ['T1', '1000', '-400', '600', '1400', { 'pm-a': '1000', 'pm-b': '-400' }],
      ['T2', '250', '0', '250', '250', { 'pm-b': '250' }],
    ]);
    expect(c.bySector.map(row)).toEqual([
      ['energy', '0', '-300', '-300', '300', { 'pm-a': '-300' }],
      ['tech', '1250', '-400', '850', '1650', { 'pm-a': '1000', 'pm-b': '-150' }],
    ]);
    expect(row(c.total)).toEqual(['total', '1250', '-700', '550', '1950', { 'pm-a': '700', 'pm-b': '-150' }]);
  });
});
