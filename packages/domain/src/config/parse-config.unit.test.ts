import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { instrumentOf } from './instrument.js';
import { DEFAULT_ANALYTICS } from './analytics-section.js';
import { type ParseConfigOptions, parseConfig, parseConfigObject } from './parse-config.js';
import type { AtriumConfig } from './types.js';

const opts: ParseConfigOptions = { baseDir: '/work/configs', sourcePath: '/work/configs/atrium.yaml' };

/** The issue lines a YAML text produces (none when it is valid). */
function problems(yaml: string, options: ParseConfigOptions = opts): string[] {
  try {
    parseConfig(yaml, options);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  }
}

const defaultSizing = { type: 'fixed_shares', shares: '100' } as const;

describe('parseConfig', () => {
  it('parses the example of issue 2 and resolves its defaults', () => {
    const yaml = `
firm: { id: demo, capital: 1000000 }
data: { source: csv, path: ../data/prices.csv, format: long, symbols: [AAPL, MSFT], start: 2014-01-01, end: 2016-12-31 }
execution: { fill: next_open, slippage_bps: 5, commission: { per_share: 0.005 } }
risk: { firm: { max_gross_exposure: 2000000, max_single_name_pct: 10 } }
allocation: { method: inverse_vol, rebalance: monthly }
pms:
  - id: pm-a
    capital: 500000
    limits: { max_position_pct: 5, max_drawdown_pct: 20 }
    strategies:
      - { id: s1, type: sma_crossover, symbols: [AAPL], params: { fast: 10, slow: 30 }, sizing: { type: fixed_shares, shares: 100 } }
    accounts:
      - { id: acct-1, capital: 300000 }
`;
    const expected: AtriumConfig = {
      firm: { id: 'demo', capital: '1000000' },
      instruments: {},
      data: {
        source: 'csv', format: 'long', files: [{ path: '/work/data/prices.csv' }], symbols: ['AAPL', 'MSFT'],
        start: '2014-01-01', end: '2016-12-31', adjust: false, onBadRow: 'skip',
      },
      execution: { fill: 'next_open', slippageBps: '5', commission: { perShare: '0.005', bps: '0', minimum: '0' } },
      risk: { firm: { maxGrossExposure: '2000000', maxSingleNamePct: '10' }, timeoutMs: 5000, onBreach: 'deny', sequencing: 'pm_order', scaleByWeight: ['gross', 'net', 'single_name'] },
      allocation: { method: 'inverse_vol', rebalance: 'monthly', lookback: 63, split: { method: 'pro_rata', lot: '1' } },
      pms: [{
        id: 'pm-a', capital: '500000', limits: { maxPositionPct: '5', maxDrawdownPct: '20' },
        strategies: [{ id: 's1', symbols: ['AAPL'], params: { type: 'sma_crossover', fast: 10, slow: 30, allowShort: false }, sizing: defaultSizing }],
        accounts: [{ id: 'acct-1', capital: '300000', meta: { tags: [] } }],
        meta: { tags: [] },
      }],
      analytics: DEFAULT_ANALYTICS,
      groups: [],
      sourcePath: '/work/configs/atrium.yaml',
    };
    expect(parseConfig(yaml, opts)).toStrictEqual(expected);
  });

  it('maps every strategy type from snake_case YAML to camelCase params, with defaults', () => {
    const yaml = `
firm: { id: demo, capital: 1000000, name: "Demo Capital" }
data: { source: csv, path: data/x.csv }
pms:
  - id: pm-a
    capital: 400000
    strategies:
      - { id: s1, type: sma_crossover, symbols: [AAPL], params: { fast: 10, slow: 30, allow_short: true }, sizing: { type: percent_equity, percent: "2.50" } }
      - { id: s2, type: momentum, symbols: [MSFT], params: { fast_period: 5, slow_period: 20, threshold: 0.01 } }
      - { id: s3, type: mean_reversion, symbols: [XOM], params: { lookback: 30, entry_threshold: 1.5, exit_threshold: 0.25 } }
      - { id: s4, type: ensemble, symbols: [AAPL, AAPL], params: { components: [ { type: momentum, weight: 0.5, params: { fast_period: 5, slow_period: 20 } }, { type: mean_reversion, params: { lookback: 20, entry_threshold: 1 } } ], threshold: 0.5, allow_short: true } }
      - { id: s5, type: scheduled_orders, params: { orders: [ { date: 2014-02-03, symbol: NVDA, side: buy, qty: 100 }, { date: 2014-03-03, symbol: AAPL, side: sell, qty: 40 } ] } }
  - id: pm-b
`;
    const config = parseConfig(yaml, opts);
    expect(config.firm).toStrictEqual({ id: 'demo', capital: '1000000', name: 'Demo Capital' });
    expect(config.data.symbols).toStrictEqual(['AAPL', 'MSFT', 'NVDA', 'XOM']);
    const [s1, s2, s3, s4, s5] = config.pms[0]!.strategies;
    expect(s1).toStrictEqual({ id: 's1', symbols: ['AAPL'], params: { type: 'sma_crossover', fast: 10, slow: 30, allowShort: true }, sizing: { type: 'percent_equity', percent: '2.5' } });
    expect(s2).toStrictEqual({ id: 's2', symbols: ['MSFT'], params: { type: 'momentum', fastPeriod: 5, slowPeriod: 20, threshold: 0.01, allowShort: false }, sizing: defaultSizing });
    expect(s3).toStrictEqual({ id: 's3', symbols: ['XOM'], params: { type: 'mean_reversion', lookback: 30, entryThreshold: 1.5, exitThreshold: 0.25, allowShort: false }, sizing: defaultSizing });
    expect(s4).toStrictEqual({
      id: 's4', symbols: ['AAPL'], sizing: defaultSizing,
      params: {
        type: 'ensemble', threshold: 0.5, allowShort: true,
        components: [
          { weight: 0.5, params: { type: 'momentum', fastPeriod: 5, slowPeriod: 20, threshold: 0, allowShort: true } },
          { weight: 1, params: { type: 'mean_reversion', lookback: 20, entryThreshold: 1, exitThreshold: 0, allowShort: true } },
        ],
      },
    });
    expect(s5).toStrictEqual({
      id: 's5', symbols: ['AAPL', 'NVDA'], sizing: defaultSizing,
      params: { type: 'scheduled_orders', orders: [
        { date: '2014-02-03', symbol: 'NVDA', side: 'buy', qty: '100' },
        { date: '2014-03-03', symbol: 'AAPL', side: 'sell', qty: '40' },
      ] },
    });
    // pm-b gives nothing: firm capital / 2 PMs, no limits, no strategies, one default account.
    expect(config.pms[1]).toStrictEqual({ id: 'pm-b', capital: '500000', limits: {}, strategies: [], accounts: [{ id: 'pm-b-main', capital: '500000', meta: { tags: [] } }], meta: { tags: [] } });
  });

  it('parses the complete example of docs/config.md', () => {
    const doc = readFileSync(new URL('../../../../docs/config.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const readText = (p: string) => (p === '/work/configs/blotter.csv' ? 'date,symbol,side,qty\n2014-03-03,MSFT,buy,10\n' : '');
    const config = parseConfig(yaml, { ...opts, readText });
    expect(config.firm).toStrictEqual({ id: 'demo', capital: '1000000', name: 'Demo Capital' });
    expect(config.pms.map((pm) => [pm.id, pm.capital, pm.accounts.map((a) => a.id)])).toStrictEqual([
      ['pm-a', '500000', ['acct-1', 'acct-2']],
      ['pm-b', '500000', ['pm-b-main']],
    ]);
    expect(config.pms[0]!.strategies.map((s) => s.params.type)).toStrictEqual(['sma_crossover', 'momentum', 'mean_reversion', 'ensemble', 'scheduled_orders']);
    expect(config.pms[1]!.strategies[0]!.params).toStrictEqual({ type: 'scheduled_orders', orders: [{ date: '2014-03-03', symbol: 'MSFT', side: 'buy', qty: '10' }] });
    expect(config.risk.firm).toStrictEqual({
      maxGrossExposure: '2000000', maxNetExposure: '1000000', maxSingleNamePct: '10', maxSingleNameNotional: '150000', maxSectorPct: '30',
      maxOrderNotional: '250000', maxAdvPct: '5', restrictedSymbols: ['XOM'], maxOrdersPerStep: 20, maxDrawdownPct: '15',
    });
  });

  it('fills the optional sections with their documented defaults', () => {
    const config = parseConfigObject({
      firm: { id: 'f' },
      data: { source: 'synthetic', start: '2020-01-01', end: '2020-12-31', symbols: ['B', 'A', 'B'] },
      pms: [{ id: 'p1', capital: '100.50' }, { id: 'p2', capital: 200 }],
    }, { baseDir: '/x' });
    expect(config.firm).toStrictEqual({ id: 'f', capital: '300.5' });
    expect(config.data).toStrictEqual({ source: 'synthetic', seed: 7, symbols: ['A', 'B'], start: '2020-01-01', end: '2020-12-31' });
    expect(config.execution).toStrictEqual({ fill: 'next_open', slippageBps: '0', commission: { perShare: '0', bps: '0', minimum: '0' } });
    expect(config.risk).toStrictEqual({ firm: {}, timeoutMs: 5000, onBreach: 'deny', sequencing: 'pm_order', scaleByWeight: ['gross', 'net', 'single_name'] });
    expect(config.allocation).toStrictEqual({ rebalance: 'never', lookback: 63, split: { method: 'pro_rata', lot: '1' } });
    expect(config.sourcePath).toBeUndefined();
  });

  it.each([
    [1000000, 3, '333333.3333333333333333333333333333'],
    ['1e6', 4, '250000'],
    [90, 2, '45'],
  ])('gives each PM without capital firm capital %s / %i', (capital, n, share) => {
    const pms = Array.from({ length: n }, (_, i) => ({ id: `pm-${i}` }));
    const config = parseConfigObject({ firm: { id: 'f', capital }, data: { source: 'synthetic', start: '2020-01-01', end: '2020-01-31', symbols: ['A'] }, pms }, { baseDir: '/' });
    expect(config.pms.map((pm) => pm.capital)).toStrictEqual(Array(n).fill(share));
  });

  it.each([
    ['0.50', '0.5'], [0.005, '0.005'], ['1e3', '1000'], [' 7 ', '7'], [1e21, '1000000000000000000000'],
  ])('normalises the decimal %j to canonical text %j', (value, text) => {
    const config = parseConfigObject({ firm: { id: 'f', capital: value }, data: { source: 'synthetic', start: '2020-01-01', end: '2020-01-31', symbols: ['A'] }, pms: [{ id: 'p' }] }, { baseDir: '/' });
    expect(config.firm.capital).toBe(text);
  });

  it('resolves yahoo files to absolute paths sorted by symbol, keeping only the chosen symbols', () => {
    const yaml = `
firm: { id: demo, capital: 1000 }
data: { source: csv, format: yahoo, files: { ORCL: orcl.txt, NVDA: ./sub/../nvda.txt, AMD: /abs/amd.txt }, symbols: [ORCL, NVDA], adjust: true, on_bad_row: fail }
pms: [ { id: p, strategies: [ { id: s, type: sma_crossover, symbols: [NVDA], params: { fast: 2, slow: 3 } } ] } ]
`;
    expect(parseConfig(yaml, opts).data).toStrictEqual({
      source: 'csv', format: 'yahoo', adjust: true, onBadRow: 'fail', symbols: ['NVDA', 'ORCL'],
      files: [{ path: '/work/configs/nvda.txt', symbol: 'NVDA' }, { path: '/work/configs/orcl.txt', symbol: 'ORCL' }],
    });
  });

  it('takes the symbol of a single yahoo file from `symbol`', () => {
    const yaml = `
firm: { id: demo, capital: 1000 }
data: { source: csv, format: yahoo, path: orcl.txt, symbol: ORCL }
pms: [ { id: p, strategies: [ { id: s, type: sma_crossover, symbols: [ORCL], params: { fast: 2, slow: 3 } } ] } ]
`;
    const { data } = parseConfig(yaml, opts);
    expect(data).toMatchObject({ files: [{ path: '/work/configs/orcl.txt', symbol: 'ORCL' }], symbols: ['ORCL'] });
  });

  it('checks that every data file exists when fileExists is given', () => {
    const yaml = `
firm: { id: demo, capital: 1000 }
data: { source: csv, format: yahoo, files: { ORCL: orcl.txt, NVDA: ../nvda.txt } }
pms: [ { id: p } ]
`;
    expect(problems(yaml, { ...opts, fileExists: (p) => p.endsWith('orcl.txt') })).toStrictEqual(['data.files.NVDA: file not found: /work/nvda.txt']);
  });

  it('reads a scheduled_orders blotter CSV through readText, relative to the config directory', () => {
    const files: Record<string, string> = { '/work/configs/blotter.csv': 'date,symbol,side,qty\r\n2014-02-03,AAPL,buy,100\r\n\r\n2014-02-10, MSFT ,sell,5\r\n' };
    const yaml = `
firm: { id: demo, capital: 1000 }
data: { source: csv, path: p.csv }
pms: [ { id: p, strategies: [ { id: s, type: scheduled_orders, params: { file: blotter.csv } } ] } ]
`;
    const config = parseConfig(yaml, { ...opts, readText: (p) => files[p] ?? '' });
    expect(config.pms[0]!.strategies[0]).toStrictEqual({
      id: 's', symbols: ['AAPL', 'MSFT'], sizing: defaultSizing,
      params: { type: 'scheduled_orders', orders: [
        { date: '2014-02-03', symbol: 'AAPL', side: 'buy', qty: '100' },
        { date: '2014-02-10', symbol: 'MSFT', side: 'sell', qty: '5' },
      ] },
    });
  });

  it.each([
    ['a bad row', 'date,symbol,side,qty\n2014-02-03,AAPL,buy,100\n2014-02-31,AAPL,short,1.5\n', [
      'pms[0].strategies[0].params.file: /work/configs/b.csv line 3: date: expected a real calendar date, found "2014-02-31"',
      'pms[0].strategies[0].params.file: /work/configs/b.csv line 3: side: expected buy or sell, found "short"',
      'pms[0].strategies[0].params.file: /work/configs/b.csv line 3: qty: expected a positive integer, found "1.5"',
    ]],
    ['a short row', 'date,symbol,side,qty\n2014-02-03,AAPL,buy\n', ['pms[0].strategies[0].params.file: /work/configs/b.csv line 2: expected 4 fields, found 3']],
    ['a wrong header', 'day,symbol,side,qty\n', ['pms[0].strategies[0].params.file: /work/configs/b.csv line 1: expected the header date,symbol,side,qty (and optionally lot_ids), found "day,symbol,side,qty"']],
    ['only a header', 'date,symbol,side,qty\n', ['pms[0].strategies[0].params.file: /work/configs/b.csv has no orders']],
  ])('reports %s in a blotter with the file and line', (_what, csv, lines) => {
    const yaml = `
firm: { id: demo, capital: 1000 }
data: { source: csv, path: p.csv }
pms: [ { id: p, strategies: [ { id: s, type: scheduled_orders, params: { file: b.csv } } ] } ]
`;
    expect(problems(yaml, { ...opts, readText: () => csv })).toStrictEqual(lines);
  });

  it.each<[string, Partial<ParseConfigOptions>, string]>([
    ['no readText', {}, 'pms[0].strategies[0].params.file: cannot read /work/configs/b.csv: no readText was given to parseConfig'],
    ['a missing file', { readText: () => { throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }); } }, 'pms[0].strategies[0].params.file: file not found: /work/configs/b.csv'],
    ['an unreadable file', { readText: () => { throw new Error('EACCES: permission denied'); } }, 'pms[0].strategies[0].params.file: cannot read /work/configs/b.csv: EACCES: permission denied'],
  ])('reports a blotter that cannot be read (%s)', (_what, extra, line) => {
    const yaml = 'firm: { id: f, capital: 1 }\ndata: { source: csv, path: p.csv }\npms: [ { id: p, strategies: [ { id: s, type: scheduled_orders, params: { file: b.csv } } ] } ]\n';
    expect(problems(yaml, { ...opts, ...extra })).toStrictEqual([line]);
  });

  it('suggests the key a typo meant', () => {
    const yaml = 'firm: { id: f, capital: 1 }\ndata: { source: csv, path: p.csv, sybmols: [A] }\npms: [ { id: p, stratgies: [] } ]\n';
    expect(problems(yaml)).toStrictEqual([
      'data.sybmols: unknown key (did you mean symbols?)',
      'pms[0].stratgies: unknown key (did you mean strategies?)',
    ]);
  });

  it.each([
    ['a bad indent', 'firm:\n  id: f\n capital: 1\n', 3],
    ['an unclosed flow list', 'firm: { id: f }\npms: [ { id: p }\ndata: {}\n', 3],
    ['a duplicate key', 'firm: { id: f }\nfirm: { id: g }\n', 2],
  ])('reports YAML syntax (%s) with its line number', (_what, yaml, line) => {
    const error = (() => { try { parseConfig(yaml, opts); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues[0]!;
    expect(issue).toMatchObject({ path: '', line });
    expect(issue.message).toMatch(new RegExp(`^YAML syntax error at line ${line}, column \\d+: \\S`));
    expect((error as ConfigError).message).toContain('invalid config /work/configs/atrium.yaml');
  });

  it('rejects an empty document', () => {
    expect(problems('')).toStrictEqual(['expected the config to be a mapping, found null']);
  });

  it('returns a frozen config, so no reader can change what the others see', () => {
    const config = parseConfig('firm: { id: f, capital: 1 }\ndata: { source: csv, path: p.csv, symbols: [A] }\npms: [ { id: p } ]\n', opts);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.pms[0]!.accounts[0])).toBe(true);
  });
});

describe('instruments (the symbol master)', () => {
  const base = (instruments: string) => `
firm: { id: f, capital: 100 }
${instruments}
data: { source: synthetic, start: 2016-01-04, end: 2016-01-29 }
pms: [ { id: p, strategies: [ { id: s, type: sma_crossover, symbols: [TECH1, AAPL], params: { fast: 2, slow: 3 } } ] } ]
`;
  it('reads sector, asset class and issuer, and defaults the rest', () => {
    const c = parseConfig(base('instruments: { AAPL: { sector: Technology, asset_class: equity, issuer: Apple } }'), { baseDir: '/' });
    expect(instrumentOf(c, 'AAPL')).toEqual({ symbol: 'AAPL', sector: 'Technology', assetClass: 'equity', issuer: 'Apple' });
    expect(instrumentOf(c, 'TECH1')).toEqual({ symbol: 'TECH1', sector: 'technology', assetClass: 'equity', issuer: 'TECH1' });
  });
  it.each([
    ['instruments: [AAPL]', /instruments: expected a mapping of symbol/],
    ['instruments: { AAPL: { sectr: x } }', /instruments\.AAPL\.sectr: unknown key \(did you mean sector\?\)/],
    ['instruments: { "A B": { sector: x } }', /instruments\.A B: expected a symbol/],
  ])('rejects %s', (text, message) => {
    expect(() => parseConfig(base(text), { baseDir: '/' })).toThrow(message);
  });
});

describe('metadata of PMs and accounts', () => {
  const yaml = (pm: string, acct: string) => `
firm: { id: f, capital: 100 }
data: { source: synthetic, symbols: [TECH1], start: 2016-01-04, end: 2016-01-29 }
pms: [ { id: p, ${pm} strategies: [], accounts: [ { id: a, capital: 100, ${acct} } ] } ]
`;
  it('reads name, description, client, risk profile, currency, benchmark and tags', () => {
    const c = parseConfig(yaml('name: Trend, client: acme, tags: [growth, tech, growth], benchmark: TECH1,', 'currency: USD, risk_profile: conservative, description: "a fund"'), { baseDir: '/' });
    expect(c.pms[0]!.meta).toStrictEqual({ name: 'Trend', client: 'acme', benchmark: 'TECH1', tags: ['growth', 'tech'] });
    expect(c.pms[0]!.accounts[0]!.meta).toStrictEqual({ description: 'a fund', riskProfile: 'conservative', currency: 'USD', tags: [] });
  });
  it.each([
    ['currency: usd', /accounts\[0\]\.currency: expected a three-letter currency code/],
    ['tags: [ok, "not ok"]', /accounts\[0\]\.tags\[1\]: expected a tag/],
  ])('rejects %s', (acct, message) => {
    expect(() => parseConfig(yaml('', acct), { baseDir: '/' })).toThrow(message);
  });
});
