import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { FirmBook } from './firm-book.js';
import { checkFirmOrder, type FirmLimits, type OrderToCheck } from './firm-check.js';

const ctx = { firmCapital: new D(1_000_000), knownPms: new Set(['a', 'b']), knownSymbols: new Set(['X', 'Y', 'Z']) };

function book(setup: (b: FirmBook) => void = () => {}): FirmBook {
  const b = new FirmBook();
  b.setPrice('X', new D(100));
  b.setPrice('Y', new D(50));
  setup(b);
  return b;
}

const order = (o: Partial<OrderToCheck>): OrderToCheck => ({ orderId: 'o1', pmId: 'a', symbol: 'X', side: 'buy', qty: '100', step: 0, ...o });
const lim = (l: Record<string, number>): FirmLimits => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, new D(v)]));

describe('checkFirmOrder', () => {
  it.each([
    ['an order within every limit is approved', {}, order({}), 'OK', '10000'],
    ['a bad PM id is denied', {}, order({ pmId: 'zz' }), 'UNKNOWN_PM', '0'],
    ['a bad side is denied', {}, order({ side: 'invalid' }), 'INVALID_SIDE', '0'],
    ['a malformed quantity is denied', {}, order({ qty: '1e' }), 'INVALID_DECIMAL', '0'],
    ['a non-finite quantity is denied', {}, order({ qty: 'Infinity' }), 'INVALID_DECIMAL', '0'],
    ['a zero quantity is denied', {}, order({ qty: '0' }), 'INVALID_QUANTITY', '0'],
    ['a negative quantity is denied', {}, order({ qty: '-5' }), 'INVALID_QUANTITY', '0'],
    ['a fractional quantity is denied', {}, order({ qty: '1.5' }), 'INVALID_QUANTITY', '0'],
    ['an unknown symbol is denied', {}, order({ symbol: 'NOPE' }), 'UNKNOWN_SYMBOL', '0'],
    ['a symbol with no price yet is denied', {}, order({ symbol: 'Z' }), 'NO_PRICE', '0'],
    ['order notional over the limit is denied', { maxOrderNotional: 9_999 }, order({}), 'MAX_ORDER_NOTIONAL', '0'],
    ['order notional at the limit passes', { maxOrderNotional: 10_000 }, order({}), 'OK', '10000'],
    ['gross over the limit is denied', { maxGrossExposure: 9_000 }, order({}), 'MAX_GROSS_EXPOSURE', '0'],
    ['gross exactly at the limit passes', { maxGrossExposure: 10_000 }, order({}), 'OK', '10000'],
    ['net long over the limit is denied', { maxNetExposure: 5_000 }, order({}), 'MAX_NET_EXPOSURE', '0'],
    ['net short over the limit is denied', { maxNetExposure: 5_000 }, order({ side: 'sell' }), 'MAX_NET_EXPOSURE', '0'],
    ['single name over pct of firm capital is denied', { maxSingleNamePct: 0.5 }, order({}), 'MAX_SINGLE_NAME_PCT', '0'],
    ['single name at pct of firm capital passes', { maxSingleNamePct: 1 }, order({}), 'OK', '10000'],
  ])('%s', (_name, limits, o, reason, grossAfter) => {
    const d = checkFirmOrder(book(), lim(limits), ctx, o);
    expect(d.reason).toBe(reason);
    expect(d.decision).toBe(reason === 'OK' ? 'approved' : 'denied');
    expect(decText(d.grossAfter)).toBe(reason === 'OK' ? grossAfter : '0');
    if (reason !== 'OK') expect(d.message.length).toBeGreaterThan(5);
  });

  it('names the limit, the value and the limit value in the message', () => {
    const d = checkFirmOrder(book(), lim({ maxOrderNotional: 5000 }), ctx, order({}));
    expect(d.message).toBe('notional 10000 exceeds limit 5000 (max_order_notional)');
  });

  it('counts open reservations so two PMs cannot both use the last unit of gross', () => {
    const b = book();
    const limits = lim({ maxGrossExposure: 15_000 });
    const first = checkFirmOrder(b, limits, ctx, order({ orderId: 'a1', pmId: 'a' }));
    expect(first.decision).toBe('approved');
    b.reserve({ orderId: 'a1', pmId: 'a', symbol: 'X', side: 'buy', qty: first.approvedQty, step: 0 });
    const second = checkFirmOrder(b, limits, ctx, order({ orderId: 'b1', pmId: 'b' }));
    expect(second.reason).toBe('MAX_GROSS_EXPOSURE');
    expect(decText(b.exposure().gross)).toBe('10000');
  });

  it('treats an unfilled reducing order as not reducing: worst case keeps the position', () => {
    const b = book((b) => b.applyFill('X', 'buy', new D(100)));
    b.reserve({ orderId: 's', pmId: 'a', symbol: 'X', side: 'sell', qty: new D(100), step: 0 });
    expect(decText(b.exposure().gross)).toBe('10000');
    b.releaseThrough(0);
    expect(b.openReservations).toBe(0);
  });

  it('in a passive breach lets reducing orders through and denies adding ones', () => {
    const b = book((b) => b.applyFill('X', 'buy', new D(100)));
    b.setPrice('X', new D(200)); // price doubled: gross 20,000 over a 15,000 limit
    const limits = lim({ maxGrossExposure: 15_000 });
    expect(checkFirmOrder(b, limits, ctx, order({ side: 'sell', qty: '50' })).decision).toBe('approved');
    expect(checkFirmOrder(b, limits, ctx, order({ side: 'buy', qty: '1' })).reason).toBe('MAX_GROSS_EXPOSURE');
  });

  it('offsets across PMs in the firm book: a sell against a long does not add gross once filled', () => {
    const b = book((b) => b.applyFill('X', 'buy', new D(100)));
    b.applyFill('X', 'sell', new D(100));
    expect(decText(b.exposure().gross)).toBe('0');
    expect(b.positions()).toEqual([]);
  });
});
