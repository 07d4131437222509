import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText, type ComplianceRule, type Dec } from '@atrium/domain';
import { accountMachine, type AccountEmitted, type AccountInput, type ChildOrderIn } from './account.machine.js';

const rule = (r: object, severity: 'hard' | 'warn' = 'hard', source = 'pms[0].accounts[0].compliance[0]') => ({ ...r, severity, source }) as ComplianceRule;

function start(over: Partial<AccountInput> = {}) {
  const actor = createActor(accountMachine, { input: { pmId: 'p', accountId: 'a1', capital: new D(100_000), ...over } });
  const out: AccountEmitted[] = [];
  actor.on('*', (e) => out.push(e as AccountEmitted));
  actor.start();
  return { actor, out };
}
const closes = (m: Record<string, number>) => (s: string): Dec | undefined => (m[s] === undefined ? undefined : new D(m[s]!));
const order = (childId: string, symbol: string, side: 'buy' | 'sell', qty: number, lotIds?: string[]): ChildOrderIn => ({ childId, parentId: childId.replace(/-a1$/, ''), symbol, side, qty: new D(qty), step: 0, ...(lotIds ? { lotIds } : {}) });
const fill = (parentId: string, symbol: string, side: 'buy' | 'sell', qty: number, price: number, date: string) => ({ type: 'fill' as const, fillId: `${parentId}-f`, parentId, date, symbol, side, qty: new D(qty), price: new D(price), commission: new D(0) });
const last = <T extends AccountEmitted['type']>(out: AccountEmitted[], type: T) => out.filter((e) => e.type === type).at(-1) as Extract<AccountEmitted, { type: T }>;

