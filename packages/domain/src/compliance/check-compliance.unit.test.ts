import { describe, expect, it } from 'vitest';
import { D, type Dec } from '../money/decimal.js';
import type { Instrument } from '../config/instrument.js';
import type { ComplianceRuleConfig, ComplianceSeverity } from '../config/types.js';
import { checkCompliance, type AccountView } from './check-compliance.js';
import { checkChildOrders } from './check-child-orders.js';
import { TaxLotBook } from '../taxlots/tax-lots.js';
import { eligibleAccounts, splitAccounts } from './eligible-accounts.js';

const INSTRUMENTS: Record<string, Partial<Instrument>> = { GOOG: { issuer: 'Alphabet' }, GOOGL: { issuer: 'Alphabet' }, ETF1: { assetClass: 'etf' } };
const instrument = (symbol: string): Instrument => ({ symbol, sector: 'unclassified', assetClass: 'equity', issuer: symbol, ...INSTRUMENTS[symbol] });

/** Equity 100,000; holds AAA 100 @ 50, GOOG 100 @ 100 and XOM 50 @ 80; AAA trades 10,000 a day on average. */
const positions: Record<string, number> = { AAA: 100, GOOG: 100, XOM: 50 };
const prices: Record<string, number> = { AAA: 50, GOOG: 100, GOOGL: 100, XOM: 80, ETF1: 20 };
const view: AccountView = {
  equity: new D(100_000),
  position: (s) => new D(positions[s] ?? 0),
  price: (s) => (prices[s] === undefined ? undefined : new D(prices[s]!)),
  instrument,
  held: () => Object.keys(positions),
  averageVolume: (s) => (s === 'AAA' ? new D(10_000) : undefined),
};

type RuleBody = ComplianceRuleConfig extends infer R ? (R extends unknown ? Omit<R, 'severity' | 'source'> : never) : never;
const rule = (body: RuleBody, severity: ComplianceSeverity): ComplianceRuleConfig => ({ ...body, severity, source: 'pms[0].accounts[0].compliance[0]' }) as ComplianceRuleConfig;

const cases: [string, RuleBody, 'buy' | 'sell', string, number, string | undefined][] = [
  // rule, side, symbol, qty, expected reason (undefined: passes)
  ['a buy of a restricted symbol', { kind: 'restricted_symbols', symbols: ['XOM', 'IBM'] }, 'buy', 'XOM', 10, 'ACCOUNT_PROHIBITED_SYMBOL'],
  ['a sale that reduces a restricted holding', { kind: 'restricted_symbols', symbols: ['XOM'] }, 'sell', 'XOM', 50, undefined],
  ['a short sale of a restricted symbol', { kind: 'restricted_symbols', symbols: ['IBM'] }, 'sell', 'IBM', 1, 'ACCOUNT_PROHIBITED_SYMBOL'],
  ['a symbol not on the list', { kind: 'restricted_symbols', symbols: ['XOM'] }, 'buy', 'AAA', 10, undefined],
  ['a position exactly at max_position_pct (200 × 50 = 10%)', { kind: 'max_position_pct', pct: '10' }, 'buy', 'AAA', 100, undefined],
  ['a position one share over max_position_pct', { kind: 'max_position_pct', pct: '10' }, 'buy', 'AAA', 101, 'ACCOUNT_MAX_POSITION'],
  ['a sale reducing a position over max_position_pct', { kind: 'max_position_pct', pct: '1' }, 'sell', 'AAA', 50, undefined],
  ['a short over max_position_pct', { kind: 'max_position_pct', pct: '10' }, 'sell', 'ETF1', 501, 'ACCOUNT_MAX_POSITION'],
  ['an issuer at its limit (GOOG 10,000 + GOOGL 5,000 = 15%)', { kind: 'max_issuer_pct', pct: '15' }, 'buy', 'GOOGL', 50, undefined],
  ['an issuer over its limit across its symbols', { kind: 'max_issuer_pct', pct: '15' }, 'buy', 'GOOGL', 51, 'ACCOUNT_ISSUER_CONCENTRATION'],
  ['a sale down to flat in a long-only account', { kind: 'long_only' }, 'sell', 'AAA', 100, undefined],
  ['a sale past flat in a long-only account', { kind: 'long_only' }, 'sell', 'AAA', 101, 'ACCOUNT_LONG_ONLY'],
  ['a buy of an asset class not allowed', { kind: 'allowed_asset_classes', assetClasses: ['equity', 'bond'] }, 'buy', 'ETF1', 10, 'ACCOUNT_ASSET_CLASS'],
  ['a buy of an allowed asset class', { kind: 'allowed_asset_classes', assetClasses: ['equity'] }, 'buy', 'AAA', 10, undefined],
  ['an order at max_adv_pct (500 of 10,000)', { kind: 'max_adv_pct', pct: '5' }, 'buy', 'AAA', 500, undefined],
  ['an order over max_adv_pct', { kind: 'max_adv_pct', pct: '5' }, 'sell', 'AAA', 501, 'ACCOUNT_MAX_ADV'],
  ['an order in a symbol without volume yet', { kind: 'max_adv_pct', pct: '5' }, 'buy', 'XOM', 1, 'ACCOUNT_MAX_ADV'],
];

