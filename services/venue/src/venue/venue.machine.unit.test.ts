import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText, type MarketStepData } from '@atrium/domain';
import { venueMachine, type VenueEmitted } from './venue.machine.js';

const bar = (symbol: string, open: string) => ({ symbol, open, high: open, low: open, close: open, volume: '100' });
const steps: MarketStepData[] = [
  { date: '2016-01-04', bars: [bar('A', '10'), bar('B', '20')] },
  { date: '2016-01-05', bars: [bar('A', '11')] },
  { date: '2016-01-06', bars: [bar('A', '12'), bar('B', '22')] },
];
const fillModel = { slippageBps: new D(0), perShare: new D(0), commissionBps: new D(0), minimum: new D(0) };

function start(pmIds = ['p1', 'p2'], participation?: { pct: D; lotOf: (pm: string) => D }) {
  const actor = createActor(venueMachine, { input: { steps, fillModel, pmIds, ...(participation ? { participation } : {}) } });
  const out: VenueEmitted[] = [];
  actor.on('*', (e) => out.push(e as VenueEmitted));
  actor.start();
  return { actor, out };
}
const submit = (childId: string, symbol: string, step: number, qty = '10') => ({ childId, parentId: `b-${symbol}`, pmId: 'p1', accountId: 'a1', symbol, side: 'buy' as const, qty, step });
/** master-risk's decision log: block order `b-<symbol>` of p1 approved to buy `qty` */
const decided = (step: number, approvals: [string, string][], pmId = 'p1') => ({ type: 'decided' as const, step, approvals: approvals.map(([symbol, qty]) => ({ pmId, orderId: `b-${symbol}`, symbol, side: 'buy' as const, qty: new D(qty) })) });

