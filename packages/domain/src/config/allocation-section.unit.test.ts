import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigObject } from './parse-config.js';
import { effectiveSplit } from './allocation-section.js';

/** Two PMs with accounts, valid as is; each row adds or changes allocation settings. */
const base = (allocation: unknown, pmSplit?: { pm: number; split: unknown }, execution?: unknown) => {
  const pms: Record<string, unknown>[] = [
    { id: 'pm-a', capital: 600000, strategies: [{ id: 's1', type: 'sma_crossover', symbols: ['AAPL'], params: { fast: 10, slow: 30 } }], accounts: [{ id: 'x', capital: 400000 }, { id: 'y', capital: 200000 }] },
    { id: 'pm-b', capital: 400000 },
  ];
  if (pmSplit) pms[pmSplit.pm]!.split = pmSplit.split;
  return { firm: { id: 'demo' }, data: { source: 'synthetic', start: '2015-01-01', end: '2015-06-30' }, ...(execution ? { execution } : {}), ...(allocation ? { allocation } : {}), pms };
};
const problems = (config: unknown): string[] => {
  try {
    parseConfigObject(config, { baseDir: '/cfg' });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map(formatConfigIssue);
  }
};
const parse = (config: unknown) => parseConfigObject(config, { baseDir: '/cfg' });

