import { describe, expect, it } from 'vitest';
import { D, decText, ZERO, type Dec } from '../money/decimal.js';
import { createRng } from '../data/rng.js';
import { FirmBook } from './firm-book.js';
import { worstNotional } from './exposure-book.js';

const SYMBOLS = ['T1', 'T2', 'E1', 'E2', 'F1'];
const sectorOf = (s: string) => s.slice(0, 1);

/** Recomputes every figure from scratch out of the same operations the book saw. */
class Naive {
  readonly pos = new Map<string, Map<string, Dec>>(); // pm → symbol → qty
  readonly res = new Map<string, { pm: string; symbol: string; side: 'buy' | 'sell'; qty: Dec }>();
  readonly price = new Map<string, Dec>();
  cash = new D(1_000_000);
  figures(pm?: string) {
    let gross = ZERO;
    let netHigh = ZERO;
    let netLow = ZERO;
    const sectors = new Map<string, Dec>();
    for (const s of SYMBOLS) {
      let p = ZERO;
      for (const [id, m] of this.pos) if (pm === undefined || id === pm) p = p.plus(m.get(s) ?? ZERO);
      let rb = ZERO;
      let rs = ZERO;
      for (const r of this.res.values()) if (r.symbol === s && (pm === undefined || r.pm === pm)) r.side === 'buy' ? (rb = rb.plus(r.qty)) : (rs = rs.plus(r.qty));
      const px = this.price.get(s) ?? ZERO;
      const w = worstNotional(p, rb, rs, px);
      gross = gross.plus(w);
      netHigh = netHigh.plus(p.plus(rb).times(px));
      netLow = netLow.plus(p.minus(rs).times(px));
      sectors.set(sectorOf(s), (sectors.get(sectorOf(s)) ?? ZERO).plus(w));
    }
    return { gross: decText(gross), netHigh: decText(netHigh), netLow: decText(netLow), sectors: [...sectors.entries()].filter(([, v]) => !v.isZero()).map(([k, v]) => `${k}:${decText(v)}`).sort() };
  }
}

describe('FirmBook', () => {
  it.each([1, 2, 3, 4, 5])('keeps firm, sector and PM figures equal to a recomputation from scratch (seed %i)', (seed) => {
    const rng = createRng(seed);
    const book = new FirmBook({ sectorOf, capital: new D(1_000_000) });
    const naive = new Naive();
    let n = 0;
    for (let i = 0; i < 400; i++) {
      const symbol = rng.pick(SYMBOLS);
      const pm = rng.pick(['a', 'b', 'c']);
      const side = rng.pick(['buy', 'sell'] as const);
      const qty = new D(rng.int(1, 500));
      const op = rng.int(0, 3);
      if (op === 0) {
        const price = new D(rng.int(100, 20_000)).div(100);
        book.setPrice(symbol, price);
        naive.price.set(symbol, price);
      } else if (op === 1) {
        const price = naive.price.get(symbol) ?? new D(1);
        const commission = new D(rng.int(0, 100)).div(10);
        book.applyFill(symbol, side, qty, { pmId: pm, price, commission });
        const m = naive.pos.get(pm) ?? new Map<string, Dec>();
        m.set(symbol, (m.get(symbol) ?? ZERO).plus(side === 'buy' ? qty : qty.neg()));
        naive.pos.set(pm, m);
        naive.cash = naive.cash.minus((side === 'buy' ? qty : qty.neg()).times(price)).minus(commission);
      } else if (op === 2) {
        const id = `o${n++}`;
        book.reserve({ orderId: id, pmId: pm, symbol, side, qty, step: 0 });
        naive.res.set(id, { pm, symbol, side, qty });
      } else if (naive.res.size) {
        const id = rng.pick([...naive.res.keys()]);
        book.release(naive.res.get(id)!.pm, id);
        naive.res.delete(id);
      }
    }
    const e = book.exposure();
    const f = naive.figures();
    expect({ gross: decText(e.gross), netHigh: decText(e.netHigh), netLow: decText(e.netLow), sectors: book.sectorExposures().map((x) => `${x.group}:${decText(x.gross)}`) }).toEqual(f);
    for (const pm of ['a', 'b', 'c']) {
      const p = book.pmExposure(pm);
      const nf = naive.figures(pm);
      expect([decText(p.gross), decText(p.netHigh), decText(p.netLow)]).toEqual([nf.gross, nf.netHigh, nf.netLow]);
    }
    let mv = ZERO;
    for (const s of SYMBOLS) for (const m of naive.pos.values()) mv = mv.plus((m.get(s) ?? ZERO).times(naive.price.get(s) ?? ZERO));
    expect(decText(book.equity())).toBe(decText(naive.cash.plus(mv)));
    expect(book.openReservations).toBe(naive.res.size);
  });

  it('counts open orders per PM and quantity reserved per symbol, and forgets them when released', () => {
    const b = new FirmBook();
    b.setPrice('X', new D(10));
    b.reserve({ orderId: '1', pmId: 'a', symbol: 'X', side: 'buy', qty: new D(5), step: 0 });
    b.reserve({ orderId: '2', pmId: 'a', symbol: 'X', side: 'sell', qty: new D(3), step: 0 });
    b.reserve({ orderId: '3', pmId: 'b', symbol: 'X', side: 'sell', qty: new D(2), step: 1 });
    expect([b.openOrders('a'), b.openOrders('b'), decText(b.reservedQty('X'))]).toEqual([2, 1, '10']);
    b.releaseThrough(0);
    expect([b.openOrders('a'), b.openOrders('b'), decText(b.reservedQty('X'))]).toEqual([0, 1, '2']);
  });
});
