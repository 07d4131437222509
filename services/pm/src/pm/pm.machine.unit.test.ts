import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText, type StrategyConfig } from '@atrium/domain';
import { pmMachine, type PmEmitted, type PmInput } from './pm.machine.js';

const blotter: StrategyConfig = {
  id: 'blotter',
  symbols: ['A'],
  params: { type: 'scheduled_orders', orders: [{ date: '2016-01-04', symbol: 'A', side: 'buy', qty: '100' }] },
  sizing: { type: 'fixed_shares', shares: '1' },
};
const bar = (symbol: string, close: string) => ({ symbol, open: close, high: close, low: close, close, volume: '1000' });
const md = (step: number, close: string, weightsSeq = 0) => ({ type: 'marketStep' as const, step, date: `2016-01-0${4 + step}`, bars: [bar('A', close)], weightsSeq });

function start(over: Partial<PmInput> = {}) {
  const actor = createActor(pmMachine, {
    input: { pmId: 'pm-a', capital: new D(100_000), limits: {}, strategies: [blotter], accounts: [{ id: 'x', capital: new D(300) }, { id: 'y', capital: new D(100) }], ...over },
  });
  const out: PmEmitted[] = [];
  actor.on('*', (e) => out.push(e as PmEmitted));
  actor.start();
  return { actor, out };
}
const types = (out: PmEmitted[]) => out.map((e) => e.type);
function denyAll(actor: ReturnType<typeof start>['actor'], out: PmEmitted[]) {
  const check = out.at(-1) as Extract<PmEmitted, { type: 'checkRequested' }>;
  expect(check.type).toBe('checkRequested');
  actor.send({ type: 'riskDecided', decisions: check.orders.map((o) => ({ orderId: o.orderId, decision: 'denied' as const, reason: 'MAX_GROSS_EXPOSURE' as const, message: '', approvedQty: '0' })) });
}

