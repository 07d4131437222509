import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { Book, type Side } from './book.js';

const fill = (side: Side, qty: number, price: string, commission = '0') => ({ symbol: 'X', side, qty: new D(qty), price: new D(price), commission: new D(commission) });

describe('Book', () => {
  it.each([
    // [fills, qty, avg, realized, cash, roundTrips]
    ['a buy opens at cost', [fill('buy', 100, '10', '1')], '100', '10', '0', '8999', 0],
    ['two buys average the cost', [fill('buy', 100, '10'), fill('buy', 100, '12')], '200', '11', '0', '7800', 0],
    ['a partial sell realises at the average and keeps it', [fill('buy', 100, '10'), fill('buy', 100, '12'), fill('sell', 50, '15')], '150', '11', '200', '8550', 0],
    ['a full sell closes a round trip', [fill('buy', 100, '10'), fill('sell', 100, '9')], '0', '0', '-100', '9900', 1],
    ['a flip closes one trade and opens the other side at the fill price', [fill('buy', 100, '10'), fill('sell', 150, '12')], '-50', '12', '200', '10800', 1],
    ['a short gains when price falls', [fill('sell', 100, '20'), fill('buy', 100, '15', '2')], '0', '0', '500', '10498', 1],
    ['adding to a short averages the cost', [fill('sell', 100, '20'), fill('sell', 100, '10')], '-200', '15', '0', '13000', 0],
  ] as const)('%s', (_name, fills, qty, avg, realized, cash, trips) => {
    const b = new Book(new D(10_000));
    for (const f of fills) b.applyFill(f);
    expect(decText(b.qty('X'))).toBe(qty);
    const h = b.holdingsList()[0];
    expect(h ? decText(h.avgPrice) : '0').toBe(avg);
    expect(decText(b.realized)).toBe(realized);
    expect(decText(b.cash)).toBe(cash);
    expect(b.roundTrips).toBe(trips);
  });

  it('marks at the close: equity = cash + positions, unrealised against cost', () => {
    const b = new Book(new D(10_000));
    b.applyFill(fill('buy', 100, '10', '1'));
    b.mark((s) => (s === 'X' ? new D('12.5') : undefined));
    expect(decText(b.equity())).toBe('10249');
    expect(decText(b.unrealized())).toBe('250');
    expect(decText(b.gross())).toBe('1250');
    expect(decText(b.equity().minus(b.cash))).toBe(decText(b.marketValue()));
  });

  it('lists the positions of the symbols asked for, sorted, a symbol not held as flat', () => {
    const b = new Book(new D(10_000));
    b.applyFill({ ...fill('buy', 100, '10'), symbol: 'B' });
    b.applyFill({ ...fill('buy', 10, '4'), symbol: 'A' });
    b.applyFill({ ...fill('sell', 10, '5'), symbol: 'A' });
    const text = (hs: ReturnType<Book['holdingsOf']>) => hs.map((h) => [h.symbol, decText(h.qty), decText(h.avgPrice), decText(h.lastPrice), decText(h.marketValue)]);
    expect(text(b.holdingsOf(new Set(['B', 'A', 'C'])))).toEqual([['A', '0', '0', '0', '0'], ['B', '100', '10', '10', '1000'], ['C', '0', '0', '0', '0']]);
    expect(text(b.holdingsList())).toEqual([['B', '100', '10', '10', '1000']]);
  });

  it('keeps the last mark for symbols without a price', () => {
    const b = new Book(new D(0));
    b.applyFill(fill('sell', 10, '5'));
    b.mark(() => undefined);
    expect(decText(b.net())).toBe('-50');
    expect(decText(b.gross())).toBe('50');
  });
});