describe('venue machine', () => {
  it('publishes step 0 on start and waits for every PM and allocation before the next step', () => {
    const { actor, out } = start();
    actor.send({ type: 'start' });
    expect(out.map((e) => e.type)).toEqual(['stepReady']);
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 0 });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    expect(out).toHaveLength(1);
    actor.send({ type: 'pmStepDone', pmId: 'p2', step: 0, placements: 0 });
    expect(out.map((e) => e.type)).toEqual(['stepReady', 'stepReady']);
    const s1 = out[1] as Extract<VenueEmitted, { type: 'stepReady' }>;
    expect([s1.step, s1.date, s1.nextDate]).toEqual([1, '2016-01-05', '2016-01-06']);
  });

  it('waits for as many submission batches as the PM placed, in whatever order they come', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    actor.send(decided(0, [['A', '20']]));
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'a', orders: [submit('c1', 'A', 0)] });
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 3, approved: 1 }); // one batch in, two to come
    expect(out.filter((e) => e.type === 'stepReady')).toHaveLength(1);
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'b', orders: [] }); // an account refused all
    expect(out.filter((e) => e.type === 'stepReady')).toHaveLength(1);
    actor.send({ type: 'submit', pmId: 'p1', step: 7, context: 'stale', orders: [] }); // another step's: not counted
    expect(out.filter((e) => e.type === 'stepReady')).toHaveLength(1);
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'c', orders: [submit('c2', 'A', 0)] });
    const next = out.filter((e) => e.type === 'stepReady')[1] as Extract<VenueEmitted, { type: 'stepReady' }>;
    expect(next.fills.map((f) => f.order.childId)).toEqual(['c1', 'c2']);
  });

  it('ignores a step_done for another step or from an unknown PM', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 5, placements: 0 });
    actor.send({ type: 'pmStepDone', pmId: 'zz', step: 0, placements: 0 });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    expect(out).toHaveLength(1);
  });

  it('fills accepted orders at the next open and cancels those whose symbol has no bar', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    actor.send(decided(0, [['A', '100'], ['B', '100']]));
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 1, approved: 2 });
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'r1', orders: [submit('c1', 'A', 0), submit('c2', 'B', 0), submit('c3', 'A', 0, '-3'), submit('c4', 'A', 7)] });
    const ack = out[1] as Extract<VenueEmitted, { type: 'received' }>;
    expect(ack.context).toBe('r1');
    expect(ack.refused.map((o) => o.childId)).toEqual(['c3', 'c4']);
    expect(ack.results.map((r) => [r.childId, r.accepted, r.reason])).toEqual([
      ['c1', true, 'OK'],
      ['c2', true, 'OK'],
      ['c3', false, 'INVALID_QUANTITY'],
      ['c4', false, 'STALE_STEP'],
    ]);
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 3 });
    const s1 = out[2] as Extract<VenueEmitted, { type: 'stepReady' }>;
    expect(s1.fills.map((f) => [f.order.childId, decText(f.price)])).toEqual([['c1', '11']]);
    expect(s1.cancels.map((c) => [c.order.childId, c.reason])).toEqual([['c2', 'NO_MARKET']]);
    expect(s1.weightsSeq).toBe(3);
  });

  it('ends after the last step and cancels what is still pending as END_OF_DATA', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    for (let t = 0; t < 3; t++) {
      if (t === 2) actor.send(decided(2, [['A', '10']]));
      if (t === 2) actor.send({ type: 'submit', pmId: 'p1', step: 2, context: 'r', orders: [submit('late', 'A', 2)] });
      actor.send({ type: 'pmStepDone', pmId: 'p1', step: t, placements: t === 2 ? 1 : 0, approved: t === 2 ? 1 : 0 });
      actor.send({ type: 'allocStepDone', step: t, weightsSeq: 0 });
    }
    const ended = out.at(-1) as Extract<VenueEmitted, { type: 'ended' }>;
    expect(ended.type).toBe('ended');
    expect(ended.steps).toBe(3);
    expect(ended.cancels.map((c) => [c.order.childId, c.reason])).toEqual([['late', 'END_OF_DATA']]);
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('a removed PM no longer holds the barrier', () => {
    const { actor, out } = start(['p1', 'p2']);
    actor.send({ type: 'start' });
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 0 });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    actor.send({ type: 'removePm', pmId: 'p2' });
    expect(out.filter((e) => e.type === 'stepReady')).toHaveLength(2);
  });

  it('fills at most the participation share of the volume, pro rata across a block\'s accounts at one price, and cancels the rest VOLUME_LIMIT', () => {
    // volume 100 × 10% = 10 shares of A; the block asks 12 + 8 = 20 → 6 + 4 filled, 6 + 4 canceled
    const { actor, out } = start(['p1'], { pct: new D(10), lotOf: () => new D(1) });
    actor.send({ type: 'start' });
    actor.send(decided(0, [['A', '20']]));
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'r', orders: [{ ...submit('c1', 'A', 0, '12'), accountId: 'a1' }, { ...submit('c2', 'A', 0, '8'), accountId: 'a2' }] });
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 1, approved: 1 });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    const s1 = out.at(-1) as Extract<VenueEmitted, { type: 'stepReady' }>;
    expect(s1.fills.map((f) => [f.order.childId, decText(f.order.qty), decText(f.price)])).toEqual([['c1', '6', '11'], ['c2', '4', '11']]);
    expect(s1.cancels.map((c) => [c.order.childId, decText(c.order.qty), c.reason])).toEqual([['c1', '6', 'VOLUME_LIMIT'], ['c2', '4', 'VOLUME_LIMIT']]);
  });

  const received = (out: VenueEmitted[]) => out.filter((e): e is Extract<VenueEmitted, { type: 'received' }> => e.type === 'received');
  const readyAt = (out: VenueEmitted[], step: number) => out.find((e): e is Extract<VenueEmitted, { type: 'stepReady' }> => e.type === 'stepReady' && e.step === step);

  it.each<[string, ReturnType<typeof submit>, string]>([
    ['an approved child within its quantity is accepted', submit('ok', 'A', 0, '60'), 'OK'],
    ['a child whose block order was never approved is refused', { ...submit('x', 'A', 0), parentId: 'made-up' }, 'NOT_APPROVED'],
    ['a child beyond the approved quantity is refused', submit('x', 'A', 0, '61'), 'NOT_APPROVED'],
    ['a child on the other side of its approval is refused', { ...submit('x', 'A', 0), side: 'sell' as const }, 'NOT_APPROVED'],
    ['a child in another symbol than its approval is refused', { ...submit('x', 'A', 0), symbol: 'B' }, 'NOT_APPROVED'],
    ['a child claiming another PM\'s approval is refused', { ...submit('x', 'B', 0), parentId: 'b-A', pmId: 'p2' }, 'NOT_APPROVED'],
  ])('%s', (_name, order, reason) => {
    const { actor, out } = start(['p1', 'p2']);
    actor.send({ type: 'start' });
    actor.send(decided(0, [['A', '100']]));
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 2, approved: 1 });
    actor.send({ type: 'pmStepDone', pmId: 'p2', step: 0, placements: 1, approved: 0 });
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'sibling', orders: [submit('sibling', 'A', 0, '40')] });
    actor.send({ type: 'submit', pmId: order.pmId, step: 0, context: 'r', orders: [order] });
    const r = received(out).at(-1)!;
    expect(r.results.map((x) => x.reason)).toEqual([reason]);
    if (reason !== 'OK') expect(r.results[0]!.message).toMatch(/master-risk|approved/);
  });

  it('refuses the children of one block order together past the approved quantity, and never fills them', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    actor.send(decided(0, [['A', '100']]));
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 2, approved: 1 });
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'a1', orders: [{ ...submit('c1', 'A', 0, '70'), accountId: 'a1' }] });
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'a2', orders: [{ ...submit('c2', 'A', 0, '31'), accountId: 'a2' }] });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    expect(received(out).flatMap((r) => r.results.map((x) => `${x.childId} ${x.reason}`))).toEqual(['c1 OK', 'c2 NOT_APPROVED']);
    expect(readyAt(out, 1)!.fills.map((f) => f.order.childId)).toEqual(['c1']);
  });

  it('holds a batch that comes before its PM\'s approvals, takes it in when they come, and holds the barrier until then', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 1, approved: 1 });
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'early', orders: [submit('c1', 'A', 0)] }); // its decision is still on the way
    expect([received(out).length, readyAt(out, 1)]).toEqual([0, undefined]);
    actor.send(decided(0, [['A', '10']]));
    expect(received(out).flatMap((r) => r.results.map((x) => `${x.childId} ${x.reason}`))).toEqual(['c1 OK']);
    expect(readyAt(out, 1)!.fills.map((f) => f.order.childId)).toEqual(['c1']);
  });

  it('takes in a batch still held at the barrier with what it knows: a rogue batch of a PM that placed nothing is refused', () => {
    const { actor, out } = start(['p1', 'p2']);
    actor.send({ type: 'start' });
    actor.send(decided(0, [['A', '10']]));
    actor.send({ type: 'submit', pmId: 'p2', step: 0, context: 'rogue', orders: [{ ...submit('r1', 'A', 0, '5'), pmId: 'p2', parentId: 'never' }] });
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 1, approved: 1 });
    actor.send({ type: 'submit', pmId: 'p1', step: 0, context: 'legit', orders: [submit('c1', 'A', 0)] });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    expect(readyAt(out, 1)).toBeUndefined(); // p2 has not finished
    actor.send({ type: 'pmStepDone', pmId: 'p2', step: 0, placements: 0, approved: 0 });
    expect(received(out).map((r) => `${r.context}: ${r.results.map((x) => `${x.childId} ${x.reason}`).join(', ')}`)).toEqual(['legit: c1 OK', 'rogue: r1 NOT_APPROVED']);
    expect(readyAt(out, 1)!.fills.map((f) => f.order.childId)).toEqual(['c1']);
  });

  it('forgets a step\'s approvals when the next step begins, and ignores a decision log of another step', () => {
    const { actor, out } = start(['p1']);
    actor.send({ type: 'start' });
    actor.send(decided(0, [['A', '10']]));
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 0, placements: 0, approved: 1 });
    actor.send({ type: 'allocStepDone', step: 0, weightsSeq: 0 });
    actor.send(decided(0, [['A', '10']])); // late: step 0 is over
    actor.send({ type: 'pmStepDone', pmId: 'p1', step: 1, placements: 1, approved: 0 });
    actor.send({ type: 'submit', pmId: 'p1', step: 1, context: 'r', orders: [submit('c1', 'A', 1)] });
    expect(received(out).flatMap((r) => r.results.map((x) => `${x.childId} ${x.reason}`))).toEqual(['c1 NOT_APPROVED']);
  });
});
