import { describe, expect, it } from 'vitest';
import { D, decText, ZERO } from '@atrium/domain';
import { syntheticRun } from '../session/synthetic-record.js';
import { buildReports, IncompleteRunError, type ReportSection } from './build.js';
import { SectionConflictError } from './sections.js';

// A deterministic run record without a broker: 6 PMs (2 accounts, 2 strategies each) over 260
// steps, two teams and a group of both teams.
const run = syntheticRun({ pms: 6, steps: 260, groups: true, seed: 4 });
const files = buildReports(run.config, run.record, run.data);
const summary = JSON.parse(files.get('summary.json')!);
const sum = (rows: { pnl: string }[]) => decText(rows.reduce((s, r) => s.plus(r.pnl), ZERO));
const equityCsv = (path: string) => files.get(path)!.trim().split('\n').slice(1).map((l) => new D(l.split(',')[1]!));

const PERFORMANCE_KEYS = [
  'final_equity', 'total_return', 'cagr', 'annual_volatility', 'sharpe', 'sortino', 'max_drawdown', 'calmar', 'round_trips', 'fills',
  'hit_rate', 'turnover', 'avg_gross_exposure', 'avg_net_exposure', 'best_day', 'best_day_date', 'worst_day', 'worst_day_date',
  'var_95', 'es_95', 'var_99', 'es_99',
];

