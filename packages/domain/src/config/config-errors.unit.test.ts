import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { type ParseConfigOptions, parseConfigObject } from './parse-config.js';

const opts: ParseConfigOptions = { baseDir: '/cfg' };

/** A small valid config, YAML-shaped (snake_case), that each row below breaks in one place. */
const base = () => ({
  firm: { id: 'demo', capital: 1000000 },
  data: { source: 'csv', path: 'data/prices.csv' },
  pms: [
    { id: 'pm-a', strategies: [{ id: 's1', type: 'sma_crossover', symbols: ['AAPL'], params: { fast: 10, slow: 30 } }] },
    { id: 'pm-b', strategies: [{ id: 's1', type: 'momentum', symbols: ['MSFT'], params: { fast_period: 5, slow_period: 20 } }] },
  ],
});

/** Sets (or, with undefined, deletes) the value at a dotted path such as `pms.0.limits`. */
function patched(path: string, value: unknown): unknown {
  const config: Record<string, unknown> = structuredClone(base());
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = config as Record<string, unknown>;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return config;
}

/** The issue lines a config produces (none when it is valid). */
function problems(config: unknown, options: ParseConfigOptions = opts): string[] {
  try {
    parseConfigObject(config, options);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map(formatConfigIssue);
  }
}

const sma = (params: object) => ({ id: 's1', type: 'sma_crossover', symbols: ['AAPL'], params });
const scheduled = (order: object, extra: object = {}) => ({
  id: 's1', type: 'scheduled_orders', params: { orders: [{ date: '2014-02-03', symbol: 'AAPL', side: 'buy', qty: 100, ...order }] }, ...extra,
});
const ensemble = (components: unknown) => ({ id: 's1', type: 'ensemble', symbols: ['AAPL'], params: { components } });

