import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue } from './config-error.js';
import { parseConfigObject } from './parse-config.js';

const base = (risk: unknown, limits: unknown = undefined) => ({
  firm: { id: 'demo', capital: 1000000 },
  data: { source: 'synthetic', start: '2020-01-01', end: '2020-03-31', symbols: ['AAPL', 'MSFT'] },
  ...(risk === undefined ? {} : { risk }),
  pms: [{ id: 'pm-a', ...(limits === undefined ? {} : { limits }) }],
});

function problems(config: unknown): string[] {
  try {
    parseConfigObject(config, { baseDir: '/' });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map(formatConfigIssue);
  }
}

describe('risk config', () => {
  it('reads every firm limit, on_breach and sequencing, and PM max_leverage', () => {
    const c = parseConfigObject(
      base(
        {
          firm: {
            max_gross_exposure: 2e6, max_net_exposure: '1e6', max_single_name_pct: 10, max_single_name_notional: 150000, max_sector_pct: 25,
            max_order_notional: 50000, max_adv_pct: 5, restricted_symbols: ['MSFT', 'AAPL', 'MSFT'], max_orders_per_step: 20, max_drawdown_pct: 15,
          },
          on_breach: 'scale',
          sequencing: 'arrival',
          scale_by_weight: ['single_name', 'gross', 'gross'],
        },
        { max_leverage: 1.5 },
      ),
      { baseDir: '/' },
    );
    expect(c.risk).toStrictEqual({
      firm: {
        maxGrossExposure: '2000000', maxNetExposure: '1000000', maxSingleNamePct: '10', maxSingleNameNotional: '150000', maxSectorPct: '25',
        maxOrderNotional: '50000', maxAdvPct: '5', restrictedSymbols: ['AAPL', 'MSFT'], maxOrdersPerStep: 20, maxDrawdownPct: '15',
      },
      timeoutMs: 5000,
      onBreach: 'scale',
      sequencing: 'arrival',
      scaleByWeight: ['gross', 'single_name'],
    });
    expect(c.pms[0]!.limits).toStrictEqual({ maxLeverage: '1.5' });
  });

  it('defaults to deny and pm_order, and leaves max_leverage to its documented default', () => {
    const c = parseConfigObject(base(undefined), { baseDir: '/' });
    expect([c.risk.onBreach, c.risk.sequencing, c.pms[0]!.limits.maxLeverage]).toStrictEqual(['deny', 'pm_order', undefined]);
  });

  it.each([
    ['a zero single-name notional', { firm: { max_single_name_notional: 0 } }, undefined, 'risk.firm.max_single_name_notional: expected a positive decimal, found 0'],
    ['a sector percentage over 100', { firm: { max_sector_pct: 120 } }, undefined, 'risk.firm.max_sector_pct: expected a percentage in (0, 100], found 120'],
    ['a text ADV percentage', { firm: { max_adv_pct: 'lots' } }, undefined, 'risk.firm.max_adv_pct: expected a percentage in (0, 100], found "lots"'],
    ['a restricted list that is not a list', { firm: { restricted_symbols: 'AAPL' } }, undefined, 'risk.firm.restricted_symbols: expected a list, found "AAPL"'],
    ['a bad restricted symbol', { firm: { restricted_symbols: ['AAPL', 'NO SPACE'] } }, undefined, 'risk.firm.restricted_symbols[1]: expected a symbol matching [A-Za-z0-9._^-]{1,32}, found "NO SPACE"'],
    ['a fractional order count', { firm: { max_orders_per_step: 2.5 } }, undefined, 'risk.firm.max_orders_per_step: expected a positive integer, found 2.5'],
    ['a zero firm drawdown', { firm: { max_drawdown_pct: 0 } }, undefined, 'risk.firm.max_drawdown_pct: expected a percentage in (0, 100], found 0'],
    ['an unknown on_breach', { on_breach: 'clip' }, undefined, 'risk.on_breach: expected deny or scale, found "clip"'],
    ['an unknown sequencing', { sequencing: 'fifo' }, undefined, 'risk.sequencing: expected pm_order or arrival, found "fifo"'],
    ['an unknown weight-scaled limit', { scale_by_weight: ['gross', 'sector'] }, undefined, 'risk.scale_by_weight[1]: expected one of gross, net, single_name, found "sector"'],
    ['a misspelt firm limit', { firm: { max_sector_pc: 5 } }, undefined, 'risk.firm.max_sector_pc: unknown key (did you mean max_sector_pct?)'],
    ['a zero PM leverage', undefined, { max_leverage: 0 }, 'pms[0].limits.max_leverage: expected a positive decimal, found 0'],
    ['a misspelt PM leverage', undefined, { max_levrage: 2 }, 'pms[0].limits.max_levrage: unknown key (did you mean max_leverage?)'],
  ])('reports %s with its path', (_what, risk, limits, line) => {
    expect(problems(base(risk, limits))).toStrictEqual([line]);
  });
});
