/**
 * Every report file of a finished session, built from its run record (pure, byte-identical for
 * the same record): per level — the firm, each PM, account, strategy and group — equity.csv,
 * trades.csv, performance.json (and positions.csv, report.html where the level has them); the
 * consolidated report.html and summary.json; firm/ holds the firm-wide CSVs.
 *
 * How it fits together: model.ts computes everything once (RunModel: every level's Portfolio,
 * attribution, correlation replay, risk consolidation); the *-page.ts files turn it into HTML;
 * this file writes the files and summary.json.
 *
 * Adding a report section (risk limits, allocation shares, tax lots, ...): write a module in
 * this folder that exports a `ReportSection` (sections.ts) — optional pure functions `firm`,
 * `pm`, `account` and `group`, each given the ReportContext (config, record, data facts and the
 * RunModel) and returning `{ html?, summary?, performance?, files? }` — and add it to SECTIONS
 * below. Its `html` goes on that level's page after the built-in content (before positions and
 * trades; on the consolidated page before its trades and the data warnings); `summary` keys join
 * the level's entry in summary.json (the firm's section: the top level of summary.json);
 * `performance` keys join the level's performance.json and its summary entry; `files` are
 * written as given. A key or file that already exists is a SectionConflictError, so sections
 * cannot overwrite each other or the built-in keys.
 */
import { decText, type AtriumConfig } from '@atrium/domain';
import type { RunRecord } from '../session/collector.js';
import { attributionHtml, attributionJson } from './attribution.js';
import { breakRows, breaksJson } from './correlation.js';
import { csv, json } from './csv.js';
import { cancelsByReason, weightsJson } from './run-summary.js';
import { firmPage } from './firm-page.js';
import { metaLine, money, named } from './format.js';
import { section } from './html.js';
import { buildModel } from './model.js';
import { comparisonTable, cumulative, portfolioPage } from './portfolio-page.js';
import { performanceJson, type Portfolio } from './portfolio.js';
import { exposureCsvRows, riskJson, tailRiskTable } from './risk.js';
import { buildRiskReport } from './risk-report.js';
import { allocationReport } from './allocation-report.js';
import { groupCapitalWeights, groupCapitalWeightsHtml, groupCapitalWeightsJson } from './group-allocation.js';
import { accountBooksSection, pmBenchmarkSection } from './section-modules.js';
import { tagsHtml, tagsSummary } from './tags-report.js';
import { collectSections, type DataFacts, type ReportContext, type ReportSection } from './sections.js';
import { heatmap, lineChart } from './svg.js';

export { IncompleteRunError } from './model.js';
export type { DataFacts, ReportContext, ReportSection, SectionOutput } from './sections.js';

/** Report section modules, in page order (see the comment at the top of this file). */
const SECTIONS: readonly ReportSection[] = [accountBooksSection, pmBenchmarkSection];

const period = (dates: readonly string[]) => `${dates[0]} to ${dates.at(-1)}`;

const levelFiles = (dir: string, page: boolean) => ['equity.csv', 'trades.csv', 'positions.csv', 'performance.json', ...(page ? ['report.html'] : [])].map((f) => `${dir}/${f}`);

// a group of every PM shares the firm's trade table: its CSV is made once
const tradesCsv = new WeakMap<Portfolio['trades'], string>();

/** equity.csv, trades.csv and performance.json of a level (positions.csv too when it has positions). */
function writeLevel(files: Map<string, string>, p: Portfolio, dates: readonly string[], perf: Record<string, unknown>, positions: boolean): void {
  // dates and decimal text never need quoting
  const lines = new Array<string>(dates.length);
  for (let i = 0; i < dates.length; i++) lines[i] = `${dates[i]},${p.equity[i]}\n`;
  files.set(`${p.dir}/equity.csv`, `date,equity\n${lines.join('')}`);
  let trades = tradesCsv.get(p.trades);
  if (trades === undefined) tradesCsv.set(p.trades, (trades = csv(p.trades.header, p.trades.rows)));
  files.set(`${p.dir}/trades.csv`, trades);
  if (positions) files.set(`${p.dir}/positions.csv`, csv(['symbol', 'qty', 'avg_price', 'last_price', 'market_value'], p.positions.map((x) => [x.symbol, x.qty, x.avgPrice, x.lastPrice, x.marketValue])));
  files.set(`${p.dir}/performance.json`, json(perf));
}