describe('account machine', () => {
  it('refuses a child order a hard rule forbids, naming the account and the rule; a warn rule lets it pass and is recorded', () => {
    const { actor, out } = start({ rules: [rule({ kind: 'restricted_symbols', symbols: ['XOM'] }), rule({ kind: 'max_position_pct', pct: '1' }, 'warn', 'compliance[0]')] });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ XOM: 80, AAA: 50 }) });
    actor.send({ type: 'place', step: 0, orders: [order('o1-a1', 'XOM', 'buy', 10), order('o2-a1', 'AAA', 'buy', 100)], context: 'r' });
    const submit = last(out, 'submitRequested');
    expect(submit.orders.map((o) => o.childId)).toEqual(['o2-a1']);
    expect(submit.refused.map((r) => [r.childId, r.reason, r.message])).toEqual([['o1-a1', 'ACCOUNT_PROHIBITED_SYMBOL', 'account a1: XOM is a restricted symbol (pms[0].accounts[0].compliance[0], hard)']]);
    const c = last(out, 'compliance');
    expect([c.step, c.date]).toEqual([0, '2016-01-04']);
    expect(c.records.map((r) => [r.orderId, r.rule, r.severity, r.outcome, r.reason, r.value, r.limit])).toEqual([
      ['o1-a1', 'restricted_symbols', 'hard', 'refused', 'ACCOUNT_PROHIBITED_SYMBOL', 'XOM', 'restricted'],
      ['o2-a1', 'max_position_pct', 'warn', 'warned', 'ACCOUNT_MAX_POSITION', '5%', '1%'],
    ]);
  });

  it('refuses a sale of more than it holds when it is long only, and counts earlier orders of the same batch', () => {
    const { actor, out } = start({ rules: [rule({ kind: 'long_only' }, 'hard', 'pms[0].accounts[0].restrictions.long_only')] });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 50 }) });
    actor.send(fill('b0', 'AAA', 'buy', 100, 50, '2016-01-04'));
    actor.send({ type: 'place', step: 0, orders: [order('o1-a1', 'AAA', 'sell', 60), order('o2-a1', 'AAA', 'sell', 60)], context: 'r' });
    const submit = last(out, 'submitRequested');
    expect(submit.orders.map((o) => o.childId)).toEqual(['o1-a1']);
    expect(submit.refused.map((r) => r.message)).toEqual(['account a1: sell 60 AAA would leave -20 shares: the account is long only (pms[0].accounts[0].restrictions.long_only, hard)']);
  });

  it('refuses a specific-lot sale naming a lot that does not exist', () => {
    const { actor, out } = start({ taxLotMethod: 'specific' });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 50 }) });
    actor.send(fill('b0', 'AAA', 'buy', 100, 50, '2016-01-04'));
    actor.send({ type: 'place', step: 0, orders: [order('o1-a1', 'AAA', 'sell', 10, ['AAA-7'])], context: 'r' });
    // the account still sends its one submission batch for the placement, empty, with the refusal
    const submit = last(out, 'submitRequested');
    expect(submit.orders).toEqual([]);
    expect(submit.refused.map((r) => [r.reason, r.message])).toEqual([['ACCOUNT_INVALID_LOT', 'account a1: lot AAA-7 does not exist (open lots in AAA: AAA-1)']]);
    expect(last(out, 'compliance').records.map((r) => [r.rule, r.outcome, r.value])).toEqual([['specific_lots', 'refused', 'AAA-7']]);
  });

  it('relieves the lots a placed order named when its fill comes, and reports lots and realised P&L at the next close', () => {
    const { actor, out } = start({ taxLotMethod: 'fifo' });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 10 }) });
    actor.send(fill('b1', 'AAA', 'buy', 100, 10, '2016-01-04'));
    actor.send(fill('b2', 'AAA', 'buy', 100, 12, '2016-01-04'));
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', last: true, close: closes({ AAA: 11 }) });
    const m1 = last(out, 'marked');
    expect(m1.lots.open?.map((l) => [l.lotId, decText(l.qty), decText(l.cost)])).toEqual([['AAA-1', '100', '1000'], ['AAA-2', '100', '1200']]);
    expect([decText(m1.lots.realizedPnl), decText(m1.lots.unrealizedPnl)]).toEqual(['0', '0']);

    actor.send({ type: 'place', step: 1, orders: [order('s1-a1', 'AAA', 'sell', 50, ['AAA-2'])], context: 'r' });
    actor.send(fill('s1', 'AAA', 'sell', 50, 13, '2016-01-05'));
    actor.send({ type: 'marketStep', step: 2, date: '2016-01-06', last: true, close: closes({ AAA: 14 }) });
    const m2 = last(out, 'marked');
    expect(m2.lots.realized.map((r) => [r.lotId, decText(r.qty), decText(r.pnl)])).toEqual([['AAA-2', '50', '50']]);
    expect(m2.lots.open?.map((l) => [l.lotId, decText(l.qty)])).toEqual([['AAA-1', '100'], ['AAA-2', '50']]);
    // unrealised at 14: 100 × 14 − 1000 + 50 × 14 − 600 = 500
    expect([decText(m2.lots.realizedPnl), decText(m2.lots.unrealizedPnl)]).toEqual(['50', '500']);

    actor.send({ type: 'marketStep', step: 3, date: '2016-01-07', last: false, close: closes({ AAA: 14 }) });
    expect(last(out, 'marked').lots).toMatchObject({ realized: [], method: 'fifo' });
    expect(last(out, 'marked').lots.open).toBeUndefined(); // lots travel with the full book, on the last step
  });

  it('never lets two sales of one step relieve the same lot: the second one naming it is refused', () => {
    const { actor, out } = start({ taxLotMethod: 'specific' });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 10 }) });
    actor.send(fill('b1', 'AAA', 'buy', 100, 10, '2016-01-04'));
    actor.send(fill('b2', 'AAA', 'buy', 100, 12, '2016-01-04'));
    actor.send({ type: 'place', step: 0, orders: [order('s1-a1', 'AAA', 'sell', 60, ['AAA-1']), order('s2-a1', 'AAA', 'sell', 60, ['AAA-1'])], context: 'r' });
    const submit = last(out, 'submitRequested');
    expect(submit.orders.map((o) => o.childId)).toEqual(['s1-a1']);
    expect(submit.refused.map((r) => [r.childId, r.reason, r.message])).toEqual([
      ['s2-a1', 'ACCOUNT_INVALID_LOT', 'account a1: the named lots (AAA-1) hold 40 shares not already named by another order of this step, fewer than the 60 to sell'],
    ]);
  });

  it('keeps the lots a specific-lot sale named for it: a sale of the same step naming none takes other lots first', () => {
    const { actor, out } = start({ taxLotMethod: 'fifo' });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 10 }) });
    actor.send(fill('b1', 'AAA', 'buy', 100, 10, '2016-01-04'));
    actor.send(fill('b2', 'AAA', 'buy', 100, 12, '2016-01-04'));
    actor.send({ type: 'place', step: 0, orders: [order('s1-a1', 'AAA', 'sell', 100, ['AAA-1']), order('s2-a1', 'AAA', 'sell', 50)], context: 'r' });
    // the unnamed sale fills first: by fifo it would take AAA-1, which s1 named
    actor.send(fill('s2', 'AAA', 'sell', 50, 13, '2016-01-05'));
    actor.send(fill('s1', 'AAA', 'sell', 100, 13, '2016-01-05'));
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', last: true, close: closes({ AAA: 13 }) });
    const m = last(out, 'marked');
    expect(m.lots.realized.map((r) => [r.closeFillId, r.lotId, decText(r.qty)])).toEqual([['s2-f', 'AAA-2', '50'], ['s1-f', 'AAA-1', '100']]);
    expect(m.lots.open?.map((l) => [l.lotId, decText(l.qty)])).toEqual([['AAA-2', '50']]);
  });

  it('checks participation against the average volume of the bars it has seen', () => {
    const { actor, out } = start({ rules: [rule({ kind: 'max_adv_pct', pct: '10' })] });
    const volumes = (v: number) => () => new Map([['AAA', new D(v)]]);
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 10 }), volumes: volumes(1000) });
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', last: false, close: closes({ AAA: 10 }), volumes: volumes(3000) });
    actor.send({ type: 'place', step: 1, orders: [order('o1-a1', 'AAA', 'buy', 200), order('o2-a1', 'AAA', 'buy', 201)], context: 'r' });
    expect(last(out, 'submitRequested').refused.map((r) => [r.childId, r.reason])).toEqual([['o2-a1', 'ACCOUNT_MAX_ADV']]);
  });

  it('sums its child orders of one symbol in a step for participation: two each under max_adv_pct, together over it', () => {
    const { actor, out } = start({ rules: [rule({ kind: 'max_adv_pct', pct: '10' })] });
    actor.send({ type: 'marketStep', step: 0, date: '2016-01-04', last: false, close: closes({ AAA: 10 }), volumes: () => new Map([['AAA', new D(2000)]]) });
    // average 2,000: 10% allows 200; 100 passes, then 150 more (a sale counts too) makes 250
    actor.send({ type: 'place', step: 0, orders: [order('o1-a1', 'AAA', 'buy', 100), order('o2-a1', 'AAA', 'sell', 150), order('o3-a1', 'BBB', 'buy', 1)], context: 'r' });
    const submit = last(out, 'submitRequested');
    expect(submit.orders.map((o) => o.childId)).toEqual(['o1-a1']);
    expect(submit.refused.map((r) => [r.childId, r.reason, r.message])).toEqual([
      ['o2-a1', 'ACCOUNT_MAX_ADV', 'account a1: 150 AAA with 100 earlier this step (250) is 12.5% of its average volume 2000, above 10% (pms[0].accounts[0].compliance[0], hard)'],
      ['o3-a1', 'ACCOUNT_MAX_ADV', 'account a1: no average volume for BBB (pms[0].accounts[0].compliance[0], hard)'],
    ]);
  });

  it('reports every position on its first and last mark, and in between only those fills changed (a closed one flat)', () => {
    const { actor, out } = start();
    const mark = (step: number, isLast = false) => {
      actor.send({ type: 'marketStep', step, date: `2016-01-0${4 + step}`, last: isLast, close: closes({ A: 11, B: 21 }) });
      const m = last(out, 'marked');
      return [m.step, m.changedOnly, m.holdings.map((h) => `${h.symbol} ${decText(h.qty)} @${decText(h.lastPrice)}`), decText(m.cash.plus(m.net)), decText(m.equity)];
    };
    expect(mark(0)).toEqual([0, false, [], '100000', '100000']);
    actor.send(fill('b1', 'A', 'buy', 100, 10, '2016-01-05'));
    actor.send(fill('b2', 'B', 'buy', 50, 20, '2016-01-05'));
    expect(mark(1)).toEqual([1, true, ['A 100 @11', 'B 50 @21'], '100150', '100150']);
    expect(mark(2)).toEqual([2, true, [], '100150', '100150']); // no fill: nothing to send
    actor.send(fill('s1', 'A', 'sell', 100, 12, '2016-01-07'));
    expect(mark(3)).toEqual([3, true, ['A 0 @0'], '100250', '100250']);
    actor.send(fill('b3', 'B', 'buy', 10, 21, '2016-01-08'));
    actor.send(fill('b4', 'C', 'buy', 5, 30, '2016-01-08'));
    expect(mark(4, true)).toEqual([4, false, ['B 60 @21', 'C 5 @30'], '100250', '100250']);
  });
});
