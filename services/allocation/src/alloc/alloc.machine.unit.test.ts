import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { D, decText } from '@atrium/domain';
import { allocMachine, splitItems, type AllocEmitted, type AllocInput } from './alloc.machine.js';

function start(over: Partial<AllocInput> = {}) {
  const actor = createActor(allocMachine, { input: { pmIds: ['a', 'b'], policy: { method: 'inverse_vol', lookback: 3 }, rebalance: 'monthly', lookback: 3, split: { method: 'pro_rata', lot: new D(1) }, firmCapital: new D(1_000_000), ...over } });
  const out: AllocEmitted[] = [];
  actor.on('*', (e) => out.push(e as AllocEmitted));
  actor.start();
  return { actor, out };
}
const done = (pmId: string, step: number, stepReturn: number, pnl = 0) => ({ type: 'pmStepDone' as const, pmId, step, stepReturn, pnl: new D(pnl) });
const dates = ['2016-01-27', '2016-01-28', '2016-01-29', '2016-02-01', '2016-02-02'];
const md = (step: number) => ({ type: 'marketStep' as const, step, date: dates[step]!, nextDate: dates[step + 1] ?? '' });

describe('allocation machine', () => {
  it('reports a step done only after every PM finished it and its market data is in', () => {
    const { actor, out } = start();
    actor.send(done('a', 0, 0.01)); // before md: kept
    actor.send(md(0));
    expect(out).toEqual([]);
    actor.send(done('b', 0, 0.01));
    expect(out).toEqual([{ type: 'stepDone', step: 0, weightsSeq: 0 }]);
  });

  it('rebalances when the next step starts a new month, by inverse volatility, over firm equity', () => {
    const { actor, out } = start();
    const ra = [0.01, -0.01, 0.01];
    const rb = [0.02, -0.02, 0.02];
    for (let t = 0; t < 3; t++) {
      actor.send(md(t));
      actor.send(done('a', t, ra[t]!, 100));
      actor.send(done('b', t, rb[t]!, 100));
    }
    const w = out.find((e) => e.type === 'weights');
    expect(w && w.type === 'weights' && [w.seq, w.step, w.method]).toEqual([1, 2, 'inverse_vol']);
    if (w?.type !== 'weights') throw new Error('no weights');
    expect(w.weights[0]!.weight).toBeCloseTo(2 / 3, 10);
    expect(decText(w.firmEquity)).toBe('1000600');
    // the cent the rounding leaves goes to the larger weight: the capitals add up to the firm's equity
    expect(w.weights.map((x) => decText(x.capital))).toEqual(['667066.67', '333533.33']);
    expect(out.at(-1)).toEqual({ type: 'stepDone', step: 2, weightsSeq: 1 });
  });

  it('falls back to equal weight before it has lookback history, and says so', () => {
    const { actor, out } = start({ lookback: 10, policy: { method: 'inverse_vol', lookback: 10 } });
    for (let t = 0; t < 3; t++) {
      actor.send(md(t));
      actor.send(done('a', t, 0.01));
      actor.send(done('b', t, 0.02));
    }
    const w = out.find((e) => e.type === 'weights');
    expect(w?.type === 'weights' && [w.method, w.weights.map((x) => x.weight)]).toEqual(['equal_weight', [0.5, 0.5]]);
    expect(w?.type === 'weights' && w.note).toMatch(/lookback 10/);
  });

  it('keeps capitals when no method is configured', () => {
    const { actor, out } = start({ policy: undefined });
    for (let t = 0; t < 4; t++) {
      actor.send(md(t));
      actor.send(done('a', t, 0.01));
      actor.send(done('b', t, 0.02));
    }
    expect(out.every((e) => e.type === 'stepDone' && e.weightsSeq === 0)).toBe(true);
  });

  it('splits each item and reports bad items as errors, not exceptions', () => {
    const r = splitItems(
      [
        { orderId: 'o1', side: 'buy', qty: '100', accounts: [{ id: 'x', capital: '3' }, { id: 'y', capital: '1' }] },
        { orderId: 'o2', side: 'buy', qty: '1.5', accounts: [{ id: 'x', capital: '1' }] },
        { orderId: 'o3', side: 'buy', qty: '10', accounts: [{ id: 'x', capital: '0' }] },
        // a sell of 60 while x holds 90 and y 10: by holdings 54/6, not by capital 45/15
        { orderId: 'o4', side: 'sell', qty: '60', accounts: [{ id: 'x', capital: '3', position: '90' }, { id: 'y', capital: '1', position: '10' }] },
        { orderId: 'o5', side: 'sell', qty: '6', accounts: [{ id: 'x', capital: '1', position: 'ten' }] },
        { orderId: 'o6', side: 'invalid', qty: '6', accounts: [{ id: 'x', capital: '1' }] },
      ],
      { method: 'pro_rata', lot: new D(1) },
    ).outcomes;
    expect(r[0]!.split!.allocations.map((a) => decText(a.qty))).toEqual(['75', '25']);
    expect(r[1]!.error).toMatch(/not a positive whole number/);
    expect(r[2]!.error).toMatch(/capital must be positive/);
    expect(r[3]!.split!.allocations.map((a) => decText(a.qty))).toEqual(['54', '6']);
    expect(decText(r[3]!.split!.reducing)).toBe('60');
    expect(r[4]!.error).toBe('account x: position "ten" is not a decimal');
    expect(r[5]!.error).toBe('side must be buy or sell');
  });

  it('rotates odd lots per PM across requests, each PM with its own split settings', () => {
    const rotation = { method: 'rotation' as const, lot: new D(1) };
    const { actor, out } = start({ splits: new Map([['a', rotation]]) });
    const accounts = [{ id: 'x', capital: '1' }, { id: 'y', capital: '1' }, { id: 'z', capital: '1' }];
    const oddLots = () => {
      const e = out.at(-1);
      if (e?.type !== 'splitDone') throw new Error('no split');
      return e.outcomes.map((o) => [o.method, o.split!.oddLots.join()]);
    };
    actor.send({ type: 'split', pmId: 'a', step: 0, replyTo: 1, items: [{ orderId: 'o1', side: 'buy', qty: '4', accounts }, { orderId: 'o2', side: 'buy', qty: '4', accounts }] });
    expect(oddLots()).toEqual([['rotation', 'x'], ['rotation', 'y']]);
    // PM b splits pro rata with the default tie-break and does not move a's cursor
    actor.send({ type: 'split', pmId: 'b', step: 0, replyTo: 2, items: [{ orderId: 'o3', side: 'buy', qty: '4', accounts }] });
    expect(oddLots()).toEqual([['pro_rata', 'x']]);
    actor.send({ type: 'split', pmId: 'a', step: 1, replyTo: 3, items: [{ orderId: 'o4', side: 'buy', qty: '4', accounts }] });
    expect(oddLots()).toEqual([['rotation', 'z']]);
  });

  it('decides weights from the weights in force (turnover) and the PMs\' drawdowns, and records its inputs', () => {
    const { actor, out } = start({
      policy: { method: 'equal_weight', lookback: 3, maxTurnover: 0.1, drawdownReduction: { thresholdPct: 10, scale: 0.5 } },
      initialWeights: new Map([['a', 0.8], ['b', 0.2]]),
    });
    const rb = [-0.1, -0.05, 0.01]; // b falls 14.5% below its peak
    for (let t = 0; t < 3; t++) {
      actor.send(md(t));
      actor.send(done('a', t, 0.01));
      actor.send(done('b', t, rb[t]!));
    }
    const w = out.find((e) => e.type === 'weights');
    if (w?.type !== 'weights') throw new Error('no weights');
    // target (0.5, 0.5) → b cut to 0.25 → from (0.8, 0.2) turnover ½(0.3 + 0.05) = 0.175 > 0.1 → λ = 4/7
    expect(w.weights[0]!.weight).toBeCloseTo(0.8 - (0.3 * 4) / 7, 12);
    expect(w.weights[1]!.weight).toBeCloseTo(0.2 + (0.05 * 4) / 7, 12);
    expect(w.inputs.drawdowns[1]).toBeCloseTo(1 - 0.9 * 0.95 * 1.01, 12);
    expect(w.inputs.previous).toEqual([0.8, 0.2]);
    expect(w.inputs.constraints.map((c) => c.split(':')[0])).toEqual(['drawdown_reduction', 'max_turnover']);
    expect(w.unallocated).toBeCloseTo(1 - w.weights[0]!.weight - w.weights[1]!.weight, 12);
    expect(w.requestedMethod).toBe('equal_weight');
  });
});
