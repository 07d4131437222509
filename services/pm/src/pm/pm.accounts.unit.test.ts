import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText, type ComplianceRule, type StrategyConfig } from '@atrium/domain';
import { pmMachine, type PmEmitted, type PmInput } from './pm.machine.js';

const bar = (symbol: string, close: string) => ({ symbol, open: close, high: close, low: close, close, volume: '1000' });
const md = (step: number) => ({ type: 'marketStep' as const, step, date: `2016-01-0${4 + step}`, bars: [bar('A', '10')], weightsSeq: 0 });
const blotter = (id: string, orders: { date: string; side: 'buy' | 'sell'; qty: string; lotIds?: string[] }[], account?: string): StrategyConfig => ({
  id,
  symbols: ['A'],
  params: { type: 'scheduled_orders', orders: orders.map((o) => ({ symbol: 'A', ...o })), ...(account ? { account } : {}) },
  sizing: { type: 'fixed_shares', shares: '1' },
});
const restricted: ComplianceRule = { kind: 'restricted_symbols', symbols: ['A'], severity: 'hard', source: 'pms[0].accounts[0].restrictions.prohibited_symbols' };

function start(over: Partial<PmInput>) {
  const actor = createActor(pmMachine, { input: { pmId: 'p', capital: new D(100_000), limits: {}, strategies: [], accounts: [{ id: 'x', capital: new D(300) }, { id: 'y', capital: new D(100) }], ...over } });
  const out: PmEmitted[] = [];
  actor.on('*', (e) => out.push(e as PmEmitted));
  actor.start();
  return { actor, out };
}
const last = <T extends PmEmitted['type']>(out: PmEmitted[], type: T) => out.filter((e) => e.type === type).at(-1) as Extract<PmEmitted, { type: T }> | undefined;
function approveAll(actor: ReturnType<typeof start>['actor'], out: PmEmitted[]) {
  const check = last(out, 'checkRequested')!;
  actor.send({ type: 'riskDecided', decisions: check.orders.map((o) => ({ orderId: o.orderId, decision: 'approved' as const, reason: 'OK' as const, message: '', approvedQty: decText(o.qty) })) });
}

