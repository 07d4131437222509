import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { CrossPortfolioAnalytics, analyticsLayout, D, decText, ZERO, type StepBar } from '@atrium/domain';
import { decodeMessage, type Bodies } from '@atrium/wire';
import { Bus, loadConfigFile, rootLogger, subjectsFor } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { tempDir, testBroker, writeTemp, type TestBroker } from '@atrium/testkit';

const FIRM = 'e2eanalytics';
const CONFIG = `
firm: { id: ${FIRM}, capital: 4000000 }
data: { source: synthetic, seed: 21, start: 2016-01-01, end: 2017-03-31 }
execution: { slippage_bps: 5, commission: { per_share: 0.005 } }
allocation: { method: inverse_vol, rebalance: monthly, lookback: 20 }
analytics:
  correlation: { window: 60, min_periods: 20, alert_threshold: 0.6, change_threshold: 0.5, levels: [pm, account, strategy] }
pms:
  - id: trend
    capital: 1000000
    strategies:
      - { id: fast, type: sma_crossover, symbols: [TECH1, TECH2], params: { fast: 5, slow: 20 }, sizing: { type: percent_equity, percent: 10 } }
      - { id: slow, type: sma_crossover, symbols: [TECH1, TECH3], params: { fast: 10, slow: 40 }, sizing: { type: percent_equity, percent: 8 } }
    accounts: [ { id: pension, capital: 600000 }, { id: endowment, capital: 400000 } ]
  - id: momentum
    capital: 1000000
    strategies:
      - { id: mom, type: momentum, symbols: [TECH1, TECH2, TECH3], params: { fast_period: 5, slow_period: 30 }, sizing: { type: percent_equity, percent: 10 } }
  - id: reversion
    capital: 1000000
    strategies:
      - { id: mr, type: mean_reversion, symbols: [FIN1, FIN2], params: { lookback: 15, entry_threshold: 1, allow_short: true }, sizing: { type: percent_equity, percent: 8 } }
  - id: energy
    capital: 1000000
    strategies:
      - { id: sma, type: sma_crossover, symbols: [ENGY1, ENGY2], params: { fast: 5, slow: 25 }, sizing: { type: percent_equity, percent: 10 } }
groups:
  - { id: tech, name: Tech team, pms: [trend, momentum], allocation: { trend: 1, momentum: 1 } }
  - { id: everyone, groups: [tech], pms: [reversion, energy], client: Acme }
`;

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const sumPnl = (rows: { pnl: string }[]) => decText(rows.reduce((s, r) => s.plus(r.pnl), ZERO));

/** Feeds the run record to the cross-portfolio tracker the analytics actor runs, step by step. */
function replayBreaks(r: BacktestResult): string[] {
  const config = loadConfigFile(r.run.config as string);
  const tracker = new CrossPortfolioAnalytics(analyticsLayout(config));
  const out: string[] = [];
  for (let t = 0; t < r.record.totalSteps; t++) {
    const bars = new Map<string, StepBar>(r.record.bars[t]!.map((b) => [b.symbol, { open: new D(b.open), close: new D(b.close) }]));
    const pmReturns = new Map(config.pms.map((p) => [p.id, r.record.pmSteps.get(p.id)![t]!.stepReturn]));
    const accountEquity = new Map(config.pms.flatMap((p) => p.accounts.map((a) => [`${p.id}/${a.id}`, new D(r.record.accountSteps.get(`${p.id}/${a.id}`)![t]!.equity)] as const)));
    const signals = r.record.strategySignals.filter((s) => s.step === t).map((s) => ({ pmId: s.pmId, strategyId: s.strategyId, symbol: s.symbol, targetQty: new D(s.targetQty) }));
    for (const b of tracker.step({ step: t, date: r.record.dates[t]!, bars, pmReturns, accountEquity, signals })) out.push(`${b.step} ${b.level} ${b.a} ${b.b} ${b.kind} ${b.correlation}`);
  }
  return out.sort();
}

const key = (b: Bodies['correlationBreak']) => `${b.step} ${b.level} ${b.a} ${b.b} ${b.kind} ${b.correlation}`;