describe('config validation messages', () => {
  it('accepts the base config the table breaks', () => {
    expect(problems(base())).toEqual([]);
  });

  it.each<[string, string, unknown, string]>([
    ['a word for an integer', 'pms.1.strategies.0', { ...sma({ fast: 'ten', slow: 30 }), symbols: ['MSFT'] }, 'pms[1].strategies[0].params.fast: expected a positive integer, found "ten"'],
    ['a misspelt limit', 'pms.0.limits', { max_postion_pct: 5 }, 'pms[0].limits.max_postion_pct: unknown key (did you mean max_position_pct?)'],
    ['a negative capital', 'firm.capital', -5, 'firm.capital: expected a positive decimal, found -5'],
    ['a capital with a thousands separator', 'firm.capital', '1,000', 'firm.capital: expected a positive decimal, found "1,000"'],
    ['an id with a space', 'firm.id', 'demo firm', 'firm.id: expected an id matching [A-Za-z0-9_-]{1,64}, found "demo firm"'],
    ['a missing firm id', 'firm.id', undefined, 'firm.id: required'],
    ['a missing firm', 'firm', undefined, 'firm: required (id, and capital unless every PM gives one)'],
    ['a duplicate PM id', 'pms.1.id', 'pm-a', 'pms[1].id: duplicate PM id "pm-a" (first at pms[0].id)'],
    ['a duplicate strategy id in one PM', 'pms.0.strategies.1', sma({ fast: 5, slow: 8 }), 'pms[0].strategies[1].id: duplicate strategy id "s1" in this PM (first at pms[0].strategies[0].id)'],
    ['a duplicate account id', 'pms.0.accounts', [{ id: 'a', capital: 1 }, { id: 'a', capital: 2 }], 'pms[0].accounts[1].id: duplicate account id "a" in this PM (first at pms[0].accounts[0].id)'],
    ['an account without capital', 'pms.0.accounts', [{ id: 'a' }], 'pms[0].accounts[0].capital: required'],
    ['fast not below slow', 'pms.0.strategies.0', sma({ fast: 10, slow: 5 }), 'pms[0].strategies[0].params.slow: expected an integer greater than fast (10), found 5'],
    ['a missing slow period', 'pms.0.strategies.0', sma({ fast: 10 }), 'pms[0].strategies[0].params.slow: required'],
    ['a text threshold', 'pms.1.strategies.0.params.threshold', 'x', 'pms[1].strategies[0].params.threshold: expected a finite number, found "x"'],
    ['a one-bar z-score', 'pms.0.strategies.0', { id: 's1', type: 'mean_reversion', symbols: ['AAPL'], params: { lookback: 1, entry_threshold: 1 } }, 'pms[0].strategies[0].params.lookback: expected an integer >= 2, found 1'],
    ['an exit beyond the entry', 'pms.0.strategies.0', { id: 's1', type: 'mean_reversion', symbols: ['AAPL'], params: { lookback: 20, entry_threshold: 1, exit_threshold: 1.5 } }, 'pms[0].strategies[0].params.exit_threshold: expected a number below entry_threshold (1), found 1.5'],
    ['a nested ensemble', 'pms.0.strategies.0', ensemble([{ type: 'ensemble', params: {} }]), 'pms[0].strategies[0].params.components[0].type: expected one of sma_crossover, momentum, mean_reversion, found "ensemble"'],
    ['all-zero ensemble weights', 'pms.0.strategies.0', ensemble([{ type: 'sma_crossover', weight: 0, params: { fast: 2, slow: 3 } }]), 'pms[0].strategies[0].params.components: expected at least one non-zero weight, found all weights 0'],
    ['an infinite weight', 'pms.0.strategies.0', ensemble([{ type: 'sma_crossover', weight: Infinity, params: { fast: 2, slow: 3 } }]), 'pms[0].strategies[0].params.components[0].weight: expected a finite number, found Infinity'],
    ['allow_short on a component', 'pms.0.strategies.0', ensemble([{ type: 'sma_crossover', params: { fast: 2, slow: 3, allow_short: true } }]), "pms[0].strategies[0].params.components[0].params.allow_short: set allow_short on the ensemble's params, not on a component's"],
    ['yes for a boolean', 'pms.0.strategies.0.params.allow_short', 'yes', 'pms[0].strategies[0].params.allow_short: expected true or false, found "yes"'],
    ['an unknown strategy type', 'pms.0.strategies.0.type', 'sma', 'pms[0].strategies[0].type: expected one of sma_crossover, momentum, mean_reversion, ensemble, scheduled_orders, found "sma"'],
    ['a percent above 100', 'pms.0.strategies.0.sizing', { type: 'percent_equity', percent: 150 }, 'pms[0].strategies[0].sizing.percent: expected a percentage in (0, 100], found 150'],
    ['zero shares', 'pms.0.strategies.0.sizing', { type: 'fixed_shares', shares: 0 }, 'pms[0].strategies[0].sizing.shares: expected a positive integer, found 0'],
    ['shares on percent sizing', 'pms.0.strategies.0.sizing', { type: 'percent_equity', percent: 5, shares: 10 }, 'pms[0].strategies[0].sizing.shares: only for sizing type fixed_shares'],
    ['sizing on scheduled orders', 'pms.0.strategies.0', scheduled({}, { sizing: { type: 'fixed_shares', shares: 1 } }), 'pms[0].strategies[0].sizing: scheduled_orders takes its quantities from its orders; remove sizing'],
    ['an unknown side', 'pms.0.strategies.0', scheduled({ side: 'hold' }), 'pms[0].strategies[0].params.orders[0].side: expected buy or sell, found "hold"'],
    ['the 30th of February', 'pms.0.strategies.0', scheduled({ date: '2014-02-30' }), 'pms[0].strategies[0].params.orders[0].date: expected a real calendar date, found "2014-02-30"'],
    ['a fractional quantity', 'pms.0.strategies.0', scheduled({ qty: 1.5 }), 'pms[0].strategies[0].params.orders[0].qty: expected a positive integer, found 1.5'],
    ['an order outside the strategy symbols', 'pms.0.strategies.0', scheduled({ symbol: 'XOM' }, { symbols: ['AAPL'] }), "pms[0].strategies[0].params.orders: orders name XOM, not in this strategy's symbols (AAPL)"],
    ['orders and a file', 'pms.0.strategies.0', { id: 's1', type: 'scheduled_orders', params: { orders: [], file: 'b.csv' } }, 'pms[0].strategies[0].params: give orders or file, not both'],
    ['a slash date', 'data.end', '2016/12/31', 'data.end: expected a date YYYY-MM-DD, found "2016/12/31"'],
    ['an unknown source', 'data.source', 'parquet', 'data.source: expected csv or synthetic, found "parquet"'],
    ['csv without a path', 'data.path', undefined, 'data.path: required (the CSV file, relative to the config file)'],
    ['a seed for csv data', 'data.seed', 1, 'data.seed: only for source synthetic'],
    ['adjust for long csv', 'data.adjust', true, 'data.adjust: only for format yahoo'],
    ['synthetic data without dates', 'data', { source: 'synthetic', end: '2015-01-01' }, 'data.start: required for synthetic data'],
    ['a yahoo file with two symbols', 'data', { source: 'csv', format: 'yahoo', path: 'orcl.txt', symbols: ['AAPL', 'MSFT'] }, 'data.symbols: a single yahoo file holds one symbol, found 2 (use files: { SYMBOL: path } for several)'],
    ['a yahoo file without a symbol', 'data', { source: 'csv', format: 'yahoo', path: 'orcl.txt' }, 'data.symbol: required for a single yahoo file (or use files: { SYMBOL: path })'],
    ['a strategy symbol the data lacks', 'data.symbols', ['MSFT'], 'pms[0].strategies[0].symbols: AAPL not in the data (data symbols: MSFT)'],
    ['a bad-row policy typo', 'data.on_bad_row', 'skipp', 'data.on_bad_row: expected skip or fail, found "skipp"'],
    ['no PMs', 'pms', [], 'pms: expected at least one PM, found an empty list'],
    ['PMs as a mapping', 'pms', { 'pm-a': {} }, 'pms: expected a list, found a mapping'],
    ['a zero drawdown limit', 'pms.0.limits', { max_drawdown_pct: 0 }, 'pms[0].limits.max_drawdown_pct: expected a percentage in (0, 100], found 0'],
    ['a zero risk timeout', 'risk', { timeout_ms: 0 }, 'risk.timeout_ms: expected a positive integer, found 0'],
    ['a negative commission', 'execution', { commission: { per_share: -0.01 } }, 'execution.commission.per_share: expected a non-negative decimal, found -0.01'],
    ['a fill other than next_open', 'execution', { fill: 'close' }, 'execution.fill: expected next_open, found "close"'],
    ['an unknown weighting', 'allocation', { method: 'risk-parity' }, 'allocation.method: expected one of equal_weight, inverse_vol, risk_parity, performance_weighted, sharpe_optimized, custom, found "risk-parity"'],
    ['a rebalance without a method', 'allocation', { rebalance: 'monthly' }, 'allocation.rebalance: monthly rebalancing needs allocation.method (one of equal_weight, inverse_vol, risk_parity, performance_weighted, sharpe_optimized, custom)'],
    ['a one-step inverse_vol lookback', 'allocation', { method: 'inverse_vol', lookback: 1 }, 'allocation.lookback: expected an integer >= 2, found 1'],
    ['a camelCase key', 'execution', { slippageBps: 5 }, 'execution.slippageBps: unknown key (did you mean slippage_bps?)'],
    ['a top-level typo', 'pm', [], 'pm: unknown key (did you mean pms?)'],
    ['an unknown key nothing resembles', 'pms.0.colour', 'red', 'pms[0].colour: unknown key (expected one of id, capital, limits, strategies, accounts, split, compliance, name, description, client, risk_profile, currency, benchmark, tags)'],
  ])('reports %s, and only that', (_what, path, value, line) => {
    expect(problems(patched(path, value))).toStrictEqual([line]);
  });

  it('requires PM capitals when the firm gives none', () => {
    const config = patched('firm.capital', undefined) as ReturnType<typeof base>;
    (config.pms[1] as Record<string, unknown>).capital = 250000;
    expect(problems(config)).toEqual(['pms[0].capital: required when firm.capital is not given']);
  });

  it('names a data file that does not exist, by its absolute path', () => {
    const missing = problems(base(), { ...opts, fileExists: (p) => p !== '/cfg/data/prices.csv' });
    expect(missing).toEqual(['data.path: file not found: /cfg/data/prices.csv']);
  });

  it('reports every problem of a config at once, in document order', () => {
    const config = {
      firm: { id: 'demo', capital: -5 },
      data: { source: 'csv', path: 'p.csv', start: '2015-01-01', end: '2014-01-01' },
      execution: { slipage_bps: 5 },
      pms: [
        { id: 'pm-a', limits: { max_postion_pct: 5 }, strategies: [sma({ fast: 'ten', slow: 30 })] },
        { id: 'pm-a', strategies: [] },
      ],
    };
    expect(problems(config)).toEqual([
      'firm.capital: expected a positive decimal, found -5',
      'data.end: expected a date on or after data.start (2015-01-01), found "2014-01-01"',
      'execution.slipage_bps: unknown key (did you mean slippage_bps?)',
      'pms[0].limits.max_postion_pct: unknown key (did you mean max_position_pct?)',
      'pms[0].strategies[0].params.fast: expected a positive integer, found "ten"',
      'pms[1].id: duplicate PM id "pm-a" (first at pms[0].id)',
    ]);
  });

  it('lists every problem in the error message, one `path: problem` per line', () => {
    const config = patched('firm.capital', -5) as ReturnType<typeof base>;
    config.pms[0]!.id = 'pm a';
    expect(() => parseConfigObject(config, { ...opts, sourcePath: '/cfg/atrium.yaml' })).toThrow(
      [
        'invalid config /cfg/atrium.yaml (2 problems):',
        'firm.capital: expected a positive decimal, found -5',
        'pms[0].id: expected an id matching [A-Za-z0-9_-]{1,64}, found "pm a"',
      ].join('\n'),
    );
  });

  it('rejects a config that is not a mapping', () => {
    expect(problems(null)).toEqual(['expected the config to be a mapping, found null']);
    expect(problems([1])).toEqual(['expected the config to be a mapping, found a list']);
  });
});