describe('buildReports', () => {
  it('splits the firm P&L by PM, strategy, symbol and sector, each summing exactly to it', () => {
    const a = summary.analytics.attribution;
    const firmPnl = decText(new D(summary.firm.final_equity).minus(summary.firm.capital));
    expect(a.total_pnl).toBe(firmPnl);
    for (const dim of ['by_pm', 'by_strategy', 'by_symbol', 'by_sector']) expect(sum(a[dim]), dim).toBe(firmPnl);
    // the record is whole: every symbol's P&L is explained
    expect(a.by_symbol.map((r: { symbol: string }) => r.symbol)).not.toContain('(unexplained)');
    // a strategy row per configured strategy, and one residual per PM
    expect(a.by_strategy).toHaveLength(6 * 3);
  });

  it('splits each PM\'s and each group\'s P&L the same way, each summing to its own', () => {
    for (const [id, pm] of Object.entries<{ attribution: { total_pnl: string; [k: string]: unknown } }>(summary.pms)) {
      const steps = run.record.pmSteps.get(id)!;
      const total = decText(steps.reduce((s, x) => s.plus(x.pnl), ZERO));
      expect(pm.attribution.total_pnl, id).toBe(total);
      for (const dim of ['by_strategy', 'by_symbol', 'by_sector']) expect(sum(pm.attribution[dim] as { pnl: string }[]), `${id} ${dim}`).toBe(total);
    }
    for (const [id, g] of Object.entries<{ members: string[]; attribution: { total_pnl: string; by_pm: { pm: string; pnl: string }[] } }>(summary.groups)) {
      const total = decText(g.members.reduce((s, m) => s.plus(summary.pms[m].attribution.total_pnl), ZERO));
      expect(g.attribution.total_pnl, id).toBe(total);
      expect(g.attribution.by_pm.map((r) => r.pm)).toEqual(g.members);
    }
  });

  it('gives a strategy a P&L that is its paper book\'s final equity over its capital', () => {
    for (const s of Object.values<{ pnl: string; final_equity: string }>(summary.pms['pm-001'].strategies)) {
      expect(decText(new D(s.final_equity).minus('1000000'))).toBe(s.pnl);
    }
  });

  it('makes a group\'s equity the sum of its members\' at every close', () => {
    const team = equityCsv('groups/team-1/equity.csv');
    const members = summary.groups['team-1'].members.map((m: string) => equityCsv(`${m}/equity.csv`));
    team.forEach((e, t) => expect(decText(e)).toBe(decText(members.reduce((s: D, m: D[]) => s.plus(m[t]!), ZERO))));
    expect(summary.groups['all-teams'].members).toHaveLength(6);
    expect(summary.groups['all-teams'].final_equity).toBe(summary.firm.final_equity);
  });

  it('shows the firm\'s most recent block orders on the consolidated page, with their count and the CSV', () => {
    const html = files.get('report.html')!;
    const rows = files.get('firm/trades.csv')!.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(200);
    expect(html).toContain(`<h2>Trades</h2><p class="note">${rows.length.toLocaleString('en-US')} block orders filled (every PM's); the last 200 shown, all in <a href="firm/trades.csv">firm/trades.csv</a></p>`);
    const table = html.slice(html.indexOf('<table id="firm-trades">'), html.indexOf('</table>', html.indexOf('<table id="firm-trades">')));
    const shown = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]).join(','));
    expect(shown).toEqual(rows.slice(-200));
  });

  it('writes equity, trades and performance at every level, and a report for each PM, account and group', () => {
    const expected = [
      'summary.json', 'report.html', 'firm/equity.csv', 'firm/trades.csv', 'firm/performance.json', 'firm/exposure.csv', 'firm/decisions.csv', 'firm/attribution.csv',
      'firm/correlation_breaks.csv', 'firm/exposure_by_symbol.csv', 'firm/exposure_by_sector.csv',
      'pm-002/report.html', 'pm-002/equity.csv', 'pm-002/trades.csv', 'pm-002/positions.csv', 'pm-002/performance.json',
      'pm-002/accounts/a2/report.html', 'pm-002/accounts/a2/equity.csv', 'pm-002/accounts/a2/trades.csv',
      'pm-002/strategies/s1/equity.csv', 'pm-002/strategies/s1/trades.csv', 'pm-002/strategies/s1/performance.json',
      'groups/all-teams/report.html', 'groups/all-teams/equity.csv', 'groups/all-teams/trades.csv', 'groups/all-teams/performance.json',
    ];
    for (const f of expected) expect(files.has(f), f).toBe(true);
    for (const f of ['pm-002', 'pm-002/strategies/s2', 'groups/team-2', 'firm']) {
      expect(Object.keys(JSON.parse(files.get(`${f}/performance.json`)!)), f).toEqual(PERFORMANCE_KEYS);
    }
    // an account's section (tax lots) adds its keys after the built-in ones
    expect(Object.keys(JSON.parse(files.get('pm-002/accounts/a1/performance.json')!))).toEqual([...PERFORMANCE_KEYS, 'realized_pnl', 'unrealized_pnl']);
    expect(files.get('groups/team-1/trades.csv')!.split('\n')[0]).toBe('date,pm,order_id,symbol,side,qty,avg_price,commission');
    expect(files.get('pm-001/strategies/s1/trades.csv')!.split('\n')[0]).toBe('date,symbol,side,qty,price');
  });

  it('keeps the summary keys users read, and adds the analytics', () => {
    expect(Object.keys(summary)).toEqual(['firm', 'pms', 'groups', 'correlation', 'allocation', 'risk', 'by_tag', 'orders', 'data', 'analytics']);
    expect(Object.keys(summary.analytics)).toEqual(['correlation', 'attribution', 'risk']);
    expect(summary.correlation.ids).toEqual(run.config.pms.map((p) => p.id));
    expect(Object.keys(summary.analytics.correlation.rolling)).toEqual(['pm', 'account', 'strategy']);
    expect(summary.analytics.correlation.rolling.strategy.ids).toHaveLength(12);
  });

  it('gives the same bytes for the same record', () => {
    const again = buildReports(run.config, run.record, run.data);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [k, v] of files) expect(again.get(k), k).toBe(v);
  });

  it('lets a section module add HTML, summary and performance keys and files to every level', () => {
    const section: ReportSection = {
      id: 'test-section',
      firm: (ctx) => ({ html: '<h2>Limits</h2>', summary: { limits: { pms: ctx.model.pms.length } }, performance: { limit_breaches: 0 }, files: new Map([['firm/limits.csv', 'a\n']]) }),
      pm: (_ctx, pm) => ({ html: `<h2>PM section ${pm.config.id}</h2>`, summary: { pm_extra: pm.config.id } }),
      account: (_ctx, _pm, a) => ({ html: '<h2>Lots</h2>', performance: { realized_pnl: '0' }, summary: { lots: a.config.id } }),
      group: (_ctx, g) => ({ summary: { group_extra: g.config.members.length } }),
    };
    const out = buildReports(run.config, run.record, run.data, [section]);
    const s = JSON.parse(out.get('summary.json')!);
    expect(s.limits).toEqual({ pms: 6 });
    expect(s.firm.limit_breaches).toBe(0);
    expect(JSON.parse(out.get('firm/performance.json')!).limit_breaches).toBe(0);
    expect(s.pms['pm-003'].pm_extra).toBe('pm-003');
    expect(s.pms['pm-003'].accounts.a1).toMatchObject({ lots: 'a1', realized_pnl: '0' });
    expect(JSON.parse(out.get('pm-003/accounts/a1/performance.json')!).realized_pnl).toBe('0');
    expect(s.groups['team-2'].group_extra).toBe(1);
    expect(out.get('firm/limits.csv')).toBe('a\n');
    expect(out.get('report.html')).toContain('<h2>Limits</h2>');
    expect(out.get('pm-003/report.html')).toContain('<h2>PM section pm-003</h2>');
    // before the positions and trades of the page
    const pmHtml = out.get('pm-003/accounts/a1/report.html')!;
    expect(pmHtml.indexOf('<h2>Lots</h2>')).toBeLessThan(pmHtml.indexOf('<h2>Positions at the end</h2>'));
  });

  it.each<[string, ReportSection]>([
    ['a summary key the report has', { id: 'x', pm: () => ({ summary: { sharpe: 1 } }) }],
    ['a performance key the report has', { id: 'x', account: () => ({ performance: { fills: 1 } }) }],
    ['a top-level key of summary.json', { id: 'x', firm: () => ({ summary: { risk: {} } }) }],
    ['a file already written', { id: 'x', firm: () => ({ files: new Map([['firm/equity.csv', '']]) }) }],
  ])('refuses a section that would overwrite %s', (_what, section) => {
    expect(() => buildReports(run.config, run.record, run.data, [section])).toThrow(SectionConflictError);
  });

  describe('when allocation moves capital between PMs', () => {
    const moved = syntheticRun({ pms: 6, steps: 260, groups: true, seed: 4, rebalanceEvery: 21 });
    const out = buildReports(moved.config, moved.record, moved.data);
    const s = JSON.parse(out.get('summary.json')!);
    const capitalAt = (pm: string, t: number) => new D(moved.record.pmSteps.get(pm)![t]!.capital);

    it('moves capital (the test is worth something)', () => {
      expect(moved.record.weights.length).toBeGreaterThan(10);
      expect(s.pms['pm-001'].capital_final).not.toBe('1000000');
    });

    it('keeps a group of every PM equal to the firm, to the last digit, at every close', () => {
      expect(out.get('groups/all-teams/equity.csv')).toBe(out.get('firm/equity.csv'));
      expect(s.groups['all-teams'].final_equity).toBe(s.firm.final_equity);
      // and a group's equity is still its members' sum, flows included
      const team = out.get('groups/team-2/equity.csv')!.trim().split('\n').slice(1).map((l) => l.split(',')[1]);
      team.forEach((e, t) => expect(e).toBe(decText(s.groups['team-2'].members.reduce((x: D, m: string) => x.plus(moved.record.pmSteps.get(m)![t]!.equity), ZERO))));
    });

    it('shows each member\'s share of the group\'s capital over time, from the capital allocation set', () => {
      const last = moved.record.totalSteps - 1;
      for (const [id, g] of Object.entries<{ members: string[]; pms: string[]; groups: string[]; capital_weights: { start: Record<string, number>; end: Record<string, number> } }>(s.groups)) {
        const direct = [...g.pms.map((p) => [p, [p]] as const), ...g.groups.map((x) => [x, s.groups[x].members as string[]] as const)];
        const total = g.members.reduce((x, m) => x.plus(capitalAt(m, last)), ZERO);
        for (const [m, pms] of direct) expect(g.capital_weights.end[m], `${id} ${m}`).toBeCloseTo(pms.reduce((x, p) => x.plus(capitalAt(p, last)), ZERO).div(total).toNumber(), 12);
        expect(Object.values(g.capital_weights.start).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
      expect(s.groups['all-teams'].capital_weights.start).toEqual({ 'team-1': 5 / 6, 'team-2': 1 / 6 });
      const page = out.get('groups/team-1/report.html')!;
      expect(page).toContain('<h2>Capital</h2>');
      expect((page.match(/<polyline class="series"/g) ?? []).length).toBeGreaterThan(0);
      expect(page).toMatch(/data-chart="member-weights"[^]*?(<polyline class="series" data-series="pm-00\d"[^]*?){5}<\/svg>/);
    });

    it('measures a group\'s allocation against its target: the largest drift of any member', () => {
      const config = { ...moved.config, groups: moved.config.groups.map((g) => (g.id === 'team-1' ? { ...g, allocation: { 'pm-001': '2', 'pm-002': '2', 'pm-003': '2', 'pm-004': '2', 'pm-005': '2' } } : g)) };
      const team = JSON.parse(buildReports(config, moved.record, moved.data).get('summary.json')!).groups['team-1'];
      expect(team.allocation).toEqual({ 'pm-001': 0.2, 'pm-002': 0.2, 'pm-003': 0.2, 'pm-004': 0.2, 'pm-005': 0.2 });
      let worst = 0;
      for (let t = 0; t < moved.record.totalSteps; t++) {
        const total = team.members.reduce((x: D, m: string) => x.plus(capitalAt(m, t)), ZERO);
        for (const m of team.members) worst = Math.max(worst, Math.abs(capitalAt(m, t).div(total).toNumber() - 0.2));
      }
      expect(worst).toBeGreaterThan(0.01);
      expect(team.capital_weights.max_drift).toBeCloseTo(worst, 12);
      expect(team.capital_weights.max_drift_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  });

  it('refuses a record with a missing step', () => {
    const steps = run.record.pmSteps.get('pm-002')!;
    const record = { ...run.record, pmSteps: new Map([...run.record.pmSteps, ['pm-002', steps.slice(0, 100)]]) };
    expect(() => buildReports(run.config, record, run.data)).toThrow(IncompleteRunError);
  });
});