describe('allocation config', () => {
  it('reads methods, constraints, drawdown reduction and split settings', () => {
    const c = parse(base({ method: 'risk_parity', rebalance: 'monthly', lookback: 42, min_weight: 0.1, max_weight: '0.7', max_turnover: 0.25, drawdown_reduction: { threshold_pct: 15, scale: 0.5 }, split: { method: 'rotation', lot: 100, min_lots: 2 } }));
    expect(c.allocation).toStrictEqual({
      method: 'risk_parity',
      rebalance: 'monthly',
      lookback: 42,
      minWeight: '0.1',
      maxWeight: '0.7',
      maxTurnover: '0.25',
      drawdownReduction: { thresholdPct: '15', scale: '0.5' },
      split: { method: 'rotation', lot: '100', minLots: 2 },
    });
  });

  it('reads custom weights and a PM split override, and merges it over the firm split', () => {
    const c = parse(base({ method: 'custom', weights: { 'pm-a': 3, 'pm-b': 1 }, split: { lot: 10 } }, { pm: 0, split: { method: 'custom', ratios: { x: 2, y: 1 }, remainder_account: 'x' } }));
    expect(c.allocation.weights).toStrictEqual({ 'pm-a': '3', 'pm-b': '1' });
    expect(c.pms[0]!.split).toStrictEqual({ method: 'custom', remainderAccount: 'x', ratios: { x: '2', y: '1' } });
    expect(effectiveSplit(c.allocation.split, c.pms[0]!.split)).toStrictEqual({ method: 'custom', lot: '10', remainderAccount: 'x', ratios: { x: '2', y: '1' } });
    expect(c.pms[1]!.split).toBeUndefined();
    expect(effectiveSplit(c.allocation.split, c.pms[1]!.split)).toStrictEqual({ method: 'pro_rata', lot: '10' });
  });

  it('reads execution.max_participation_pct (absent: unlimited)', () => {
    expect(parse(base(undefined, undefined, { max_participation_pct: 2.5 })).execution.maxParticipationPct).toBe('2.5');
    expect(parse(base(undefined)).execution.maxParticipationPct).toBeUndefined();
  });

  it.each<[string, unknown, { pm: number; split: unknown } | undefined, string[]]>([
    ['custom without weights', { method: 'custom' }, undefined, ['allocation.weights: required for method custom (a weight per PM id)']],
    ['weights for another method', { method: 'risk_parity', weights: { 'pm-a': 1, 'pm-b': 1 } }, undefined, ['allocation.weights: only for method custom']],
    ['a weight for an unknown PM, and one missing', { method: 'custom', weights: { 'pm-a': 1, 'pm-c': 1 } }, undefined, ['allocation.weights.pm-c: unknown PM (PMs: pm-a, pm-b)', 'allocation.weights: missing a weight for PM pm-b']],
    ['a negative custom weight', { method: 'custom', weights: { 'pm-a': -1, 'pm-b': 1 } }, undefined, ['allocation.weights.pm-a: expected a positive decimal, found -1', 'allocation.weights: missing a weight for PM pm-a']],
    ['a one-return risk_parity lookback', { method: 'risk_parity', lookback: 1 }, undefined, ['allocation.lookback: expected an integer >= 2, found 1']],
    ['a min weight of one', { method: 'risk_parity', min_weight: 1 }, undefined, ['allocation.min_weight: expected a fraction in [0, 1), found 1']],
    ['min above max', { method: 'risk_parity', min_weight: 0.5, max_weight: 0.4 }, undefined, ['allocation.min_weight: min_weight 0.5 is above max_weight 0.4', 'allocation.max_weight: max_weight 0.4 × 2 PMs = 0.8 is under 1: the weights could not add up']],
    ['a min weight the PMs cannot meet', { method: 'risk_parity', min_weight: 0.6 }, undefined, ['allocation.min_weight: min_weight 0.6 × 2 PMs = 1.2 exceeds 1']],
    ['a zero turnover', { method: 'risk_parity', max_turnover: 0 }, undefined, ['allocation.max_turnover: expected a fraction in (0, 1], found 0']],
    ['constraints without a method', { max_weight: 0.6 }, undefined, ['allocation.max_weight: needs allocation.method (weights are only constrained when they are decided)']],
    ['a drawdown reduction without a scale', { method: 'inverse_vol', drawdown_reduction: { threshold_pct: 10 } }, undefined, ['allocation.drawdown_reduction.scale: required']],
    ['a drawdown scale of one', { method: 'inverse_vol', drawdown_reduction: { threshold_pct: 10, scale: 1 } }, undefined, ['allocation.drawdown_reduction.scale: expected a fraction in (0, 1), found 1']],
    ['an unknown split method', { split: { method: 'round_robin' } }, undefined, ['allocation.split.method: expected one of pro_rata, equal, custom, rotation, found "round_robin"']],
    ['a fractional lot', { split: { lot: 0.5 } }, undefined, ['allocation.split.lot: expected a positive whole number of shares, found 0.5']],
    ['a zero min_lots', { split: { min_lots: 0 } }, undefined, ['allocation.split.min_lots: expected a positive integer, found 0']],
    ['a firm-level remainder account', { split: { remainder_account: 'x' } }, undefined, ['allocation.split.remainder_account: only in pms[i].split (account ids are per PM)']],
    ['a firm custom split without ratios in the PMs', { split: { method: 'custom' } }, undefined, ['pms[0].split: required: the split method is custom, so give ratios: { <account>: <ratio> } for x, y', 'pms[1].split: required: the split method is custom, so give ratios: { <account>: <ratio> } for pm-b-main']],
    ['ratios naming a stranger and missing an account', undefined, { pm: 0, split: { method: 'custom', ratios: { x: 1, z: 2 } } }, ['pms[0].split.ratios.z: unknown account (accounts: x, y)', 'pms[0].split.ratios: missing a ratio for account y']],
    ['ratios for another method', undefined, { pm: 0, split: { ratios: { x: 1, y: 1 } } }, ['pms[0].split.ratios: only for split method custom (the method here is pro_rata)']],
    ['an unknown remainder account', undefined, { pm: 1, split: { remainder_account: 'x' } }, ['pms[1].split.remainder_account: unknown account "x" (accounts: pm-b-main)']],
    ['a misspelt split key', undefined, { pm: 0, split: { min_lot: 2 } }, ['pms[0].split.min_lot: unknown key (did you mean min_lots?)']],
  ])('reports %s', (_n, allocation, pmSplit, want) => {
    expect(problems(base(allocation, pmSplit))).toStrictEqual(want);
  });

  it('reports a participation limit outside (0, 100]', () => {
    expect(problems(base(undefined, undefined, { max_participation_pct: 0 }))).toStrictEqual(['execution.max_participation_pct: expected a percentage in (0, 100], found 0']);
  });
});