describe('compliance rules', () => {
  // severity acts where an order is refused or passed: an account checking its child orders
  it.each(cases.flatMap(([name, body, side, symbol, qty, reason]) => (['hard', 'warn'] as const).map((severity) => ({ name, body, side, symbol, qty, reason, severity }))))(
    '$severity: $name → $reason',
    ({ body, side, symbol, qty, reason, severity }) => {
      const order = { childId: 'o1', symbol, side, qty: new D(qty) };
      const r = checkChildOrders([order], { accountId: 'a1', rules: [rule(body, severity)], lots: new TaxLotBook('fifo'), view });
      const got = r.refused.length ? 'refused' : r.records.length ? 'passed with a warning' : 'passed';
      expect(got).toBe(!reason ? 'passed' : severity === 'hard' ? 'refused' : 'passed with a warning');
      expect(r.accepted.map((o) => o.childId)).toEqual(severity === 'hard' && reason ? [] : ['o1']);
      expect(r.refused.map((x) => x.reason)).toEqual(severity === 'hard' && reason ? [reason] : []);
      expect(r.records.map((x) => [x.reason, x.severity, x.outcome])).toEqual(reason ? [[reason, severity, severity === 'hard' ? 'refused' : 'warned']] : []);
      for (const x of r.records) expect(x.message).toMatch(new RegExp(`^account a1: .*\\(pms\\[0\\]\\.accounts\\[0\\]\\.compliance\\[0\\], ${severity}\\)$`));
      // the rule's finding is the same whatever the severity; only what happens to the order differs
      expect(checkCompliance([rule(body, severity)], order, view).map((f) => f.reason)).toEqual(reason ? [reason] : []);
    },
  );

  it('refuses on a hard rule and records the warn rules the same order breaks', () => {
    const rules = [rule({ kind: 'max_position_pct', pct: '1' }, 'warn'), rule({ kind: 'restricted_symbols', symbols: ['AAA'] }, 'hard')];
    const r = checkChildOrders([{ childId: 'o1', symbol: 'AAA', side: 'buy', qty: new D(10) }], { accountId: 'a1', rules, lots: new TaxLotBook('fifo'), view });
    expect([r.accepted, r.refused.map((x) => x.reason), r.records.map((x) => x.outcome)]).toEqual([[], ['ACCOUNT_PROHIBITED_SYMBOL'], ['warned', 'refused']]);
  });

  it('says what it measured against which limit', () => {
    const [f] = checkCompliance([rule({ kind: 'max_position_pct', pct: '10' }, 'hard')], { symbol: 'AAA', side: 'buy', qty: new D(101) }, view);
    expect([f!.value, f!.limit, f!.message]).toEqual(['10.05%', '10%', 'position 201 AAA (10050) would be 10.05% of equity 100000, above 10% (pms[0].accounts[0].compliance[0], hard)']);
    const [g] = checkCompliance([rule({ kind: 'max_issuer_pct', pct: '15' }, 'warn')], { symbol: 'GOOGL', side: 'buy', qty: new D(51) }, view);
    expect(g!.message).toBe('issuer Alphabet would be 15100, 15.1% of equity 100000, above 15% (pms[0].accounts[0].compliance[0], warn)');
  });

  it('shows a share far below 1% with its significant digits, not as 0%', () => {
    const adv = rule({ kind: 'max_adv_pct', pct: '0.00001' }, 'hard');
    const [f] = checkCompliance([adv], { symbol: 'AAA', side: 'buy', qty: new D(10) }, { ...view, averageVolume: () => new D('42815876.55') });
    expect([f!.value, f!.limit, f!.message]).toEqual(['0.00002336%', '0.00001%', '10 AAA is 0.00002336% of its average volume 42815876.55, above 0.00001% (pms[0].accounts[0].compliance[0], hard)']);
  });

  it('counts the shares the account already trades in the step against max_adv_pct', () => {
    const adv = rule({ kind: 'max_adv_pct', pct: '5' }, 'hard');
    const order = { symbol: 'AAA', side: 'buy' as const, qty: new D(300) };
    expect(checkCompliance([adv], order, { ...view, traded: () => new D(200) })).toEqual([]); // 500 of 10,000
    const [f] = checkCompliance([adv], order, { ...view, traded: () => new D(201) });
    expect([f!.value, f!.message]).toEqual(['5.01%', '300 AAA with 201 earlier this step (501) is 5.01% of its average volume 10000, above 5% (pms[0].accounts[0].compliance[0], hard)']);
  });

  it('returns every rule an order breaches', () => {
    const rules = [rule({ kind: 'long_only' }, 'hard'), rule({ kind: 'max_position_pct', pct: '1' }, 'warn'), rule({ kind: 'restricted_symbols', symbols: ['IBM'] }, 'warn')];
    expect(checkCompliance(rules, { symbol: 'IBM', side: 'sell', qty: new D(100) }, { ...view, price: () => new D(100) }).map((f) => [f.reason, f.rule.severity])).toEqual([
      ['ACCOUNT_LONG_ONLY', 'hard'],
      ['ACCOUNT_MAX_POSITION', 'warn'],
      ['ACCOUNT_PROHIBITED_SYMBOL', 'warn'],
    ]);
  });
});

