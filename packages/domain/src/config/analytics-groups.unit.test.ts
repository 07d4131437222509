import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { DEFAULT_ANALYTICS } from './analytics-section.js';
import { parseConfig } from './parse-config.js';
import { selectPmsByTag } from './select-by-tag.js';
import type { AtriumConfig } from './types.js';

const BASE = `
firm: { id: demo, capital: 3000000 }
data: { source: synthetic, start: 2015-01-01, end: 2015-12-31 }
pms:
  - { id: trend, strategies: [ { id: s1, type: sma_crossover, symbols: [TECH1], params: { fast: 5, slow: 20 } } ] }
  - { id: carry }
  - { id: macro }
`;

function parse(extra: string): AtriumConfig {
  return parseConfig(BASE + extra, { baseDir: '/tmp' });
}

function problems(extra: string): string[] {
  try {
    parse(extra);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('analytics:', () => {
  it('defaults to a 252-step PM correlation with 95 % and 99 % VaR', () => {
    expect(parse('').analytics).toEqual(DEFAULT_ANALYTICS);
    expect(DEFAULT_ANALYTICS).toEqual({
      correlation: { window: 252, minPeriods: 20, alertThreshold: 0.8, changeThreshold: 0.3, levels: ['pm'] },
      var: { confidence: [0.95, 0.99] },
    });
  });

  it('reads every key', () => {
    const a = parse(`analytics:
  correlation: { window: 63, min_periods: 10, alert_threshold: 0.7, change_threshold: 0.5, levels: [strategy, pm, pm] }
  var: { confidence: [99, 97.5], lookback: 250 }
`).analytics;
    expect(a).toEqual({
      correlation: { window: 63, minPeriods: 10, alertThreshold: 0.7, changeThreshold: 0.5, levels: ['strategy', 'pm'] },
      var: { confidence: [0.975, 0.99], lookback: 250 },
    });
  });

  it('takes min_periods down to a window smaller than its default', () => {
    expect(parse('analytics: { correlation: { window: 5 } }').analytics.correlation.minPeriods).toBe(5);
  });

  it.each([
    ['analytics: { correlaton: {} }', 'analytics.correlaton: unknown key (did you mean correlation?)'],
    ['analytics: { correlation: { window: 1 } }', 'analytics.correlation.window: expected an integer >= 2, found 1'],
    ['analytics: { correlation: { window: 20, min_periods: 30 } }', 'analytics.correlation.min_periods: expected at most the window (20), found 30'],
    ['analytics: { correlation: { alert_threshold: 1.5 } }', 'analytics.correlation.alert_threshold: expected a correlation in (0, 1], found 1.5'],
    ['analytics: { correlation: { change_threshold: 0 } }', 'analytics.correlation.change_threshold: expected a change of correlation in (0, 2], found 0'],
    ['analytics: { correlation: { levels: [pm, desk] } }', 'analytics.correlation.levels[1]: expected one of pm, account, strategy, found "desk"'],
    ['analytics: { correlation: { levels: [] } }', 'analytics.correlation.levels: expected at least one value, found an empty list'],
    ['analytics: { var: { confidence: [0.95] } }', 'analytics.var.confidence[0]: expected a confidence in % between 50 and 100, exclusive (e.g. 95), found 0.95'],
    ['analytics: { var: { lookback: 1 } }', 'analytics.var.lookback: expected an integer >= 2, found 1'],
  ])('rejects %s', (yaml, message) => {
    expect(problems(yaml)).toEqual([message]);
  });
});

describe('groups:', () => {
  it('resolves nested groups into their PMs, in config order, with metadata', () => {
    const groups = parse(`groups:
  - { id: client-a, groups: [macro-team], pms: [trend], client: Acme Pension, tags: [pension] }
  - { id: macro-team, pms: [macro, carry], name: Macro desk }
`).groups;
    expect(groups).toEqual([
      { id: 'client-a', pms: ['trend'], groups: ['macro-team'], members: ['trend', 'carry', 'macro'], meta: { client: 'Acme Pension', tags: ['pension'] } },
      { id: 'macro-team', pms: ['macro', 'carry'], groups: [], members: ['carry', 'macro'], meta: { name: 'Macro desk', tags: [] } },
    ]);
  });

  it('is an empty list when absent', () => {
    expect(parse('').groups).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    ['an unknown PM, with a suggestion', '[ { id: g, pms: [trnd] } ]', ['groups[0].pms[0]: unknown PM "trnd" (did you mean trend?)']],
    ['an unknown PM, listing the known', '[ { id: g, pms: [zzzzzz] } ]', ['groups[0].pms[0]: unknown PM "zzzzzz" (the config defines: trend, carry, macro)']],
    ['an unknown group', '[ { id: g, groups: [h] } ]', ['groups[0].groups[0]: unknown group "h" (did you mean g?)']],
    ['a duplicate group id', '[ { id: g, pms: [trend] }, { id: g, pms: [carry] } ]', ['groups[1].id: duplicate group id "g" (first at groups[0].id)']],
    ['a PM listed twice', '[ { id: g, pms: [trend, trend] } ]', ['groups[0].pms[1]: "trend" is listed twice']],
    ['a group without members', '[ { id: g } ]', ['groups[0]: expected pms or groups: a group needs at least one member']],
    ['a group with empty lists', '[ { id: g, pms: [] } ]', ['groups[0]: expected at least one PM or group, found none']],
    ['a group containing itself', '[ { id: g, groups: [g] } ]', ['groups[0].groups[0]: cycle: g → g']],
    ['a cycle through three groups', '[ { id: a, groups: [b] }, { id: b, groups: [c] }, { id: c, groups: [a], pms: [trend] } ]', ['groups[2].groups[0]: cycle: a → b → c → a']],
    ['an unknown key', '[ { id: g, pms: [trend], members: [carry] } ]', ['groups[0].members: unknown key (expected one of id, pms, groups, allocation, name, description, client, risk_profile, currency, benchmark, tags)']],
    ['a bad metadata value', '[ { id: g, pms: [trend], currency: usd } ]', ['groups[0].currency: expected a three-letter currency code (e.g. USD), found "usd"']],
  ])('rejects %s', (_what, yaml, expected) => {
    expect(problems(`groups: ${yaml}\n`)).toEqual(expected);
  });
});

describe('groups: allocation', () => {
  it('reads a weight per direct member, PM or group, when the fixed capitals are in those proportions', () => {
    const groups = parse(`groups:
  - { id: top, groups: [pair], pms: [macro], allocation: { pair: 2, macro: 1 } }
  - { id: pair, pms: [trend, carry], allocation: { trend: 0.5, carry: 0.5 } }
`).groups;
    expect(groups.map((g) => [g.id, g.allocation])).toEqual([['top', { pair: '2', macro: '1' }], ['pair', { trend: '0.5', carry: '0.5' }]]);
  });

  it('accepts custom firm weights in the group\'s proportions, and any target when a method moves the weights', () => {
    const custom = parse(`allocation: { method: custom, weights: { trend: 0.35, carry: 0.15, macro: 0.5 } }
groups: [ { id: client-a, pms: [trend, carry], allocation: { trend: 0.7, carry: 0.3 } } ]
`);
    expect(custom.groups[0]!.allocation).toEqual({ trend: '0.7', carry: '0.3' });
    expect(problems(`allocation: { method: inverse_vol }
groups: [ { id: client-a, pms: [trend, carry], allocation: { trend: 0.7, carry: 0.3 } } ]
`)).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    ['a weight for a PM not in the group', '[ { id: g, pms: [trend, carry], allocation: { trend: 1, carry: 1, macro: 1 } } ]', ['groups[0].allocation.macro: not a member of group g (its members: trend, carry)']],
    ['a member without a weight', '[ { id: g, pms: [trend, carry], allocation: { trend: 1 } } ]', ['groups[0].allocation: missing a weight for carry (every member of the group needs one)']],
    ['a weight that is not positive', '[ { id: g, pms: [trend, carry], allocation: { trend: 1, carry: 0 } } ]', ['groups[0].allocation.carry: expected a positive decimal, found 0']],
    ['members that share a PM', '[ { id: g, groups: [h], pms: [trend], allocation: { h: 1, trend: 1 } }, { id: h, pms: [trend, carry] } ]', ['groups[0].allocation: PM trend is in both trend and h: an allocation splits the group\'s capital among members that do not overlap']],
    [
      'fixed capitals out of proportion (the seeds\' client_a: 0.7 / 0.3 of two PMs of equal capital)',
      '[ { id: client-a, pms: [trend, carry], allocation: { trend: 0.7, carry: 0.3 } } ]',
      ['groups[0].allocation: PM capitals are fixed (allocation has no method) and give trend 50% of group client-a, not the 70% its allocation asks: give the members capitals trend 1400000, carry 600000 (a group\'s PMs together), or set allocation.method'],
    ],
  ])('rejects %s', (_what, yaml, expected) => {
    expect(problems(`groups: ${yaml}\n`)).toEqual(expected);
  });

  it('rejects custom firm weights out of the group\'s proportions', () => {
    expect(problems(`allocation: { method: custom, weights: { trend: 1, carry: 1, macro: 1 } }
groups: [ { id: client-a, pms: [trend, carry], allocation: { trend: 0.7, carry: 0.3 } } ]
`)).toEqual(['groups[0].allocation: allocation.weights (method custom) give trend 50% of group client-a\'s weight, not the 70% its allocation asks: give its members weights in the group\'s proportions']);
  });
});

describe('groups of a run limited to a tag', () => {
  it('keep their members among the PMs run, and a group left empty goes, with the references to it', () => {
    const config = parseConfig(BASE.replace('- { id: carry }', '- { id: carry, tags: [x] }').replace('- { id: macro }', '- { id: macro, tags: [x] }') + `groups:
  - { id: top, groups: [a, b], pms: [trend] }
  - { id: a, pms: [trend] }
  - { id: b, pms: [carry, macro] }
`, { baseDir: '/tmp' });
    const groups = selectPmsByTag(config, 'x').groups;
    expect(groups.map((g) => [g.id, g.groups, g.members])).toEqual([['top', ['b'], ['carry', 'macro']], ['b', [], ['carry', 'macro']]]);
  });

  it('keep the weights of the members still there in an allocation', () => {
    const config = parseConfig(BASE.replace('- { id: carry }', '- { id: carry, tags: [x] }').replace('- { id: macro }', '- { id: macro, tags: [x] }') + `allocation: { method: equal_weight }
groups:
  - { id: top, pms: [trend, carry, macro], allocation: { trend: 1, carry: 2, macro: 3 } }
  - { id: solo, pms: [trend], allocation: { trend: 1 } }
`, { baseDir: '/tmp' });
    expect(selectPmsByTag(config, 'x').groups.map((g) => [g.id, g.allocation])).toEqual([['top', { carry: '2', macro: '3' }]]);
  });
});