/**
 * Builds every report file of a finished session from its run record; paths are relative to
 * the output folder. Byte-identical for the same record; pure. Throws IncompleteRunError when a
 * PM or account did not report every step. `sections` defaults to SECTIONS (tests pass their own).
 */
export function buildReports(config: AtriumConfig, record: RunRecord, data: DataFacts, sections: readonly ReportSection[] = SECTIONS): Map<string, string> {
  const files = new Map<string, string>();
  const model = buildModel(config, record);
  const ctx: ReportContext = { config, record, data, model };
  const { dates } = model;

  const pmSummaries: Record<string, unknown> = {};
  for (const pm of model.pms) {
    const p = pm.portfolio;
    const accounts: Record<string, unknown> = {};
    for (const a of pm.accounts) {
      const ap = a.portfolio;
      const base = performanceJson(ap.figures);
      const extra = collectSections(sections, (s) => s.account?.(ctx, pm, a), { summary: ['capital', ...Object.keys(base)], performance: Object.keys(base), files: levelFiles(ap.dir, true) }, files);
      const perf = { ...base, ...extra.performance };
      accounts[a.config.id] = { capital: a.config.capital, ...perf, ...extra.summary };
      writeLevel(files, ap, dates, perf, true);
      files.set(
        `${ap.dir}/report.html`,
        portfolioPage({
          p: ap,
          dates,
          subtitle: [`PM ${pm.config.id}`, `capital ${money(a.config.capital)}`, metaLine(a.config.meta), period(dates)].filter(Boolean).join(' · '),
          nav: [{ href: '../../../report.html', text: '← consolidated report' }, { href: '../../report.html', text: `← PM ${pm.config.id}` }],
          blocks: [extra.html],
        }),
      );
    }
    const strategies: Record<string, unknown> = {};
    for (const s of pm.strategies) {
      const perf = performanceJson(s.portfolio.figures);
      strategies[s.portfolio.id.slice(pm.config.id.length + 1)] = { pnl: decText(s.total), ...perf };
      writeLevel(files, s.portfolio, dates, perf, false);
    }
    const base = performanceJson(p.figures);
    const builtIn = ['capital_initial', 'capital_final', 'trading_state', 'signals', ...Object.keys(base), 'accounts', 'strategies', 'attribution'];
    const extra = collectSections(sections, (s) => s.pm?.(ctx, pm), { summary: builtIn, performance: Object.keys(base), files: levelFiles(p.dir, true) }, files);
    const perf = { ...base, ...extra.performance };
    pmSummaries[pm.config.id] = {
      capital_initial: pm.config.capital, capital_final: pm.capitalOverTime.at(-1) ?? pm.config.capital, trading_state: pm.tradingState, signals: record.signals.get(pm.config.id) ?? 0,
      ...perf, accounts, strategies, attribution: attributionJson(pm.tables), ...extra.summary,
    };
    writeLevel(files, p, dates, perf, true);
    files.set(
      `${p.dir}/report.html`,
      portfolioPage({
        p,
        dates,
        subtitle: [named(pm.config.id, pm.config.meta), config.firm.id, `capital ${money(pm.config.capital)} → ${money(pm.capitalOverTime.at(-1) ?? pm.config.capital)}`, `${pm.config.strategies.length} strategies`, `${pm.config.accounts.length} accounts`, metaLine(pm.config.meta), period(dates)].filter(Boolean).join(' · '),
        nav: [{ href: '../report.html', text: '← consolidated report' }, ...pm.accounts.map((a) => ({ href: `accounts/${a.config.id}/report.html`, text: `account ${a.config.id}` }))],
        blocks: [
          section('Strategies', pm.strategies.length
            ? comparisonTable(pm.strategies.map((s) => ({ p: s.portfolio, label: s.portfolio.id.slice(pm.config.id.length + 1) })), 'strategy-comparison', 'strategy') +
              lineChart({ id: 'strategy-pnl', title: 'Cumulative paper P&L by strategy', labels: dates, series: pm.strategies.map((s) => { let c = 0; return { name: s.portfolio.id.slice(pm.config.id.length + 1), values: s.portfolio.pnl.map((x) => (c += x)) }; }) }) +
              '<p class="note">Each strategy on its own paper book (its targets reached at the next open, no costs, limits or netting), on the PM\'s initial capital; files in strategies/.</p>'
            : '<p class="note">no strategies</p>'),
          section('Attribution', attributionHtml(pm.tables, { idPrefix: 'pm', showPms: false })),
          section('Accounts', comparisonTable(pm.accounts.map((a) => ({ p: a.portfolio, label: a.config.id })), 'account-comparison', 'account') + (pm.accounts.length > 1 ? lineChart({ id: 'account-equity', title: 'Account equity', labels: dates, series: pm.accounts.map((a) => ({ name: a.config.id, values: a.portfolio.equity.map(Number) })) }) : '')),
          section('Tail risk', tailRiskTable([p], 'tail-risk')),
          extra.html,
        ],
      }),
    );
  }

  const groupSummaries: Record<string, unknown> = {};
  const capitalValues = new Map(model.pms.map((pm) => [pm.config.id, pm.capitalOverTime]));
  for (const g of model.groups) {
    const p = g.portfolio;
    const base = performanceJson(p.figures);
    const weights = groupCapitalWeights(g.config, config.groups, dates.length, (id) => capitalValues.get(id) ?? []);
    const builtIn = ['name', 'client', 'pms', 'groups', 'members', 'allocation', 'capital_initial', 'capital_weights', 'diversification_ratio', ...Object.keys(base), 'attribution'];
    const extra = collectSections(sections, (s) => s.group?.(ctx, g), { summary: builtIn, performance: Object.keys(base), files: levelFiles(p.dir, true) }, files);
    const perf = { ...base, ...extra.performance };
    const m = g.config.meta;
    const { allocation, capital_weights: capitalWeights } = groupCapitalWeightsJson(weights, dates);
    groupSummaries[g.config.id] = {
      ...(m.name !== undefined ? { name: m.name } : {}), ...(m.client !== undefined ? { client: m.client } : {}),
      pms: g.config.pms, groups: g.config.groups, members: g.config.members, ...(allocation ? { allocation } : {}),
      capital_initial: decText(p.capital), capital_weights: capitalWeights, diversification_ratio: model.risk.diversification.groups[g.config.id] ?? null,
      ...perf, attribution: attributionJson(g.attribution), ...extra.summary,
    };
    writeLevel(files, p, dates, perf, true);
    const members = g.config.members.map((id) => model.pms.find((x) => x.config.id === id)!);
    const memberMatrix = members.map((a) => members.map((b) => model.correlation.full.matrix[config.pms.findIndex((x) => x.id === a.config.id)]![config.pms.findIndex((x) => x.id === b.config.id)]!));
    files.set(
      `${p.dir}/report.html`,
      portfolioPage({
        p,
        dates,
        subtitle: [named(g.config.id, m), `${members.length} PMs`, `capital ${money(p.capital)}`, metaLine(m), period(dates)].filter(Boolean).join(' · '),
        nav: [{ href: '../../report.html', text: '← consolidated report' }, ...members.map((x) => ({ href: `../../${x.config.id}/report.html`, text: `PM ${x.config.id}` }))],
        blocks: [
          section('Members', comparisonTable(members.map((x) => ({ p: x.portfolio })), 'member-comparison', 'PM') +
            lineChart({ id: 'member-returns', title: 'Cumulative time-weighted return by PM', labels: dates, series: members.map((x) => ({ name: x.config.id, values: cumulative(x.portfolio.returns) })), percent: true }) +
            (members.length > 1 ? heatmap({ id: 'member-correlation', title: 'Correlation of the members\' daily returns, whole run', ids: members.map((x) => x.config.id), matrix: memberMatrix }) : '') +
            `<p>Diversification ratio across the members: <b>${model.risk.diversification.groups[g.config.id]?.toFixed(2) ?? 'n/a'}</b>.</p>`),
          section(g.config.allocation ? 'Allocation' : 'Capital', groupCapitalWeightsHtml(weights, dates)),
          section('Attribution', attributionHtml(g.attribution, { idPrefix: 'group', showPms: true })),
          section('Tail risk', tailRiskTable([p], 'tail-risk')),
          extra.html,
        ],
      }),
    );
  }

  // firm-wide files; master-risk's decisions, breaches and limits are risk-report.ts's
  const weights = weightsJson(record);
  const alloc = allocationReport(config, record);
  const risk = buildRiskReport(config, record, dates);
  for (const [path, text] of risk.files) files.set(path, text);
  const firmBase = performanceJson(model.firm.figures);
  const sym = exposureCsvRows(model.risk.exposure.bySymbol, model.risk.bookIds, 'symbol');
  const sec = exposureCsvRows(model.risk.exposure.bySector, model.risk.bookIds, 'sector');
  files.set('firm/exposure_by_symbol.csv', csv(sym.header, sym.rows));
  files.set('firm/exposure_by_sector.csv', csv(sec.header, sec.rows));
  const br = breakRows(model.correlation.breaks);
  files.set('firm/correlation_breaks.csv', csv(br.header, br.rows));
  const attribution = attributionJson(model.attribution);
  files.set('firm/attribution.csv', csv(['dimension', 'pm', 'key', 'pnl', 'contribution'], (['by_pm', 'by_strategy', 'by_symbol', 'by_sector'] as const).flatMap((dim) => (attribution[dim] as Record<string, unknown>[]).map((r) => [dim.slice(3), String(r.pm ?? ''), String(r[dim.slice(3)]), String(r.pnl), Number(r.contribution)]))));

  const perfOf = new Map(model.pms.flatMap((p) => [[p.config.id, p.portfolio.figures.perf] as const, ...p.accounts.map((a) => [a.portfolio.id, a.portfolio.figures.perf] as const)]));
  const byTag = tagsSummary(config, record, (key) => perfOf.get(key)!);
  const builtInTop = ['firm', 'pms', 'groups', 'correlation', 'allocation', 'risk', 'by_tag', 'orders', 'data', 'analytics'];
  const firmExtra = collectSections(sections, (s) => s.firm?.(ctx), { summary: builtInTop, performance: Object.keys(firmBase), files: [...levelFiles('firm', false), 'summary.json', 'report.html'] }, files);
  const firmPerf = { ...firmBase, ...firmExtra.performance };
  writeLevel(files, model.firm, dates, firmPerf, false);
  const cc = config.analytics.correlation;
  const summary = {
    firm: { id: config.firm.id, capital: config.firm.capital, ...firmPerf },
    pms: pmSummaries,
    groups: groupSummaries,
    correlation: model.correlation.full,
    allocation: { method: config.allocation.method ?? 'fixed', rebalance: config.allocation.rebalance, weights, accounts: alloc.accounts },
    risk: risk.summary,
    by_tag: byTag,
    orders: { block_fills: model.firm.figures.perf.fills, child_fills: record.fills.length, cancels: cancelsByReason(record) },
    data: { source: config.data.source, symbols: data.symbols.length, steps: dates.length, start: dates[0] ?? '', end: dates.at(-1) ?? '', warnings: data.warnings },
    analytics: {
      correlation: {
        window: cc.window, min_periods: cc.minPeriods, alert_threshold: cc.alertThreshold, change_threshold: cc.changeThreshold,
        rolling: Object.fromEntries(model.correlation.rolling.map((r) => [r.level, { ids: r.ids, observations: r.observations, matrix: r.matrix }])),
        breaks: breaksJson(model.correlation.breaks),
      },
      attribution,
      risk: riskJson(model.risk),
    },
    ...firmExtra.summary,
  };
  files.set('summary.json', json(summary));
  files.set('report.html', firmPage({ config, model, data, weights, allocationHtml: alloc.html, decisionsHtml: risk.html, tagsHtml: tagsHtml(byTag), sectionsHtml: firmExtra.html }));
  return files;
}