describe('accounts left out of a block before its split', () => {
  const accounts = [
    { id: 'plain' },
    { id: 'no-xom', rules: [rule({ kind: 'restricted_symbols', symbols: ['XOM'] }, 'hard')] },
    { id: 'warn-only', rules: [rule({ kind: 'restricted_symbols', symbols: ['XOM'] }, 'warn'), rule({ kind: 'long_only' }, 'warn')] },
    { id: 'long-only', rules: [rule({ kind: 'long_only' }, 'hard'), rule({ kind: 'max_position_pct', pct: '1' }, 'hard')] },
    { id: 'equity-only', rules: [rule({ kind: 'allowed_asset_classes', assetClasses: ['equity'] }, 'hard')] },
  ];
  const held: Record<string, Dec> = { 'no-xom': new D(10), 'long-only': new D(5) };
  const run = (symbol: string, side: 'buy' | 'sell', pos: (id: string) => Dec = () => new D(0)) => {
    const r = eligibleAccounts(accounts, { symbol, side }, pos, instrument(symbol));
    return { eligible: r.eligible.map((a) => a.id), excluded: r.excluded.map((x) => [x.account.id, x.findings.map((f) => f.reason)]) };
  };

  it.each([
    ['a buy of a restricted symbol leaves out the account that restricts it (hard rules only)', 'XOM', 'buy', undefined, ['plain', 'warn-only', 'long-only', 'equity-only'], [['no-xom', ['ACCOUNT_PROHIBITED_SYMBOL']]]],
    ['a sale of it does not, when the account holds some to sell', 'XOM', 'sell', (id: string) => held[id] ?? new D(0), ['plain', 'no-xom', 'warn-only', 'long-only', 'equity-only'], []],
    ['a sale leaves out a long-only account that holds none', 'AAA', 'sell', undefined, ['plain', 'no-xom', 'warn-only', 'equity-only'], [['long-only', ['ACCOUNT_LONG_ONLY']]]],
    ['a buy of an asset class not allowed', 'ETF1', 'buy', undefined, ['plain', 'no-xom', 'warn-only', 'long-only'], [['equity-only', ['ACCOUNT_ASSET_CLASS']]]],
    ['rules that depend on the quantity never leave an account out', 'AAA', 'buy', undefined, ['plain', 'no-xom', 'warn-only', 'long-only', 'equity-only'], []],
  ] as const)('%s', (_name, symbol, side, pos, eligible, excluded) => {
    expect(run(symbol, side, pos)).toEqual({ eligible, excluded });
  });
});

describe('accounts that may only reduce their holding in a block', () => {
  const accounts = [
    { id: 'plain' },
    { id: 'long-only', rules: [rule({ kind: 'long_only' }, 'hard')] },
    { id: 'no-xom', rules: [rule({ kind: 'restricted_symbols', symbols: ['XOM'] }, 'hard')] },
    { id: 'warn-long', rules: [rule({ kind: 'long_only' }, 'warn')] },
  ];
  const held: Record<string, number> = { 'long-only': 50, 'no-xom': -20, 'warn-long': 10, plain: 10 };
  it.each([
    // a sell that may go past flat: the long-only account takes part to sell what it holds, no more
    ['a sell: the long-only account that holds some', 'AAA', 'sell', ['long-only']],
    // a buy of XOM: the account short XOM may cover, not go long
    ['a buy of a restricted symbol: the account short it', 'XOM', 'buy', ['no-xom']],
    ['a buy of an ordinary symbol: nobody', 'AAA', 'buy', []],
  ] as const)('%s', (_name, symbol, side, reduceOnly) => {
    const r = splitAccounts([{ orderId: 'o1', symbol, side, qty: new D(100) }], accounts, (id) => new D(held[id] ?? 0), instrument);
    expect([...(r.reduceOnly.get('o1') ?? [])]).toEqual(reduceOnly);
  });
});
