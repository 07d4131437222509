import { describe, expect, it } from 'vitest';
import { D } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import { ApprovalBook } from './approvals.js';

const child = (qty: number, over: Partial<{ pmId: string; parentId: string; symbol: string; side: Side }> = {}) => ({ pmId: 'p', parentId: 'o1', symbol: 'X', side: 'buy' as Side, qty: new D(qty), ...over });

describe('ApprovalBook', () => {
  it.each<[string, ReturnType<typeof child>[], (string | undefined)[]]>([
    ['children within the approved quantity are taken', [child(60), child(40)], [undefined, undefined]],
    ['a child past what is left is refused, and leaves what is left', [child(60), child(41), child(40)], [undefined, 'NOT_APPROVED', undefined]],
    ['a child of an order never approved is refused', [child(1, { parentId: 'o2' })], ['NOT_APPROVED']],
    ['a child of another PM\'s approval is refused', [child(1, { pmId: 'q' })], ['NOT_APPROVED']],
    ['a child on the other side is refused', [child(1, { side: 'sell' })], ['NOT_APPROVED']],
    ['a child in another symbol is refused', [child(1, { symbol: 'Y' })], ['NOT_APPROVED']],
  ])('%s', (_name, children, reasons) => {
    const b = new ApprovalBook();
    b.approve({ pmId: 'p', orderId: 'o1', symbol: 'X', side: 'buy', qty: new D(100) });
    expect(children.map((c) => b.take(c)?.reason)).toEqual(reasons);
  });

  it('counts approvals per PM once each, and forgets them all on clear', () => {
    const b = new ApprovalBook();
    const a = { pmId: 'p', orderId: 'o1', symbol: 'X', side: 'buy' as const, qty: new D(5) };
    b.approve(a);
    b.approve({ ...a, qty: new D(500) }); // a repeat does not widen it
    b.approve({ ...a, orderId: 'o2' });
    expect([b.approvedCount('p'), b.approvedCount('q'), b.take(child(6))?.reason]).toEqual([2, 0, 'NOT_APPROVED']);
    b.clear();
    expect([b.approvedCount('p'), b.take(child(1))?.reason]).toEqual([0, 'NOT_APPROVED']);
  });

  it('says which limit a refusal crossed', () => {
    const b = new ApprovalBook();
    b.approve({ pmId: 'p', orderId: 'o1', symbol: 'X', side: 'buy', qty: new D(100) });
    expect(b.take(child(101))?.message).toBe('child quantity 101 exceeds the 100 left of what master-risk approved for block order "o1" of PM p');
  });
});
