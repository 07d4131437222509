import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText } from '@atrium/domain';
import { riskMachine, type RiskEmitted, type RiskInput, type Sequencing } from './risk.machine.js';

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

  it('denies a repeated order id DUPLICATE_ORDER and leaks no reservation or order slot past the step', () => {
    const { actor, decided } = start('arrival', 1_000_000);
    const dup = (pmId: string) => ({ ...batch(pmId), orders: [{ ...batch(pmId).orders[0]!, orderId: 'dup' }] });
    actor.send({ ...dup('a'), orders: [...dup('a').orders, ...dup('a').orders] });
    actor.send(dup('a')); // a later batch of the same step
    expect(decided.flatMap((d) => d.decisions.map((x) => x.reason))).toEqual(['OK', 'DUPLICATE_ORDER', 'DUPLICATE_ORDER']);
    const book = actor.getSnapshot().context.book;
    expect([decText(book.exposure().gross), book.openOrders('a')]).toEqual(['10000', 1]);
    actor.send({ type: 'marketStep', step: 1, date: '2016-01-05', closes: [['X', new D(100)]] });
    expect([decText(book.exposure().gross), book.openOrders('a'), book.openReservations]).toEqual(['0', 0, 0]);
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

describe('master-risk machine: PM caps, weights, states and alerts', () => {
  type Emitted = RiskEmitted;
  function boot(over: Partial<RiskInput> = {}) {
    const actor = createActor(riskMachine, {
      input: {
        firmCapital: new D(1_000_000),
        limits: { maxGrossExposure: new D(100_000) },
        pmIds: ['a', 'b'],
        symbols: new Set(['X', 'Y']),
        sequencing: 'arrival',
        pmCapital: new Map([
          ['a', { capital: new D(50_000), maxLeverage: new D(1) }],
          ['b', { capital: new D(50_000), maxLeverage: new D(2) }],
        ]),
        ...over,
      },
    });
    const out: Emitted[] = [];
    actor.on('*', (e) => out.push(e as Emitted));
    actor.start();
    return { actor, out };
  }
  const md = (step: number, x = 100, weightsSeq = 0) => ({ type: 'marketStep' as const, step, date: `2016-01-${String(4 + step).padStart(2, '0')}`, closes: [['X', new D(x)], ['Y', new D(10)]] as [string, D][], volumes: [['X', new D(1000)]] as [string, D][], weightsSeq });
  let n = 0; // order ids are unique per PM, as a PM makes them
  const check = (pmId: string, step: number, qty: string, side: 'buy' | 'sell' = 'buy', symbol = 'X') => ({ type: 'check' as const, pmId, step, replyTo: `${pmId}-${step}`, orders: [{ orderId: `${pmId}-${step}-${symbol}-${side}-${++n}`, pmId, symbol, side, qty, step }] });
  const decisions = (out: Emitted[]) => out.filter((e): e is Extract<Emitted, { type: 'decided' }> => e.type === 'decided').map((e) => `${e.batch.pmId}:${e.decisions[0]!.reason}:${decText(e.decisions[0]!.approvedQty)}`);
  const alerts = (out: Emitted[]) => out.filter((e): e is Extract<Emitted, { type: 'alert' }> => e.type === 'alert').map((e) => `${e.kind} ${e.limit} ${e.scope} ${e.state.state}`);

  it('holds each PM to capital × max_leverage', () => {
    const { actor, out } = boot({ limits: {} });
    actor.send(md(0));
    actor.send(check('a', 0, '501'));
    actor.send(check('b', 0, '1000'));
    actor.send(check('b', 0, '1'));
    expect(decisions(out)).toEqual(['a:PM_CAPITAL_CAP:0', 'b:OK:1000', 'b:PM_CAPITAL_CAP:0']);
  });

  it('waits for the weights a step names before deciding, then caps PMs at weight × firm gross limit', () => {
    const { actor, out } = boot();
    actor.send(md(0));
    actor.send(md(1, 100, 1)); // market data names weights seq 1, not yet here
    actor.send(check('a', 1, '400'));
    expect(decisions(out)).toEqual([]);
    expect(out.filter((e) => e.type === 'book').map((e) => (e as { step: number }).step)).toEqual([0]);
    actor.send({ type: 'weights', seq: 1, weights: [{ pmId: 'a', weight: 0.3, capital: new D(300_000) }, { pmId: 'b', weight: 0.7, capital: new D(700_000) }] });
    // a: min(300,000 × 1, 0.3 × 100,000) = 30,000 → 400 × 100 = 40,000 is over its share of the firm's gross
    expect(decisions(out)).toEqual(['a:PM_MAX_GROSS_EXPOSURE:0']);
    const d = out.find((e) => e.type === 'decided') as Extract<Emitted, { type: 'decided' }>;
    expect(d.decisions[0]!.message).toBe('PM a gross exposure 40000 would exceed its cap 30000 (weight 0.3 × max_gross_exposure 100000)');
    actor.send(check('a', 1, '300', 'buy', 'X'));
    expect(decisions(out).at(-1)).toBe('a:OK:300');
  });

  it('applies weights that arrive early only from the step that names them', () => {
    const { actor, out } = boot();
    actor.send(md(0));
    actor.send({ type: 'weights', seq: 1, weights: [{ pmId: 'a', weight: 0.01, capital: new D(10_000) }] });
    actor.send(check('a', 0, '400'));
    expect(decisions(out)).toEqual(['a:OK:400']); // still capital 50,000 at step 0
    actor.send(md(1, 100, 1));
    actor.send(check('a', 1, '101', 'buy', 'Y'));
    expect(decisions(out).at(-1)).toBe('a:PM_MAX_GROSS_EXPOSURE:0'); // 0.01 × 100,000 = 1,000 < 1,010
  });

  it('scales each PM\'s single-name limit by its weight once allocation has set one, with its own reason code', () => {
    const { actor, out } = boot({ limits: { maxSingleNameNotional: new D(48_000) }, pmCapital: new Map([['a', { capital: new D(500_000), maxLeverage: new D(4) }], ['b', { capital: new D(500_000), maxLeverage: new D(4) }]]) });
    actor.send(md(0));
    actor.send(check('a', 0, '400', 'buy', 'X')); // before any weights: the firm's 48,000 only
    actor.send({ type: 'fill', symbol: 'X', side: 'buy', qty: new D(400), pmId: 'a', price: new D(100), commission: new D(0) });
    actor.send(md(1, 100, 1));
    actor.send({ type: 'weights', seq: 1, weights: [{ pmId: 'a', weight: 0.25, capital: new D(250_000) }, { pmId: 'b', weight: 0.75, capital: new D(750_000) }] });
    // a's share 0.25 × 48,000 = 12,000: it holds 40,000 of X, so it may reduce but not add; b's is 36,000
    actor.send(check('a', 1, '1', 'buy', 'X'));
    actor.send(check('a', 1, '300', 'sell', 'X'));
    actor.send(check('b', 1, '80', 'buy', 'X'));
    expect(decisions(out)).toEqual(['a:OK:400', 'a:PM_MAX_SINGLE_NAME_NOTIONAL:0', 'a:OK:300', 'b:OK:80']);
    const d = out.filter((e) => e.type === 'decided')[1] as Extract<Emitted, { type: 'decided' }>;
    expect(d.decisions[0]!.message).toBe('PM a X exposure 40100 would exceed its share 12000 (weight 0.25 × max_single_name_notional 48000)');
  });

  it('holds a PM to its share of the firm\'s net exposure, long and short', () => {
    const limits = { maxNetExposure: new D(100_000) };
    const { actor, out } = boot({ limits, pmCapital: new Map([['a', { capital: new D(500_000), maxLeverage: new D(4) }]]) });
    actor.send(md(0));
    actor.send({ type: 'weights', seq: 1, weights: [{ pmId: 'a', weight: 0.2, capital: new D(200_000) }] });
    actor.send(md(1, 100, 1));
    // 0.2 × 100,000 = 20,000 each way
    actor.send(check('a', 1, '200', 'buy', 'X'));
    actor.send(check('a', 1, '1', 'buy', 'Y'));
    actor.send(check('a', 1, '2000', 'sell', 'Y')); // net if the sells fill and the buy does not: −20,000, at the share
    actor.send(check('a', 1, '2001', 'sell', 'Y'));
    expect(decisions(out)).toEqual(['a:OK:200', 'a:PM_MAX_NET_EXPOSURE:0', 'a:OK:2000', 'a:PM_MAX_NET_EXPOSURE:0']);
    const last = out.filter((e) => e.type === 'decided').at(-1) as Extract<Emitted, { type: 'decided' }>;
    expect(last.decisions[0]!.message).toMatch(/^PM a net (short|long) exposure [\d.]+ would exceed its share 20000 \(weight 0\.2 × max_net_exposure 100000\)$/);
  });

  it.each([
    ['halt', undefined, 'FIRM_HALTED', 'FIRM_HALTED'],
    ['reduce', undefined, 'FIRM_REDUCING', 'FIRM_REDUCING'],
    ['halt', 'a', 'PM_HALTED', 'OK'],
    ['reduce', 'a', 'PM_REDUCING', 'OK'],
    ['resume', undefined, 'OK', 'OK'],
  ] as const)('a %s command (pm %s) switches the state: a denied %s, b %s', (action, pmId, forA, forB) => {
    const { actor, out } = boot();
    actor.send(md(0));
    actor.send({ type: 'command', action, pmId, reason: 'test', replyTo: 'r' });
    const done = out.find((e) => e.type === 'commandDone') as Extract<Emitted, { type: 'commandDone' }>;
    expect(done.ok).toBe(true);
    actor.send(check('a', 0, '10'));
    actor.send(check('b', 0, '10'));
    expect(decisions(out)).toEqual([`a:${forA}:${forA === 'OK' ? '10' : '0'}`, `b:${forB}:${forB === 'OK' ? '10' : '0'}`]);
    expect(alerts(out)).toEqual([`STATE_CHANGED ${action === 'halt' ? 'HALTED' : action === 'reduce' ? 'REDUCING' : 'ACTIVE'} ${pmId ?? 'firm'} ${action === 'halt' ? 'HALTED' : action === 'reduce' ? 'REDUCING' : 'ACTIVE'}`]);
  });

  it('goes from HALTED to REDUCING to ACTIVE by command, and refuses an unknown PM', () => {
    const { actor, out } = boot();
    actor.send({ type: 'fill', symbol: 'X', side: 'buy', qty: new D(100), pmId: 'a', price: new D(100), commission: new D(0) });
    actor.send(md(0));
    const seq: string[] = [];
    for (const action of ['halt', 'reduce', 'resume'] as const) {
      actor.send({ type: 'command', action, reason: '', replyTo: action });
      actor.send(check('a', 0, '10', 'sell'));
      actor.send(check('b', 0, '1', 'buy'));
      seq.push(decisions(out).slice(-2).join(' '));
    }
    expect(seq).toEqual(['a:FIRM_HALTED:0 b:FIRM_HALTED:0', 'a:OK:10 b:FIRM_REDUCING:0', 'a:OK:10 b:OK:1']);
    actor.send({ type: 'command', action: 'halt', pmId: 'zz', reason: '', replyTo: 'x' });
    const last = out.filter((e) => e.type === 'commandDone').at(-1) as Extract<Emitted, { type: 'commandDone' }>;
    expect([last.ok, last.message]).toEqual([false, 'unknown PM "zz"']);
  });

  it('learns a PM\'s own drawdown from its batch, denies its increasing orders PM_DRAWDOWN, and alerts once', () => {
    const { actor, out } = boot({ pmCapital: undefined });
    actor.send({ type: 'fill', symbol: 'X', side: 'buy', qty: new D(100), pmId: 'a', price: new D(100), commission: new D(0) });
    actor.send(md(0));
    const drawdown = { state: { state: 'REDUCING' as const, reason: 'PM_DRAWDOWN' as const, why: 'drawdown 11% reached limit 10% (max_drawdown_pct)' }, seq: 0 };
    const reported = (b: ReturnType<typeof check>) => ({ ...b, reported: drawdown });
    actor.send(reported(check('a', 0, '1')));
    actor.send(reported(check('a', 0, '40', 'sell')));
    actor.send(reported(check('a', 0, '61', 'sell'))); // 40 of 100 already reserved to go: 60 left
    actor.send(check('b', 0, '1'));
    expect(decisions(out)).toEqual(['a:PM_DRAWDOWN:0', 'a:OK:40', 'a:PM_DRAWDOWN:0', 'b:OK:1']);
    expect(alerts(out)).toEqual(['STATE_CHANGED REDUCING a REDUCING']);
    expect(actor.getSnapshot().context.pmStates.get('a')?.reason).toBe('PM_DRAWDOWN');
  });

  it('tells the PM each command with a sequence number, and ignores its reports from before the last one', () => {
    const { actor, out } = boot({ pmCapital: undefined });
    actor.send(md(0));
    const told = () => out.filter((e): e is Extract<Emitted, { type: 'pmState' }> => e.type === 'pmState').map((e) => `${e.pmId} ${e.state.state} ${e.seq}`);
    const report = (state: 'ACTIVE' | 'REDUCING' | 'HALTED', reason: 'OK' | 'PM_DRAWDOWN' | 'PM_HALTED', seq: number) => ({ ...check('a', 0, '1'), reported: { state: { state, reason, why: '' }, seq } });
    actor.send(report('REDUCING', 'PM_DRAWDOWN', 0));
    actor.send({ type: 'command', action: 'resume', pmId: 'a', reason: 'reviewed', replyTo: 'r1' });
    actor.send(report('REDUCING', 'PM_DRAWDOWN', 0)); // sent before the PM heard the resume
    actor.send(report('ACTIVE', 'OK', 1)); // the PM obeyed
    actor.send({ type: 'command', action: 'halt', pmId: 'a', reason: '', replyTo: 'r2' });
    actor.send(report('ACTIVE', 'OK', 1)); // not heard yet
    actor.send(report('ACTIVE', 'OK', 2)); // claims to have obeyed, but is not HALTED: held to the command
    expect(told()).toEqual(['a ACTIVE 1', 'a HALTED 2']);
    expect(decisions(out)).toEqual(['a:PM_DRAWDOWN:0', 'a:OK:1', 'a:OK:1', 'a:PM_HALTED:0', 'a:PM_HALTED:0']);
  });

  it('halts the firm when its drawdown from peak equity reaches max_drawdown_pct, and resume re-arms it', () => {
    const { actor, out } = boot({ limits: { maxDrawdownPct: new D(10) }, pmCapital: undefined });
    actor.send({ type: 'fill', symbol: 'X', side: 'buy', qty: new D(2000), pmId: 'b', price: new D(100), commission: new D(0) });
    actor.send(md(0, 100));
    actor.send(md(1, 95)); // equity 990,000: 1%
    expect(alerts(out)).toEqual([]);
    actor.send(md(2, 50.05)); // 900,100: 9.99%
    expect(alerts(out)).toEqual([]);
    actor.send(md(3, 50)); // 900,000: 10%, halted
    expect(alerts(out)).toEqual(['STATE_CHANGED max_drawdown_pct firm HALTED']);
    actor.send(check('a', 3, '1', 'buy', 'Y'));
    expect(decisions(out)).toEqual(['a:FIRM_DRAWDOWN:0']);
    actor.send({ type: 'command', action: 'resume', reason: 'reviewed', replyTo: 'r' });
    actor.send(md(4, 49));
    actor.send(check('a', 4, '1', 'buy', 'Y'));
    expect(decisions(out).at(-1)).toBe('a:OK:1');
  });

  it('alerts once when prices carry the book over a limit, and again when it is back within', () => {
    const { actor, out } = boot({ limits: { maxGrossExposure: new D(15_000) }, pmCapital: undefined });
    actor.send(md(0, 100));
    actor.send(check('a', 0, '100'));
    actor.send({ type: 'fill', symbol: 'X', side: 'buy', qty: new D(100), pmId: 'a', price: new D(100), commission: new D(0) });
    actor.send(md(1, 200));
    actor.send(md(2, 210));
    expect(alerts(out)).toEqual(['PASSIVE_BREACH max_gross_exposure firm ACTIVE']);
    actor.send(check('a', 2, '1', 'buy', 'Y'));
    actor.send(check('b', 2, '10', 'sell', 'X'));
    expect(decisions(out).slice(-2)).toEqual(['a:MAX_GROSS_EXPOSURE:0', 'b:OK:10']);
    actor.send(md(3, 100));
    expect(alerts(out)).toEqual(['PASSIVE_BREACH max_gross_exposure firm ACTIVE', 'BREACH_CLEARED max_gross_exposure firm ACTIVE']);
    const book = out.filter((e) => e.type === 'book').at(1) as Extract<Emitted, { type: 'book' }>;
    expect(book.view.usage.map((u) => `${u.limit} ${decText(u.value)}/${decText(u.limitValue)}`)).toEqual(['max_gross_exposure 20000/15000']);
  });

  it('measures max_adv_pct against the volumes of the market data', () => {
    const { actor, out } = boot({ limits: { maxAdvPct: new D(10) }, pmCapital: undefined });
    actor.send(md(0));
    actor.send(check('a', 0, '60'));
    actor.send(check('b', 0, '41', 'sell'));
    expect(decisions(out)).toEqual(['a:OK:60', 'b:MAX_ADV_PCT:0']);
  });

  it('scales with on_breach: scale', () => {
    const { actor, out } = boot({ onBreach: 'scale', pmCapital: undefined, limits: { maxGrossExposure: new D(25_000) } });
    actor.send(md(0));
    actor.send(check('a', 0, '200'));
    actor.send(check('b', 0, '200'));
    expect(decisions(out)).toEqual(['a:OK:200', 'b:MAX_GROSS_EXPOSURE:50']);
    expect((out.filter((e) => e.type === 'decided')[1] as Extract<Emitted, { type: 'decided' }>).decisions[0]!.decision).toBe('scaled');
  });
});
