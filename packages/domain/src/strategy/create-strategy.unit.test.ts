import { describe, expect, it } from 'vitest';
import type { StrategyConfig, StrategyParams } from '../config/types.js';
import { createStrategy, strategyConfigIssues } from './create-strategy.js';
import { EnsembleStrategy } from './ensemble.js';
import { MeanReversionStrategy } from './mean-reversion.js';
import { MomentumStrategy } from './momentum.js';
import { ScheduledOrdersStrategy } from './scheduled-orders.js';
import { SmaCrossoverStrategy } from './sma-crossover.js';
import { StrategyConfigError } from './strategy-config-error.js';

const SMA = { type: 'sma_crossover', fast: 5, slow: 20, allowShort: false } as const;
const MOM = { type: 'momentum', fastPeriod: 20, slowPeriod: 60, threshold: 0, allowShort: true } as const;
const MR = { type: 'mean_reversion', lookback: 20, entryThreshold: 2, exitThreshold: 0, allowShort: false } as const;
const ENS = { type: 'ensemble', components: [{ weight: 1, params: SMA }, { weight: 2, params: MOM }], threshold: 0.5, allowShort: false } as const;
const ORDERS = { type: 'scheduled_orders', orders: [{ date: '2024-01-02', symbol: 'MSFT', side: 'buy', qty: '10' }] } as const;

function config(params: unknown, extra: Partial<StrategyConfig> = {}): StrategyConfig {
  return { id: 'trend', symbols: ['AAPL'], sizing: { type: 'fixed_shares', shares: '100' }, params: params as StrategyParams, ...extra };
}

function thrown(params: unknown, extra: Partial<StrategyConfig> = {}): StrategyConfigError {
  try {
    createStrategy(config(params, extra));
  } catch (e) {
    if (e instanceof StrategyConfigError) return e;
    throw e;
  }
  throw new Error('createStrategy did not throw');
}

describe('createStrategy', () => {
  it.each([
    [SMA, SmaCrossoverStrategy],
    [MOM, MomentumStrategy],
    [MR, MeanReversionStrategy],
    [ENS, EnsembleStrategy],
    [ORDERS, ScheduledOrdersStrategy],
  ])('builds %j as the right strategy', (params, kind) => {
    const s = createStrategy(config(params));
    expect(s).toBeInstanceOf(kind);
    expect(s.id).toBe('trend');
  });

  it('takes scheduled_orders symbols from its orders, not from the config', () => {
    expect(createStrategy(config(ORDERS, { symbols: [] })).symbols).toEqual(['MSFT']);
  });

  it.each([
    [{ ...SMA, fast: 20, slow: 5 }, 'params.fast', 'params.fast (20) must be less than params.slow (5)'],
    [{ ...SMA, fast: 10, slow: 10 }, 'params.fast', 'params.fast (10) must be less than params.slow (10)'],
    [{ ...SMA, fast: 0 }, 'params.fast', 'params.fast must be an integer >= 1, found 0'],
    [{ ...SMA, slow: 12.5 }, 'params.slow', 'params.slow must be an integer >= 1, found 12.5'],
    [{ ...MOM, fastPeriod: -1 }, 'params.fastPeriod', 'params.fastPeriod must be an integer >= 1, found -1'],
    [{ ...MOM, fastPeriod: 60 }, 'params.fastPeriod', 'params.fastPeriod (60) must be less than params.slowPeriod (60)'],
    [{ ...MOM, threshold: -0.1 }, 'params.threshold', 'params.threshold must be a number >= 0, found -0.1'],
    [{ ...MR, lookback: 1 }, 'params.lookback', 'params.lookback must be an integer >= 2, found 1'],
    [{ ...MR, entryThreshold: 0 }, 'params.entryThreshold', 'params.entryThreshold must be a number > 0, found 0'],
    [{ ...MR, exitThreshold: 2 }, 'params.exitThreshold', 'params.exitThreshold must be a number < entryThreshold (2), found 2'],
    [{ ...MR, allowShort: 'yes' }, 'params.allowShort', 'params.allowShort must be true or false, found "yes"'],
    [{ ...ENS, components: [] }, 'params.components', 'params.components must list at least one component'],
    [{ ...ENS, threshold: 0 }, 'params.threshold', 'params.threshold must be a number in (0, 1], found 0'],
    [{ ...ENS, components: [{ weight: 0, params: SMA }] }, 'params.components', 'params.components weights must not all be 0'],
    [
      { ...ENS, components: [{ weight: 1, params: SMA }, { weight: 1, params: { ...SMA, fast: 30 } }] },
      'params.components[1].params.fast',
      'params.components[1].params.fast (30) must be less than params.components[1].params.slow (20)',
    ],
    [
      { ...ENS, components: [{ weight: 1, params: ENS }] },
      'params.components[0].params.type',
      'params.components[0].params.type must be sma_crossover, momentum or mean_reversion, found "ensemble"',
    ],
    [{ ...ORDERS, orders: [{ ...ORDERS.orders[0], qty: '0' }] }, 'params.orders[0].qty', 'params.orders[0].qty must be a decimal > 0, found "0"'],
    [{ ...ORDERS, orders: [{ ...ORDERS.orders[0], date: '2024/01/02' }] }, 'params.orders[0].date', 'params.orders[0].date must be YYYY-MM-DD, found "2024/01/02"'],
    [{ ...ORDERS, orders: [{ ...ORDERS.orders[0], side: 'short' }] }, 'params.orders[0].side', 'params.orders[0].side must be buy or sell, found "short"'],
    [{ type: 'pairs' }, 'params.type', 'params.type must be sma_crossover, momentum or mean_reversion, found "pairs"'],
  ])('rejects %j naming %s', (params, param, message) => {
    const e = thrown(params);
    expect(e.name).toBe('StrategyConfigError');
    expect(e.strategyId).toBe('trend');
    expect(e.param).toBe(param);
    expect(e.message).toBe(`strategy "trend": ${message}`);
  });

  it.each([
    [{ symbols: [] }, 'symbols'],
    [{ symbols: ['AAPL', ''] }, 'symbols[1]'],
    [{ sizing: { type: 'fixed_shares', shares: '-10' } }, 'sizing.shares'],
    [{ sizing: { type: 'percent_equity', percent: '0' } }, 'sizing.percent'],
  ] as [Partial<StrategyConfig>, string][])('rejects a signal strategy with %j', (extra, param) => {
    expect(thrown(SMA, extra).param).toBe(param);
  });

  it('reports every issue at once, not just the first', () => {
    const issues = strategyConfigIssues(config({ ...SMA, fast: 0, slow: -2, allowShort: undefined }, { symbols: [] }));
    expect(issues.map((i) => i.param)).toEqual(['symbols', 'params.fast', 'params.slow', 'params.allowShort']);
    expect(thrown({ ...SMA, fast: 0, slow: -2 }).issues).toHaveLength(2);
  });

  it('has no issues for a valid config', () => {
    expect(strategyConfigIssues(config(ENS))).toEqual([]);
  });
});
