import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { decideBatch } from './decide-batch.js';
import { DuplicateReservationError, FirmBook } from './firm-book.js';
import type { FirmLimits, OrderToCheck } from './firm-check.js';

const ctx = { firmCapital: new D(1_000_000), knownPms: new Set(['a', 'b']), knownSymbols: new Set(['X']) };
const order = (orderId: string, pmId = 'a', qty = '100', step = 0): OrderToCheck => ({ orderId, pmId, symbol: 'X', side: 'buy', qty, step });

function book(): FirmBook {
  const b = new FirmBook();
  b.setPrice('X', new D(100));
  return b;
}

describe('decideBatch', () => {
  it.each<[string, FirmLimits, (b: FirmBook) => void, OrderToCheck[], string[]]>([
    ['distinct ids are each decided and reserved', {}, () => {}, [order('o1'), order('o2')], ['OK', 'OK']],
    ['a repeated id in the batch is denied, the first one stands', {}, () => {}, [order('dup'), order('dup')], ['OK', 'DUPLICATE_ORDER']],
    ['a repeated id is denied even when its first use was denied', { maxGrossExposure: new D(5_000) }, () => {}, [order('dup'), order('dup', 'a', '10')], ['MAX_GROSS_EXPOSURE', 'DUPLICATE_ORDER']],
    ['an id open from an earlier batch of the step is denied', {}, (b) => decideBatch(b, {}, ctx, [order('dup')]), [order('dup')], ['DUPLICATE_ORDER']],
    ['an id another PM has open is the other PM\'s own', {}, (b) => decideBatch(b, {}, ctx, [order('dup', 'b')]), [order('dup')], ['OK']],
    ['an id used last step is free again once the step\'s reservations are released', {}, (b) => { decideBatch(b, {}, ctx, [order('dup')]); b.releaseThrough(0); }, [order('dup', 'a', '100', 1)], ['OK']],
  ])('%s', (_name, limits, setup, orders, reasons) => {
    const b = book();
    setup(b);
    expect(decideBatch(b, limits, ctx, orders).map((d) => d.reason)).toEqual(reasons);
  });

  it('never double-reserves: two orders with one id leave nothing behind once released', () => {
    const b = book();
    const d = decideBatch(b, { maxOrdersPerStep: 5 }, ctx, [order('dup'), order('dup')]);
    expect(d.map((x) => [x.decision, decText(x.approvedQty), decText(x.grossAfter)])).toEqual([
      ['approved', '100', '10000'],
      ['denied', '0', '10000'],
    ]);
    expect([decText(b.exposure().gross), b.openOrders('a'), b.openReservations]).toEqual(['10000', 1, 1]);
    b.releaseThrough(0);
    expect([decText(b.exposure().gross), b.openOrders('a'), b.openReservations]).toEqual(['0', 0, 0]);
  });

  it('refuses to reserve an open id twice', () => {
    const b = book();
    b.reserve({ orderId: 'o', pmId: 'a', symbol: 'X', side: 'buy', qty: new D(1), step: 0 });
    expect(() => b.reserve({ orderId: 'o', pmId: 'a', symbol: 'X', side: 'buy', qty: new D(1), step: 0 })).toThrow(DuplicateReservationError);
    expect(decText(b.reservedQty('X'))).toBe('1');
  });
});
