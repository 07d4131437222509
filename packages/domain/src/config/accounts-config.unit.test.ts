import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { type ParseConfigOptions, parseConfig } from './parse-config.js';
import { accountRules } from '../compliance/inheritance.js';

const files: Record<string, string> = {
  '/cfg/lots.csv': 'date,symbol,side,qty,lot_ids\n2016-01-04,AAA,buy,100,\n2016-02-01,AAA,sell,50,AAA-1;AAA-2\n',
  '/cfg/plain.csv': 'date,symbol,side,qty\n2016-01-04,AAA,buy,100\n',
  '/cfg/bad-lot.csv': 'date,symbol,side,qty,lot_ids\n2016-02-01,AAA,sell,50,BBB-1\n',
};
const opts: ParseConfigOptions = { baseDir: '/cfg', readText: (p) => files[p] ?? '' };

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, opts);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

const HEAD = `
firm: { id: f, capital: 1000000 }
data: { source: synthetic, start: 2016-01-01, end: 2016-03-31 }
`;

describe('config: tax lot methods and compliance rules', () => {
  const yaml = `${HEAD}
compliance:
  - { rule: restricted_symbols, symbols: [XOM] }
  - { rule: max_position_pct, pct: 20, severity: warn }
pms:
  - id: p
    compliance: [ { rule: max_issuer_pct, pct: 15 } ]
    strategies: [ { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 } } ]
    accounts:
      - id: a1
        capital: 600000
        tax_lot_method: hifo
        compliance: [ { rule: max_adv_pct, pct: 5, severity: warn }, { rule: max_position_pct, pct: 10 } ]
        restrictions: { prohibited_symbols: [IBM], max_position_pct: 8, long_only: true, allowed_asset_classes: [equity] }
      - { id: a2, capital: 400000 }
`;

  it('reads the method per account (absent means fifo) and compiles restrictions into hard rules', () => {
    const c = parseConfig(yaml, opts);
    const [a1, a2] = c.pms[0]!.accounts;
    expect(a1!.taxLotMethod).toBe('hifo');
    expect(a2!.taxLotMethod).toBeUndefined();
    expect(accountRules(c, c.pms[0]!, a1!).map((r) => [r.source, r.kind, r.severity])).toEqual([
      ['compliance[0]', 'restricted_symbols', 'hard'],
      ['compliance[1]', 'max_position_pct', 'warn'],
      ['pms[0].compliance[0]', 'max_issuer_pct', 'hard'],
      ['pms[0].accounts[0].compliance[0]', 'max_adv_pct', 'warn'],
      ['pms[0].accounts[0].compliance[1]', 'max_position_pct', 'hard'],
      ['pms[0].accounts[0].restrictions.prohibited_symbols', 'restricted_symbols', 'hard'],
      ['pms[0].accounts[0].restrictions.max_position_pct', 'max_position_pct', 'hard'],
      ['pms[0].accounts[0].restrictions.long_only', 'long_only', 'hard'],
      ['pms[0].accounts[0].restrictions.allowed_asset_classes', 'allowed_asset_classes', 'hard'],
    ]);
    // a2 inherits the firm's and the PM's rules only
    expect(accountRules(c, c.pms[0]!, a2!).map((r) => r.source)).toEqual(['compliance[0]', 'compliance[1]', 'pms[0].compliance[0]']);
  });

  it.each([
    ['an account limit looser than an inherited one of the same severity', 'compliance: [ { rule: max_position_pct, pct: 25 } ]', 'pms[0].accounts[0].compliance[0]: 25% has no effect: compliance[0] already refuses above 20% (only a lower limit is stricter)'],
    ['a warn rule under a hard one with the same limit', 'compliance: [ { rule: max_position_pct, pct: 20, severity: warn } ]', 'pms[0].accounts[0].compliance[0]: 20% has no effect: compliance[0] already refuses above 20% (only a lower limit is stricter)'],
    ['an account that allows more asset classes', 'restrictions: { allowed_asset_classes: [equity, etf] }', 'pms[0].accounts[0].restrictions.allowed_asset_classes: allows etf, which pms[0].compliance[0] does not: only a narrower list is stricter'],
    ['restricting what the firm already restricts', 'restrictions: { prohibited_symbols: [XOM] }', 'pms[0].accounts[0].restrictions.prohibited_symbols: has no effect: compliance[1] already restricts XOM'],
  ])('rejects %s', (_name, accountKeys, message) => {
    const y = `${HEAD}
compliance: [ { rule: max_position_pct, pct: 20 }, { rule: restricted_symbols, symbols: [XOM, IBM] } ]
pms:
  - id: p
    compliance: [ { rule: allowed_asset_classes, asset_classes: [equity, bond] } ]
    strategies: [ { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 } } ]
    accounts:
      - { id: a1, capital: 1000000, ${accountKeys} }
`;
    expect(problems(y)).toEqual([message]);
  });

  it('accepts stricter additions: a lower limit, a harder severity, more symbols, fewer asset classes', () => {
    const y = `${HEAD}
compliance: [ { rule: max_position_pct, pct: 20, severity: warn }, { rule: restricted_symbols, symbols: [XOM] } ]
pms:
  - id: p
    compliance: [ { rule: allowed_asset_classes, asset_classes: [equity, bond] }, { rule: max_position_pct, pct: 20 } ]
    strategies: [ { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 } } ]
    accounts:
      - { id: a1, capital: 1000000, restrictions: { max_position_pct: 5, prohibited_symbols: [XOM, IBM], allowed_asset_classes: [equity] } }
`;
    expect(problems(y)).toEqual([]);
  });

  it.each([
    ['tax_lot_method: lowest', 'pms[0].accounts[0].tax_lot_method: expected one of fifo, lifo, hifo, average_cost, specific, found "lowest"'],
    ['compliance: [ { rule: max_postion_pct, pct: 5 } ]', 'pms[0].accounts[0].compliance[0].rule: expected one of restricted_symbols, max_position_pct, max_issuer_pct, long_only, allowed_asset_classes, max_adv_pct, found "max_postion_pct"'],
    ['compliance: [ { rule: long_only, pct: 5 } ]', 'pms[0].accounts[0].compliance[0].pct: not a parameter of rule long_only'],
    ['compliance: [ { rule: max_adv_pct } ]', 'pms[0].accounts[0].compliance[0].pct: required'],
    ['compliance: [ { rule: max_adv_pct, pct: 5, severity: soft } ]', 'pms[0].accounts[0].compliance[0].severity: expected hard or warn, found "soft"'],
    ['compliance: [ { rule: restricted_symbols, symbols: [] } ]', 'pms[0].accounts[0].compliance[0].symbols: expected at least one of symbols, found an empty list'],
    ['restrictions: { long_only: yes }', 'pms[0].accounts[0].restrictions.long_only: expected true or false, found "yes"'],
    ['restrictions: { max_positon_pct: 5 }', 'pms[0].accounts[0].restrictions.max_positon_pct: unknown key (did you mean max_position_pct?)'],
  ])('reports %s with its path', (accountKeys, message) => {
    const y = `${HEAD}
pms:
  - id: p
    strategies: [ { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 } } ]
    accounts: [ { id: a1, capital: 1000000, ${accountKeys} } ]
`;
    expect(problems(y)).toEqual([message]);
  });
});

