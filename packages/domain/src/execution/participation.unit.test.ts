import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, decText } from '../money/decimal.js';
import type { MarketStepData } from '../market/bar.js';
import { matchAtOpen, type ChildOrderSpec } from './orders.js';
import { limitParticipation } from './participation.js';

const child = (childId: string, parentId: string, pmId: string, qty: number, side: 'buy' | 'sell' = 'buy', symbol = 'A'): ChildOrderSpec => ({ childId, parentId, pmId, accountId: childId, symbol, side, qty: new D(qty), step: 0 });
const step = (volume: string): MarketStepData => ({ date: '2016-01-05', bars: [{ symbol: 'A', open: '10', high: '10', low: '10', close: '10', volume }] });
const lots = (m: Record<string, number>) => ({ pct: new D(10), lotOf: (pm: string) => new D(m[pm] ?? 1) });
const view = (r: ReturnType<typeof limitParticipation>) => ({
  filled: r.orders.map((o) => [o.childId, decText(o.qty)]),
  canceled: r.cancels.map((c) => [c.order.childId, decText(c.order.qty), c.reason]),
});

describe('limitParticipation', () => {
  it('leaves orders alone when they fit within the volume limit', () => {
    const pending = [child('c1', 'P1', 'a', 60), child('c2', 'P1', 'a', 40)];
    const r = limitParticipation(pending, step('1000'), lots({}), 1);
    expect(r.orders).toEqual(pending);
    expect(r.cancels).toEqual([]);
  });

  it('shares the limit across blocks, then across each block\'s accounts pro rata (worked by hand)', () => {
    // volume 1000 × 10% = 100; blocks P1 = 60 + 40 and P2 = 100 → 50 each; P1's 50 → 30/20
    const r = limitParticipation([child('c1', 'P1', 'a', 60), child('c2', 'P1', 'a', 40), child('d1', 'P2', 'b', 100, 'sell')], step('1000'), lots({}), 1);
    expect(view(r)).toEqual({
      filled: [['c1', '30'], ['c2', '20'], ['d1', '50']],
      canceled: [['c1', '30', 'VOLUME_LIMIT'], ['c2', '20', 'VOLUME_LIMIT'], ['d1', '50', 'VOLUME_LIMIT']],
    });
    expect(r.cancels[0]!.message).toBe('A volume 1000 × 10% allows 100 of the 200 shares ordered on 2016-01-05');
  });

  it('fills whole lots of each PM\'s lot and cancels the rest (worked by hand)', () => {
    // cap 55: blocks 100:100 → 27.5 each → 27, 27 and the odd share to P1 (tie: equal size → smaller id)
    // P1 (lot 10): 28 → 2 lots over 60:40 → 1.2, 0.8 → 1, 0 and the odd lot to c2 → 10, 10 (8 shares unfilled)
    const r = limitParticipation([child('c1', 'P1', 'a', 60), child('c2', 'P1', 'a', 40), child('d1', 'P2', 'b', 100)], step('550'), lots({ a: 10 }), 1);
    expect(view(r)).toEqual({
      filled: [['c1', '10'], ['c2', '10'], ['d1', '27']],
      canceled: [['c1', '50', 'VOLUME_LIMIT'], ['c2', '30', 'VOLUME_LIMIT'], ['d1', '73', 'VOLUME_LIMIT']],
    });
  });

  it('cancels everything when the bar has no volume', () => {
    const r = limitParticipation([child('c1', 'P1', 'a', 5)], step('0'), lots({}), 1);
    expect(view(r)).toEqual({ filled: [], canceled: [['c1', '5', 'VOLUME_LIMIT']] });
  });

  it('gives every account of a block the same price', () => {
    const r = limitParticipation([child('c1', 'P1', 'a', 61), child('c2', 'P1', 'a', 39), child('c3', 'P1', 'a', 17)], step('700'), lots({}), 1);
    const fills = matchAtOpen(r.orders, 1, step('700'), { slippageBps: new D(5), perShare: new D(0), commissionBps: new D(0), minimum: new D(0) }).fills;
    expect(fills).toHaveLength(3);
    expect(new Set(fills.map((f) => decText(f.price))).size).toBe(1);
    expect(fills.reduce((s, f) => s.plus(f.order.qty), new D(0)).toString()).toBe('70');
  });

  it('property: filled + canceled = ordered per child, the symbol total stays within the limit, each child within one lot of its pro-rata share', () => {
    const arb = fc.record({
      blocks: fc.array(fc.record({ lot: fc.constantFrom(1, 10, 100), children: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 6 }),
      volume: fc.integer({ min: 0, max: 40_000 }),
    });
    fc.assert(
      fc.property(arb, ({ blocks, volume }) => {
        const pending = blocks.flatMap((b, i) => b.children.map((n, j) => child(`c${i}-${j}`, `P${i}`, `pm${i}`, n * b.lot)));
        const lotOf = (pm: string) => new D(blocks[Number(pm.slice(2))]!.lot);
        const r = limitParticipation(pending, step(String(volume)), { pct: new D(10), lotOf }, 1);
        const got = new Map(r.orders.map((o) => [o.childId, o.qty]));
        const cut = new Map(r.cancels.map((c) => [c.order.childId, c.order.qty]));
        const cap = new D(volume).times(10).div(100).floor();
        const total = [...got.values()].reduce((s, q) => s.plus(q), new D(0));
        const demand = pending.reduce((s, o) => s.plus(o.qty), new D(0));
        expect(demand.lte(cap) ? total.eq(demand) : total.lte(cap)).toBe(true);
        for (const o of pending) {
          const f = got.get(o.childId) ?? new D(0);
          expect(f.plus(cut.get(o.childId) ?? 0).eq(o.qty)).toBe(true);
          expect(f.mod(lotOf(o.pmId)).isZero()).toBe(true);
        }
        for (const [i, b] of blocks.entries()) {
          const kids = pending.filter((o) => o.parentId === `P${i}`);
          const blockFill = kids.reduce((s, o) => s.plus(got.get(o.childId) ?? 0), new D(0));
          const blockQty = kids.reduce((s, o) => s.plus(o.qty), new D(0));
          for (const o of kids) expect((got.get(o.childId) ?? new D(0)).minus(blockFill.times(o.qty).div(blockQty)).abs().lt(b.lot)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
