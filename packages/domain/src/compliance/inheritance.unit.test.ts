import { describe, expect, it } from 'vitest';
import type { ComplianceRuleConfig } from '../config/types.js';
import { accountRules, ineffectiveRule, ruleInheritanceIssues } from './inheritance.js';

const r = (body: object, severity: 'hard' | 'warn' = 'hard', source = 'compliance[0]') => ({ ...body, severity, source }) as ComplianceRuleConfig;

describe('compliance inheritance', () => {
  it('holds an account to the firm\'s rules, then its PM\'s, then its own', () => {
    const firm = r({ kind: 'long_only' }, 'hard', 'compliance[0]');
    const pm = r({ kind: 'max_position_pct', pct: '10' }, 'hard', 'pms[0].compliance[0]');
    const own = r({ kind: 'max_position_pct', pct: '5' }, 'hard', 'pms[0].accounts[0].compliance[0]');
    expect(accountRules({ compliance: [firm] }, { compliance: [pm] }, { compliance: [own] }).map((x) => x.source)).toEqual(['compliance[0]', 'pms[0].compliance[0]', 'pms[0].accounts[0].compliance[0]']);
    expect(accountRules({}, {}, {})).toEqual([]);
  });

  const inherited = [
    r({ kind: 'max_position_pct', pct: '10' }),
    r({ kind: 'max_adv_pct', pct: '5' }, 'warn', 'compliance[1]'),
    r({ kind: 'restricted_symbols', symbols: ['XOM', 'IBM'] }, 'hard', 'compliance[2]'),
    r({ kind: 'allowed_asset_classes', assetClasses: ['equity', 'bond'] }, 'hard', 'compliance[3]'),
    r({ kind: 'long_only' }, 'warn', 'compliance[4]'),
  ];
  it.each([
    ['a lower limit', { kind: 'max_position_pct', pct: '5' }, 'hard', undefined],
    ['the same limit', { kind: 'max_position_pct', pct: '10' }, 'hard', '10% has no effect: compliance[0] already refuses above 10% (only a lower limit is stricter)'],
    ['a higher limit', { kind: 'max_position_pct', pct: '15' }, 'warn', '15% has no effect: compliance[0] already refuses above 10% (only a lower limit is stricter)'],
    ['a hard rule where the inherited one only warns', { kind: 'max_adv_pct', pct: '5' }, 'hard', undefined],
    ['a warning at the limit of an inherited warning', { kind: 'max_adv_pct', pct: '5' }, 'warn', '5% has no effect: compliance[1] already warns above 5% (only a lower limit is stricter)'],
    ['a kind nothing inherited has', { kind: 'max_issuer_pct', pct: '50' }, 'warn', undefined],
    ['one more restricted symbol', { kind: 'restricted_symbols', symbols: ['XOM', 'AAPL'] }, 'hard', undefined],
    ['only symbols already restricted', { kind: 'restricted_symbols', symbols: ['IBM'] }, 'warn', 'has no effect: compliance[2] already restricts IBM'],
    ['fewer asset classes', { kind: 'allowed_asset_classes', assetClasses: ['equity'] }, 'hard', undefined],
    ['the same asset classes', { kind: 'allowed_asset_classes', assetClasses: ['bond', 'equity'] }, 'hard', 'has no effect: compliance[3] already allows only equity, bond'],
    ['another asset class', { kind: 'allowed_asset_classes', assetClasses: ['equity', 'etf'] }, 'hard', 'allows etf, which compliance[3] does not: only a narrower list is stricter'],
    ['long only, hard, over a warning', { kind: 'long_only' }, 'hard', undefined],
    ['long only, warn, over a warning', { kind: 'long_only' }, 'warn', 'has no effect: compliance[4] already makes the account long only (warn)'],
  ] as const)('%s', (_name, body, severity, problem) => {
    expect(ineffectiveRule(r(body, severity, 'pms[0].accounts[0].compliance[0]'), inherited)).toBe(problem);
  });

  it('checks a PM against the firm, an account against both, and each list against its own earlier rules', () => {
    const issues = ruleInheritanceIssues({
      compliance: [r({ kind: 'max_position_pct', pct: '20' })],
      pms: [
        {
          id: 'p', capital: '1', limits: {}, strategies: [], meta: { tags: [] },
          compliance: [r({ kind: 'max_position_pct', pct: '10' }, 'hard', 'pms[0].compliance[0]')],
          accounts: [{ id: 'a', capital: '1', meta: { tags: [] }, compliance: [r({ kind: 'max_position_pct', pct: '15' }, 'hard', 'pms[0].accounts[0].compliance[0]'), r({ kind: 'long_only' }, 'hard', 'pms[0].accounts[0].compliance[1]'), r({ kind: 'long_only' }, 'hard', 'pms[0].accounts[0].restrictions.long_only')] }],
        },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['pms[0].accounts[0].compliance[0]', 'pms[0].accounts[0].restrictions.long_only']);
  });
});