describe('config: metadata checks', () => {
  const pms = (pmMeta: string, acctMeta: string) => `
pms:
  - id: p
    ${pmMeta}
    strategies: [ { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 } } ]
    accounts: [ { id: a1, capital: 500000, ${acctMeta} }, { id: a2, capital: 500000 } ]
`;

  const groups = (meta: string) => `groups:\n  - { id: g1, pms: [p], ${meta} }\n`;

  it('rejects a firm of mixed currencies, naming both places: PMs, accounts and groups', () => {
    expect(problems(HEAD + pms('currency: USD', 'currency: EUR'))).toEqual([
      'pms[0].accounts[0].currency: EUR differs from USD (pms[0].currency): one currency per firm (mixed currencies are not supported yet)',
    ]);
    expect(problems(HEAD + pms('currency: USD', 'currency: USD'))).toEqual([]);
    expect(problems(HEAD + pms('currency: USD', 'client: acme') + groups('currency: GBP'))).toEqual([
      'groups[0].currency: GBP differs from USD (pms[0].currency): one currency per firm (mixed currencies are not supported yet)',
    ]);
    expect(problems(HEAD + pms('currency: USD', 'client: acme') + groups('currency: USD'))).toEqual([]);
  });

  it('loads a benchmark no strategy names from CSV data and from data.symbols, and rejects one the data does not hold, naming the PM, account or group', () => {
    const withSymbols = HEAD.replace('end: 2016-03-31', 'end: 2016-03-31, symbols: [AAA, SPY, QQQ]');
    const c = parseConfig(withSymbols + pms('benchmark: SPY', 'benchmark: QQQ') + groups('benchmark: SPY'), opts);
    expect([c.data.symbols, c.groups[0]!.meta.benchmark]).toEqual([['AAA', 'QQQ', 'SPY'], 'SPY']);
    const fixed = HEAD.replace('end: 2016-03-31', 'end: 2016-03-31, symbols: [AAA, SPY]');
    expect(problems(fixed + pms('benchmark: SPY', 'benchmark: QQQX') + groups('benchmark: NOPE'))).toEqual([
      'pms[0].accounts[0].benchmark: QQQX not in the data (data symbols: AAA, SPY) (the benchmark of account p/a1)',
      'groups[0].benchmark: NOPE not in the data (data symbols: AAA, SPY) (the benchmark of group g1)',
    ]);
    const csv = `firm: { id: f, capital: 1000000 }\ndata: { source: csv, format: long, path: prices.csv }\n`;
    expect(parseConfig(csv + pms('benchmark: SPY', 'benchmark: QQQ'), { ...opts, fileExists: () => true, readText: () => '' }).data.symbols).toEqual(['AAA', 'QQQ', 'SPY']);
  });

  it('rejects a benchmark synthetic data would make up: without data.symbols it holds only what the strategies trade', () => {
    expect(problems(HEAD + pms('benchmark: NOPE1', 'benchmark: AAA') + groups('benchmark: ZZZ'))).toEqual([
      'pms[0].benchmark: NOPE1 not in the data (the benchmark of PM p): synthetic data without data.symbols holds only the symbols the strategies trade (AAA); list NOPE1 in data.symbols to generate it',
      'groups[0].benchmark: ZZZ not in the data (the benchmark of group g1): synthetic data without data.symbols holds only the symbols the strategies trade (AAA); list ZZZ in data.symbols to generate it',
    ]);
    expect(parseConfig(HEAD + pms('benchmark: AAA', ''), opts).data.symbols).toEqual(['AAA']);
  });
});

