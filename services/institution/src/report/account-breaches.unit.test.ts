import { describe, expect, it } from 'vitest';
import { parseConfigObject } from '@atrium/domain';
import { v1, type Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { accountBreaches } from './account-breaches.js';

// One PM, one account of 100,000 with two hard rules: TECH1 restricted, no position over 10 %.
const config = parseConfigObject(
  {
    firm: { id: 'f', capital: 100000 },
    data: { source: 'synthetic', seed: 1, start: '2020-01-01', end: '2020-01-10', symbols: ['FIN1', 'TECH1'] },
    pms: [{ id: 'p', capital: 100000, strategies: [{ id: 's', type: 'sma_crossover', symbols: ['FIN1'], params: { fast: 2, slow: 3 } }], accounts: [{ id: 'a', capital: 100000, compliance: [{ rule: 'restricted_symbols', symbols: ['TECH1'] }, { rule: 'max_position_pct', pct: 10 }] }] }],
  },
  { baseDir: '/' },
);

const BUY = v1.Side.SIDE_BUY;
const SELL = v1.Side.SIDE_SELL;
type Order = { symbol: string; side: number; qty: string };

/** A record of `closes.length` steps: `fills` at their steps, `orders` accepted at theirs (one batch a step), equity 100,000 throughout. */
function record(closes: Record<string, string>[], fills: (Order & { step: number })[], orders: (Order & { step: number })[]): RunRecord {
  const steps = closes.length;
  return {
    totalSteps: steps,
    bars: closes.map((c) => Object.entries(c).map(([symbol, close]) => ({ symbol, close, volume: '1000000' }))),
    fills: fills.map((f, i) => ({ fillId: `f${i}`, pmId: 'p', accountId: 'a', ...f })),
    accepted: [...new Set(orders.map((o) => o.step))].map((step) => ({ pmId: 'p', accountId: 'a', step, orders: orders.flatMap((o, i) => (o.step === step ? [{ childId: `c${i}`, ...o }] : [])) })),
    accountEquity: new Map([['p/a', Array.from({ length: steps }, () => '100000')]]),
  } as unknown as RunRecord;
}

describe('accountBreaches (the post-run replay of account rules)', () => {
  const flat = [{ FIN1: '100', TECH1: '50' }, { FIN1: '100', TECH1: '50' }, { FIN1: '100', TECH1: '50' }];
  it.each([
    ['an order within every rule', flat, [], [{ step: 0, symbol: 'FIN1', side: BUY, qty: '100' }], 0, []],
    ['a buy of a restricted symbol', flat, [], [{ step: 1, symbol: 'TECH1', side: BUY, qty: '1' }], 1, []],
    ['a sell of a restricted symbol that only reduces', flat, [{ step: 0, symbol: 'TECH1', side: BUY, qty: '10' }], [{ step: 1, symbol: 'TECH1', side: SELL, qty: '10' }], 0, []],
    ['a buy that takes a position over 10 % (100 held + 1 at 100 = 10,100)', flat, [{ step: 0, symbol: 'FIN1', side: BUY, qty: '100' }], [{ step: 1, symbol: 'FIN1', side: BUY, qty: '1' }], 1, []],
    ['two orders of one batch that together go over 10 %', flat, [], [{ step: 1, symbol: 'FIN1', side: BUY, qty: '60' }, { step: 1, symbol: 'FIN1', side: BUY, qty: '41' }], 1, []],
    ['a price rise that carries a position over 10 % (passive, at its close)', [{ FIN1: '100', TECH1: '50' }, { FIN1: '101', TECH1: '50' }, { FIN1: '99', TECH1: '50' }], [{ step: 0, symbol: 'FIN1', side: BUY, qty: '100' }], [], 0, [1]],
  ])('%s', (_name, closes, fills, orders, active, passive) => {
    const r = accountBreaches(config, record(closes, fills, orders));
    expect(r.active).toHaveLength(active);
    expect([...r.passiveSteps]).toEqual(passive);
  });

  it('names the account, the order and the rule of an active breach', () => {
    const r = accountBreaches(config, record(flat, [], [{ step: 2, symbol: 'TECH1', side: BUY, qty: '5' }]));
    expect(r.active).toEqual([{ step: 2, account: 'p/a', childId: 'c0', message: expect.stringMatching(/TECH1 is a restricted symbol/) }]);
  });
});