describe('PM machine', () => {
  it('runs a step: signal, risk check, split, one placement per account, then step_done', () => {
    const { actor, out } = start();
    actor.send(md(0, '10'));
    expect(types(out)).toEqual(['signal', 'checkRequested']);
    const check = out[1] as Extract<PmEmitted, { type: 'checkRequested' }>;
    expect(check.orders.map((o) => [o.orderId, o.side, decText(o.qty), decText(o.refPrice), o.strategyIds])).toEqual([['pm-a-0-1', 'buy', '100', '10', ['blotter']]]);

    actor.send({ type: 'riskDecided', decisions: [{ orderId: 'pm-a-0-1', decision: 'approved', reason: 'OK', message: '', approvedQty: '100' }] });
    const split = out.at(-1) as Extract<PmEmitted, { type: 'splitRequested' }>;
    expect(split.type).toBe('splitRequested');

    actor.send({ type: 'splitDone', results: [{ orderId: 'pm-a-0-1', error: '', allocations: [{ accountId: 'x', qty: '75' }, { accountId: 'y', qty: '25' }] }] });
    const places = out.filter((e) => e.type === 'placeRequested') as Extract<PmEmitted, { type: 'placeRequested' }>[];
    expect(places.map((p) => [p.accountId, p.orders.map((o) => [o.childId, decText(o.qty)])])).toEqual([
      ['x', [['pm-a-0-1-x', '75']]],
      ['y', [['pm-a-0-1-y', '25']]],
    ]);
    // placements are published, not awaited: the step is done, and says the venue has two
    // submission batches to wait for
    const done = out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>;
    expect([done.type, done.summary.step, done.summary.ordersSent, done.summary.ordersApproved, done.summary.placements]).toEqual(['stepDone', 0, 1, 1, 2]);
    expect(actor.getSnapshot().value).toBe('idle');
  });

  it('fails closed when master-risk does not answer: nothing is split or placed', () => {
    const { actor, out } = start();
    actor.send(md(0, '10'));
    actor.send({ type: 'riskUnavailable', message: 'timeout' });
    expect(types(out)).toEqual(['signal', 'checkRequested', 'unavailable', 'stepDone']);
    expect((out[2] as Extract<PmEmitted, { type: 'unavailable' }>).reason).toBe('RISK_UNAVAILABLE');
    expect((out[2] as Extract<PmEmitted, { type: 'unavailable' }>).denied?.map((o) => o.orderId)).toEqual(['pm-a-0-1']); // recorded for the firm's decision log
  });

  it('finishes the step at once when risk denies everything', () => {
    const { actor, out } = start();
    actor.send(md(0, '10'));
    actor.send({ type: 'riskDecided', decisions: [{ orderId: 'pm-a-0-1', decision: 'denied', reason: 'MAX_GROSS_EXPOSURE', message: 'x', approvedQty: '0' }] });
    expect(types(out)).toEqual(['signal', 'checkRequested', 'stepDone']);
  });

  it('marks fills at the close and reports P&L and the step return', () => {
    const { actor, out } = start({ strategies: [] });
    actor.send({ type: 'fill', symbol: 'A', side: 'buy', qty: new D(100), price: new D(10), commission: new D(1) });
    actor.send(md(0, '12'));
    denyAll(actor, out); // no strategy targets A, so the PM asks to flatten it
    const done = out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>;
    // 100 × (12 − 10) − 1 = 199 on 100,000
    expect(decText(done.summary.pnl)).toBe('199');
    expect(done.summary.stepReturn).toBeCloseTo(0.00199, 12);
    expect(decText(done.summary.equity)).toBe('100199');
  });

  it('waits for the capital the step says is in force, applies it as a flow, not a return', () => {
    const { actor, out } = start({ strategies: [] });
    actor.send(md(0, '10'));
    actor.send(md(1, '10', 1));
    expect(actor.getSnapshot().value).toBe('waitingCapital');
    expect(out.filter((e) => e.type === 'stepDone')).toHaveLength(1);
    actor.send({ type: 'capital', seq: 1, capital: new D(250_000), weight: 0.25 });
    const done = out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>;
    expect([done.summary.step, decText(done.summary.capital), decText(done.summary.equity), decText(done.summary.pnl), done.summary.stepReturn]).toEqual([1, '250000', '250000', '0', 0]);
  });

  it('keeps the P&L of fills made on the step new capital arrives (the flow is against the last close)', () => {
    const { actor, out } = start({ strategies: [] });
    actor.send({ type: 'fill', symbol: 'A', side: 'buy', qty: new D(100), price: new D(10), commission: new D(1) });
    actor.send(md(0, '10'));
    denyAll(actor, out); // equity 99,999 at the close
    actor.send({ type: 'capital', seq: 1, capital: new D(250_000), weight: 0.25 });
    actor.send({ type: 'fill', symbol: 'A', side: 'sell', qty: new D(100), price: new D(11), commission: new D(1) });
    actor.send(md(1, '11', 1));
    const done = out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>;
    // sold at 11 what was marked at 10, less 1 commission: 99 made on the new 250,000
    expect([done.summary.step, decText(done.summary.pnl), decText(done.summary.equity)]).toEqual([1, '99', '250099']);
    expect(done.summary.stepReturn).toBeCloseTo(99 / 250_000, 15);
  });

  it('switches to REDUCING after max_drawdown_pct and then only reduces', () => {
    const { actor, out } = start({ strategies: [], limits: { maxDrawdownPct: new D(10) } });
    actor.send({ type: 'fill', symbol: 'A', side: 'buy', qty: new D(10_000), price: new D(10), commission: new D(0) });
    actor.send(md(0, '10'));
    denyAll(actor, out);
    expect((out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>).summary.state).toBe('ACTIVE');
    actor.send(md(1, '8.9')); // −11,000 on 100,000 → 11% drawdown
    const check = out.at(-1) as Extract<PmEmitted, { type: 'checkRequested' }>;
    expect(check.orders.map((o) => `${o.side} ${decText(o.qty)}`)).toEqual(['sell 10000']); // reducing passes
    denyAll(actor, out);
    expect((out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>).summary.state).toBe('REDUCING');
  });

  it('reports every position on its first and last step_done, and in between only those fills changed (a closed one flat)', () => {
    const { actor, out } = start({ strategies: [{ ...blotter, params: { type: 'scheduled_orders', orders: [{ date: '2020-01-02', symbol: 'A', side: 'buy', qty: '1' }] } }] });
    const buy = (symbol: string, qty: number, side: 'buy' | 'sell' = 'buy') => actor.send({ type: 'fill', symbol, side, qty: new D(qty), price: new D(10), commission: new D(0), accountId: 'x' });
    const step = (t: number, isLast = false) => {
      actor.send({ ...md(t, '10'), last: isLast });
      if (out.at(-1)?.type === 'checkRequested') denyAll(actor, out); // the blotter would trade the fills back to flat
      const done = out.filter((e) => e.type === 'stepDone').at(-1) as Extract<PmEmitted, { type: 'stepDone' }>;
      expect(done?.summary.step).toBe(t);
      return [done.summary.changedOnly, done.summary.holdings.map((h) => `${h.symbol} ${decText(h.qty)}`)];
    };
    expect(step(0)).toEqual([false, []]);
    buy('A', 100);
    buy('B', 30);
    expect(step(1)).toEqual([true, ['A 100', 'B 30']]);
    expect(step(2)).toEqual([true, []]);
    buy('B', 30, 'sell');
    buy('A', 50);
    expect(step(3)).toEqual([true, ['A 150', 'B 0']]);
    expect(step(4, true)).toEqual([false, ['A 150']]);
  });

  const lastCheck = (out: PmEmitted[]) => out.filter((e): e is Extract<PmEmitted, { type: 'checkRequested' }> => e.type === 'checkRequested').at(-1)!;
  const stateOf = (c: Extract<PmEmitted, { type: 'checkRequested' }>) => `${c.state.state.state} ${c.state.state.reason} ${c.state.seq}`;

  it('reports its own drawdown to master-risk in its check request', () => {
    const { actor, out } = start({ strategies: [], limits: { maxDrawdownPct: new D(10) } });
    actor.send({ type: 'fill', symbol: 'A', side: 'buy', qty: new D(10_000), price: new D(10), commission: new D(0) });
    actor.send(md(0, '10'));
    expect(stateOf(lastCheck(out))).toBe('ACTIVE OK 0');
    denyAll(actor, out);
    actor.send(md(1, '8.9'));
    const check = lastCheck(out);
    expect([stateOf(check), check.state.state.why]).toEqual(['REDUCING PM_DRAWDOWN 0', 'drawdown 11.00% from its peak reached limit 10% (max_drawdown_pct)']);
  });

  it('sends an order-less check when only its state changed, and none when nothing is news', () => {
    const { actor, out } = start({ strategies: [] });
    actor.send({ type: 'setState', state: { state: 'HALTED', reason: 'PM_HALTED', why: 'halt by command' }, seq: 1 });
    actor.send(md(0, '10'));
    const check = lastCheck(out);
    expect([check.orders.length, stateOf(check)]).toEqual([0, 'HALTED PM_HALTED 1']);
    actor.send({ type: 'riskDecided', decisions: [] });
    expect((out.at(-1) as Extract<PmEmitted, { type: 'stepDone' }>).summary.state).toBe('HALTED');
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send(md(1, '10'));
    expect(types(out).slice(-3)).toEqual(['checkRequested', 'stepDone', 'stepDone']); // step 1 sent no check
  });

  it('obeys commands in sequence: halt plans nothing, an older command is ignored, resume re-arms the drawdown from today', () => {
    const { actor, out } = start({ strategies: [], limits: { maxDrawdownPct: new D(10) } });
    actor.send({ type: 'fill', symbol: 'A', side: 'buy', qty: new D(10_000), price: new D(10), commission: new D(0) });
    const step = (t: number, close: string) => {
      actor.send(md(t, close));
      if (actor.getSnapshot().value === 'checking') actor.send({ type: 'riskDecided', decisions: [] }); // nothing approved
      return lastCheck(out);
    };
    expect(stateOf(step(0, '10'))).toBe('ACTIVE OK 0');
    expect(stateOf(step(1, '8.9'))).toBe('REDUCING PM_DRAWDOWN 0'); // 11% down
    actor.send({ type: 'setState', state: { state: 'HALTED', reason: 'PM_HALTED', why: 'halt by command' }, seq: 2 });
    actor.send({ type: 'setState', state: { state: 'ACTIVE', reason: 'OK', why: '' }, seq: 1 }); // older: ignored
    const halted = step(2, '8.9');
    expect([halted.orders.length, stateOf(halted)]).toEqual([0, 'HALTED PM_HALTED 2']);
    actor.send({ type: 'setState', state: { state: 'ACTIVE', reason: 'OK', why: '' }, seq: 3 });
    expect(stateOf(step(3, '8.9'))).toBe('ACTIVE OK 3'); // still 11% under the old peak, but re-armed from here
    expect(stateOf(step(4, '8.1'))).toBe('ACTIVE OK 3'); // 9% under the re-armed peak
    expect(stateOf(step(5, '8'))).toBe('REDUCING PM_DRAWDOWN 3'); // 10.1%: REDUCING again, from the new peak
  });
});