describe('config: blotters with lot ids and an account', () => {
  const blotter = (params: string, accounts = '[ { id: a1, capital: 500000 }, { id: a2, capital: 500000 } ]') => `${HEAD}
pms:
  - id: p
    strategies: [ { id: b, type: scheduled_orders, params: ${params} } ]
    accounts: ${accounts}
`;

  it('reads lot ids from a CSV column (";"-separated) and from YAML rows (a list or text)', () => {
    const c = parseConfig(blotter('{ file: lots.csv, account: a2 }'), opts);
    const p = c.pms[0]!.strategies[0]!.params;
    expect(p).toEqual({
      type: 'scheduled_orders',
      account: 'a2',
      orders: [
        { date: '2016-01-04', symbol: 'AAA', side: 'buy', qty: '100' },
        { date: '2016-02-01', symbol: 'AAA', side: 'sell', qty: '50', lotIds: ['AAA-1', 'AAA-2'] },
      ],
    });
    const inline = parseConfig(blotter('{ account: a1, orders: [ { date: 2016-02-01, symbol: AAA, side: sell, qty: 5, lot_ids: [AAA-3] }, { date: 2016-02-02, symbol: AAA, side: sell, qty: 5, lot_ids: "AAA-1; AAA-4" } ] }'), opts);
    const q = inline.pms[0]!.strategies[0]!.params;
    expect(q.type === 'scheduled_orders' && q.orders.map((o) => o.lotIds)).toEqual([['AAA-3'], ['AAA-1', 'AAA-4']]);
  });

  it('gives a blotter with lot ids the PM\'s only account', () => {
    const c = parseConfig(blotter('{ file: lots.csv }', '[ { id: solo, capital: 1000000 } ]'), opts);
    expect(c.pms[0]!.strategies[0]!.params).toMatchObject({ account: 'solo' });
    const plain = parseConfig(blotter('{ file: plain.csv }'), opts);
    expect(plain.pms[0]!.strategies[0]!.params).not.toHaveProperty('account');
  });

  it.each([
    ['{ file: lots.csv }', 'pms[0].strategies[0].params.account: required: the orders name lot ids, and lots belong to one account (this PM has 2: a1, a2)'],
    ['{ file: plain.csv, account: a9 }', 'pms[0].strategies[0].params.account: unknown account "a9" (this PM\'s accounts: a1, a2)'],
    ['{ file: bad-lot.csv, account: a1 }', 'pms[0].strategies[0].params.file: /cfg/bad-lot.csv line 2: lot_ids: expected lot ids of AAA (<symbol>-<n>, e.g. AAA-1), found "BBB-1"'],
    ['{ account: a1, orders: [ { date: 2016-02-01, symbol: AAA, side: sell, qty: 5, lot_ids: [AAA-0] } ] }', 'pms[0].strategies[0].params.orders[0].lot_ids: expected lot ids of AAA (<symbol>-<n>, e.g. AAA-1), found "AAA-0"'],
  ])('rejects %s', (params, message) => {
    expect(problems(blotter(params))).toEqual([message]);
  });
});