describe('PM machine: accounts and compliance', () => {
  it('leaves out of a split the accounts whose hard rules forbid the order, and records why', () => {
    const { actor, out } = start({ strategies: [blotter('b', [{ date: '2016-01-04', side: 'buy', qty: '100' }])], accounts: [{ id: 'x', capital: new D(300), rules: [restricted] }, { id: 'y', capital: new D(100) }] });
    actor.send(md(0));
    approveAll(actor, out);
    const split = last(out, 'splitRequested')!;
    expect(split.accountsFor.get('p-0-1')!.map((a) => a.id)).toEqual(['y']);
    const c = last(out, 'compliance')!;
    expect(c.excluded.map((x) => [x.accountId, x.record.stage, x.record.outcome, x.record.orderId, x.record.reason, x.record.ruleSource])).toEqual([
      ['x', 'pre_split', 'excluded', 'p-0-1', 'ACCOUNT_PROHIBITED_SYMBOL', 'pms[0].accounts[0].restrictions.prohibited_symbols'],
    ]);
  });

  it('sends a directed blotter to its account alone, with its lot ids, and keeps its fills out of the pooled position', () => {
    const pooled = blotter('pooled', [{ date: '2016-01-04', side: 'buy', qty: '400' }]);
    const directed = blotter('mine', [{ date: '2016-01-04', side: 'buy', qty: '50' }, { date: '2016-01-05', side: 'sell', qty: '20', lotIds: ['A-1'] }], 'y');
    const { actor, out } = start({ strategies: [pooled, directed] });
    actor.send(md(0));
    const check0 = last(out, 'checkRequested')!;
    expect(check0.orders.map((o) => [o.orderId, o.side, decText(o.qty), o.account ?? '', o.lotIds ?? []])).toEqual([
      ['p-0-1', 'buy', '400', '', []],
      ['p-0-2', 'buy', '50', 'y', []],
    ]);
    approveAll(actor, out);
    const split = last(out, 'splitRequested')!;
    expect([...split.accountsFor].map(([id, list]) => [id, list.map((a) => a.id)])).toEqual([['p-0-1', ['x', 'y']], ['p-0-2', ['y']]]);
    actor.send({ type: 'splitDone', results: [{ orderId: 'p-0-1', error: '', allocations: [{ accountId: 'x', qty: '300' }, { accountId: 'y', qty: '100' }] }, { orderId: 'p-0-2', error: '', allocations: [{ accountId: 'y', qty: '50' }] }] });
    actor.send({ type: 'placed', accountId: 'x', results: [] });
    actor.send({ type: 'placed', accountId: 'y', results: [] });
    const fill = (parentId: string, accountId: string, qty: number) => ({ type: 'fill' as const, parentId, accountId, symbol: 'A', side: 'buy' as const, qty: new D(qty), price: new D(10), commission: new D(0) });
    actor.send(fill('p-0-1', 'x', 300));
    actor.send(fill('p-0-1', 'y', 100));
    actor.send(fill('p-0-2', 'y', 50));

    actor.send(md(1));
    // the pooled target (400) is met by the pooled fills; only the directed sale is ordered
    const check1 = last(out, 'checkRequested')!;
    expect(check1.orders.map((o) => [o.orderId, o.side, decText(o.qty), o.account, o.lotIds])).toEqual([['p-1-1', 'sell', '20', 'y', ['A-1']]]);
    approveAll(actor, out);
    actor.send({ type: 'splitDone', results: [{ orderId: 'p-1-1', error: '', allocations: [{ accountId: 'y', qty: '20' }] }] });
    const place = last(out, 'placeRequested')!;
    expect(place.orders.map((o) => [o.childId, o.accountId, decText(o.qty), o.lotIds])).toEqual([['p-1-1-y', 'y', '20', ['A-1']]]);
  });

  it('sends a blotter row once: a row risk denied is not sent again', () => {
    const { actor, out } = start({ strategies: [blotter('b', [{ date: '2016-01-04', side: 'buy', qty: '100' }])] });
    actor.send(md(0));
    const check = last(out, 'checkRequested')!;
    actor.send({ type: 'riskDecided', decisions: [{ orderId: check.orders[0]!.orderId, decision: 'denied', reason: 'MAX_GROSS_EXPOSURE', message: '', approvedQty: '0' }] });
    for (let step = 1; step < 4; step++) actor.send(md(step));
    expect(out.filter((e) => e.type === 'checkRequested')).toHaveLength(1);
    expect(out.filter((e) => e.type === 'stepDone')).toHaveLength(4);
  });

  it('sends a specific-lot sale once, with its lots: an account that refused it does not get it again without them', () => {
    const directed = blotter('mine', [{ date: '2016-01-04', side: 'buy', qty: '50' }, { date: '2016-01-05', side: 'sell', qty: '10', lotIds: ['A-7'] }], 'y');
    const { actor, out } = start({ strategies: [directed] });
    actor.send(md(0));
    approveAll(actor, out);
    actor.send({ type: 'splitDone', results: [{ orderId: 'p-0-1', error: '', allocations: [{ accountId: 'y', qty: '50' }] }] });
    actor.send({ type: 'fill', parentId: 'p-0-1', accountId: 'y', symbol: 'A', side: 'buy', qty: new D(50), price: new D(10), commission: new D(0) });
    actor.send(md(1));
    approveAll(actor, out);
    actor.send({ type: 'splitDone', results: [{ orderId: 'p-1-1', error: '', allocations: [{ accountId: 'y', qty: '10' }] }] });
    expect(last(out, 'placeRequested')!.orders.map((o) => [o.childId, o.side, decText(o.qty), o.lotIds])).toEqual([['p-1-1-y', 'sell', '10', ['A-7']]]);
    // the account refuses it (A-7 does not exist): no fill comes, and the sale is not sent again
    for (let step = 2; step < 5; step++) actor.send(md(step));
    expect(out.filter((e) => e.type === 'checkRequested')).toHaveLength(2);
  });
});