describe('cross-portfolio analytics over NATS, with analytics in its own process', () => {
  let broker: TestBroker;
  let observer: Bus;
  let result: BacktestResult;
  const published: Bodies['correlationBreak'][] = [];
  let summary: Record<string, any>;

  beforeAll(async () => {
    broker = await testBroker();
    const log = rootLogger('warn');
    observer = await Bus.connect({ url: broker.url, name: 'test observer', log });
    observer.nc.subscribe(subjectsFor(FIRM).analyticsCorrelationBreak, {
      callback: (_e, m) => {
        const msg = decodeMessage(m.data);
        if (msg.kind === 'correlationBreak') published.push(msg.body);
      },
    });
    await observer.flush();
    const config = loadConfigFile(writeTemp('firm.yaml', CONFIG));
    result = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url, separate: ['analytics'] });
    await observer.flush();
    summary = JSON.parse(result.files.get('summary.json')!);
  }, 180_000);

  afterAll(async () => {
    await observer?.close();
    await broker?.stop();
  });

  it('publishes correlation breaks on inst.<firm>.analytics.evt.correlation_break, the same the report lists', () => {
    expect(published.length).toBeGreaterThan(3);
    expect(new Set(published.map((b) => b.level))).toEqual(new Set(['pm', 'account', 'strategy']));
    expect(published.map(key).sort()).toEqual(result.record.correlationBreaks.map(key).sort());
    expect(summary.analytics.correlation.breaks).toHaveLength(published.length);
    expect(result.files.get('firm/correlation_breaks.csv')!.trim().split('\n')).toHaveLength(published.length + 1);
  });

  it('publishes exactly the breaks the tracker finds when it is fed the run record', () => {
    expect(published.map(key).sort()).toEqual(replayBreaks(result));
  });

  it('attributes the firm\'s, each group\'s and each PM\'s P&L exactly, by every cut', () => {
    const a = summary.analytics.attribution;
    const firmPnl = decText(new D(summary.firm.final_equity).minus(summary.firm.capital));
    for (const dim of ['by_pm', 'by_strategy', 'by_symbol', 'by_sector']) expect(sumPnl(a[dim]), dim).toBe(firmPnl);
    expect(a.by_symbol.map((r: { symbol: string }) => r.symbol)).not.toContain('(unexplained)');
    for (const level of [...Object.values<any>(summary.pms), ...Object.values<any>(summary.groups)]) {
      for (const dim of ['by_pm', 'by_strategy', 'by_symbol', 'by_sector']) expect(sumPnl(level.attribution[dim])).toBe(level.attribution.total_pnl);
    }
    expect(summary.groups.everyone.members).toEqual(['trend', 'momentum', 'reversion', 'energy']);
    expect(summary.groups.everyone.attribution.total_pnl).toBe(firmPnl);
  });

  it('keeps the group of every PM equal to the firm at every close, to the last digit, while allocation moves capital between them', () => {
    expect(summary.allocation.weights.length).toBeGreaterThan(5);
    expect(Object.values<{ capital_initial: string; capital_final: string }>(summary.pms).some((p) => p.capital_final !== p.capital_initial)).toBe(true);
    expect(result.files.get('groups/everyone/equity.csv')).toBe(result.files.get('firm/equity.csv'));
    expect(summary.groups.everyone.final_equity).toBe(summary.firm.final_equity);
    // every decision hands out the firm's equity whole
    for (const w of summary.allocation.weights) expect(decText(Object.values<string>(w.capital).reduce((s, c) => s.plus(c), ZERO))).toBe(w.firm_equity);
  });

  it('shows how a group\'s capital is split among its members over time, against its allocation', () => {
    const tech = summary.groups.tech;
    expect(tech.allocation).toEqual({ trend: 0.5, momentum: 0.5 });
    expect(tech.capital_weights.start).toEqual({ trend: 0.5, momentum: 0.5 });
    expect(tech.capital_weights.end.trend + tech.capital_weights.end.momentum).toBeCloseTo(1, 12);
    expect(tech.capital_weights.max_drift).toBeGreaterThan(0);
    expect(Object.keys(summary.groups.everyone.capital_weights.end)).toEqual(['reversion', 'energy', 'tech']);
  });

  it('reports the figures of every level: VaR, diversification, exposure by sector', () => {
    expect(summary.firm.var_99).toBeGreaterThanOrEqual(summary.firm.var_95);
    expect(summary.firm.es_95).toBeGreaterThanOrEqual(summary.firm.var_95);
    expect(summary.analytics.risk.diversification_ratio).toBeGreaterThan(1);
    expect(summary.analytics.risk.exposure.by_sector.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['technology']));
    expect(Object.keys(summary.pms.trend.strategies)).toEqual(['fast', 'slow']);
  });

  describe(hasChromium ? 'the reports in headless Chromium' : `the reports in headless Chromium (skipped: ${CHROMIUM} is not installed; apt-get install -y chromium)`, () => {
    let context: BrowserContext;
    const shots = tempDir('atrium-report-shots-');

    beforeAll(async () => {
      if (!hasChromium) return;
      context = await chromium.launchPersistentContext(tempDir('atrium-chromium-'), {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1100, height: 900 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 60_000);

    afterAll(async () => {
      await context?.close();
    });

    /** Opens a report, and returns its problems (console errors, failed requests), series counts and drawn sizes. */
    async function open(rel: string, shot: string) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      // every file is self-contained: a request for anything but the page itself is a fault
      page.on('request', (r) => {
        if (r.url() !== `file://${join(result.outDir, rel)}`) problems.push(`request: ${r.url()}`);
      });
      await page.goto(`file://${join(result.outDir, rel)}`);
      const charts = await page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('svg[data-chart]')].map((svg) => {
            const box = svg.getBoundingClientRect();
            const lines = [...svg.querySelectorAll<SVGPolylineElement>('polyline.series')];
            return [svg.getAttribute('data-chart'), {
              series: lines.length,
              cells: svg.querySelectorAll('rect.cell').length,
              bars: svg.querySelectorAll('rect.bar').length,
              drawn: box.width > 100 && box.height > 40 && lines.every((l) => l.getTotalLength() > 0),
            }];
          }),
        ),
      );
      const tables = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('table[id]')].map((t) => [t.id, t.querySelectorAll('tbody tr').length])));
      const path = join(shots, shot);
      await page.screenshot({ path, fullPage: true });
      await page.close();
      return { problems, charts, tables, path };
    }

    it.skipIf(!hasChromium)('renders the consolidated report: every chart drawn, one series per PM, heatmaps of every level', async () => {
      const r = await open('report.html', 'consolidated.png');
      expect(r.problems).toEqual([]);
      const c = r.charts;
      for (const [id, chart] of Object.entries(c)) expect(chart.drawn, id).toBe(true);
      for (const id of ['firm-equity', 'firm-drawdown']) expect(c[id]!.series, id).toBe(1);
      expect(c['firm-exposure']!.series).toBe(2);
      for (const id of ['pm-returns', 'pm-equity', 'pm-pnl', 'allocation-weights']) expect(c[id]!.series, id).toBe(4);
      expect(c['group-returns']!.series).toBe(2);
      expect(c['corr-pm-pairs']!.series).toBe(6);
      expect(c['corr-pm-full']!.cells).toBe(16);
      expect(c['corr-pm-rolling']!.cells).toBe(16);
      expect(c['corr-account-rolling']!.cells).toBe(25);
      expect(c['corr-strategy-rolling']!.cells).toBe(25);
      expect(c['firm-attr-pm']!.bars).toBe(4);
      expect(c['firm-attr-strategy']!.bars).toBe(5 + 4);
      expect(r.tables['pm-comparison']).toBe(4);
      expect(r.tables['group-comparison']).toBe(2);
      expect(r.tables['correlation-breaks']).toBe(Math.min(200, published.length));
      expect(r.tables['firm-monthly-returns']).toBe(2);
      const firmTrades = result.files.get('firm/trades.csv')!.trim().split('\n').length - 1;
      expect(r.tables['firm-trades']).toBe(Math.min(200, firmTrades));
      console.log(`screenshot: ${r.path}`);
    });

    it.skipIf(!hasChromium)('renders a PM report and a group report', async () => {
      const pm = await open('trend/report.html', 'pm-trend.png');
      expect(pm.problems).toEqual([]);
      for (const [id, chart] of Object.entries(pm.charts)) expect(chart.drawn, id).toBe(true);
      expect([pm.charts.equity!.series, pm.charts.drawdown!.series, pm.charts.exposure!.series]).toEqual([1, 1, 2]);
      expect(pm.charts['strategy-pnl']!.series).toBe(2);
      expect(pm.charts['account-equity']!.series).toBe(2);
      expect(pm.tables['strategy-comparison']).toBe(2);
      expect(pm.tables['monthly-returns']).toBe(2);
      const group = await open('groups/everyone/report.html', 'group-everyone.png');
      expect(group.problems).toEqual([]);
      expect(group.charts['member-returns']!.series).toBe(4);
      expect(group.charts['member-correlation']!.cells).toBe(16);
      expect(group.tables['member-comparison']).toBe(4);
      expect(group.charts['member-weights']!.series).toBe(3);
      expect(group.tables['member-allocation']).toBe(3);
      const tech = await open('groups/tech/report.html', 'group-tech.png');
      expect(tech.problems).toEqual([]);
      expect(tech.charts['member-weights']!.series).toBe(2);
      expect(tech.tables['member-allocation']).toBe(2);
      console.log(`screenshots: ${pm.path} ${group.path} ${tech.path}`);
    });
  });
});
