import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText } from '@atrium/domain';
import { riskMachine, type RiskEmitted, type Sequencing } from './risk.machine.js';

function start(sequencing: Sequencing = 'pm_order', maxGross = 15_000) {
  const actor = createActor(riskMachine, {
    input: { firmCapital: new D(1_000_000), limits: { maxGrossExposure: new D(maxGross) }, pmIds: ['a', 'b', 'c'], symbols: new Set(['X']), sequencing },
  });
  const decided: Extract<RiskEmitted, { type: 'decided' }>[] = [];
  actor.on('decided', (e) => decided.push(e));
  actor.start();
  actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', closes: [['X', new D(100)]] });
  return { actor, decided };
}
const batch = (pmId: string, step = 0, qty = '100') => ({ type: 'check' as const, pmId, step, replyTo: pmId, orders: [{ orderId: `${pmId}-${step}`, pmId, symbol: 'X', side: 'buy' as const, qty, step }] });

describe('master-risk machine', () => {
  it('decides batches in PM order whatever order they arrive in, so contention is deterministic', () => {
    const { actor, decided } = start();
    actor.send(batch('b'));
    expect(decided).toHaveLength(0); // waits for a
    actor.send(batch('a'));
    expect(decided.map((d) => [d.batch.pmId, d.decisions[0]!.decision])).toEqual([
      ['a', 'approved'],
      ['b', 'denied'], // 10,000 reserved by a + 10,000 > 15,000
    ]);
    expect(decided[1]!.decisions[0]!.reason).toBe('MAX_GROSS_EXPOSURE');
  });

  it('a PM that finished the step without orders does not hold the sequence', () => {
    const { actor, decided } = start();
    actor.send({ type: 'pmStepDone', pmId: 'a', step: 0 });
    actor.send(batch('c'));
    expect(decided).toHaveLength(0); // waits for b
    actor.send({ type: 'pmStepDone', pmId: 'b', step: 0 });
    expect(decided.map((d) => d.batch.pmId)).toEqual(['c']);
  });

  it('decides on arrival when sequencing is arrival', () => {
    const { actor, decided } = start('arrival');
    actor.send(batch('c'));
    expect(decided.map((d) => d.batch.pmId)).toEqual(['c']);
  });

  it('keeps a batch for a step it has no prices for until that step begins', () => {
    const { actor, decided } = start('arrival');
    actor.send(batch('a', 1));
    expect(decided).toHaveLength(0);
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', closes: [['X', new D(100)]] });
    expect(decided).toHaveLength(1);
  });

  it('releases a step reservations when the next step begins, then applies fills', () => {
    const { actor, decided } = start('arrival');
    actor.send(batch('a'));
    expect(decText(actor.getSnapshot().context.book.exposure().gross)).toBe('10000');
    actor.send({ type: 'fill', symbol: 'X', side: 'buy', qty: new D(40) }); // partial: 40 of 100
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', closes: [['X', new D(110)]] });
    const book = actor.getSnapshot().context.book;
    expect(book.openReservations).toBe(0);
    expect(decText(book.exposure().gross)).toBe('4400');
    expect(decided).toHaveLength(1);
  });

  it.each([
    ['an unknown PM', batch('zz'), 'UNKNOWN_PM'],
    ['a stale step', { ...batch('a', 0) }, 'STALE_STEP'],
  ])('denies %s without waiting', (_n, b, reason) => {
    const { actor, decided } = start('arrival');
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', closes: [['X', new D(100)]] });
    actor.send(b);
    expect(decided[0]!.decisions[0]!.reason).toBe(reason);
  });
});
