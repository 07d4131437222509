import type { AtriumConfig, GroupConfig } from '@atrium/domain';
import { attributionHtml } from './attribution.js';
import { correlationHtml } from './correlation.js';
import type { weightsJson } from './run-summary.js';
import { named, pct } from './format.js';
import { esc, folded, navLinks, page, section, table } from './html.js';
import { comparisonTable, cumulative, overviewHtml, tradesHtml } from './portfolio-page.js';
import { riskHtml } from './risk.js';
import type { DataFacts, RunModel } from './sections.js';
import { lineChart } from './svg.js';

/** The groups: name, client, members and, when some group has one, its target allocation; pure. */
function groupsTable(groups: readonly GroupConfig[]): string {
  const withAllocation = groups.some((g) => g.allocation);
  const target = (g: GroupConfig) => {
    const entries = Object.entries(g.allocation ?? {});
    const sum = entries.reduce((s, [, w]) => s + Number(w), 0);
    return entries.map(([m, w]) => `${m} ${pct(Number(w) / sum, 1)}`).join(', ');
  };
  return table(['group', 'name', 'client', 'members', ...(withAllocation ? ['allocation (target)'] : [])], groups.map((g) => [g.id, g.meta.name ?? '', g.meta.client ?? '', g.members.join(', '), ...(withAllocation ? [target(g)] : [])]));
}

/**
 * The consolidated report: the firm's overview, the PM and group comparison, correlation with
 * its breaks, risk consolidation, attribution, allocation weights over time, master-risk's
 * section, what section modules add, then the firm's most recent block orders; pure.
 */
export function firmPage(o: {
  config: AtriumConfig;
  model: RunModel;
  data: DataFacts;
  /** each account's share of its PM's blocks (allocation-report.ts) */
  allocationHtml: string;
  /** master-risk's section (decisions, breaches, limit utilisation; risk-report.ts) */
  decisionsHtml: string;
  /** PMs and accounts by tag (tags-report.ts) */
  tagsHtml: string;
  weights: ReturnType<typeof weightsJson>;
  sectionsHtml: string;
}): string {
  const { config, model, data } = o;
  const dates = model.dates;
  const steps = dates.length;
  const ids = config.pms.map((p) => p.id);
  const nav = navLinks([
    ...model.pms.map((p) => ({ href: `${p.config.id}/report.html`, text: `PM ${named(p.config.id, p.config.meta)}` })),
    ...model.groups.map((g) => ({ href: `groups/${g.config.id}/report.html`, text: `group ${named(g.config.id, g.config.meta)}` })),
  ]);
  const capitalShare = dates.map((_, t) => model.pms.reduce((s, p) => s + Number(p.capitalOverTime[t] ?? '0'), 0));
  const groupsHtml = model.groups.length
    ? comparisonTable(model.groups.map((g) => ({ p: g.portfolio })), 'group-comparison', 'group') +
      groupsTable(model.groups.map((g) => g.config)) +
      lineChart({ id: 'group-returns', title: 'Cumulative time-weighted return by group', labels: dates, series: model.groups.map((g) => ({ name: g.config.id, values: cumulative(g.portfolio.returns) })), percent: true })
    : '';
  const weightsTable = o.weights.length
    ? folded(`The ${o.weights.length} weight decisions`, table(['date', 'method', ...ids], o.weights.map((w) => [w.date, w.method, ...ids.map((id) => pct(w.weights[id] ?? 0))]), { caption: 'capital weights decided after each date, in force from the next step' }))
    : `<p class="note">PM capitals are fixed (no allocation method).</p>`;
  return page(
    `${config.firm.name ?? config.firm.id}: consolidated report`,
    `${config.pms.length} PMs · ${config.pms.reduce((s, p) => s + p.accounts.length, 0)} accounts · ${model.groups.length ? `${model.groups.length} groups · ` : ''}${data.symbols.length} symbols · ${steps} steps · ${dates[0]} to ${dates.at(-1)}`,
    [
      overviewHtml(model.firm, dates, 'firm-'),
      '<h2>PMs</h2>',
      comparisonTable(model.pms.map((p) => ({ p: p.portfolio, capitalEnd: p.capitalOverTime.at(-1) ?? p.config.capital, state: p.tradingState })), 'pm-comparison', 'PM'),
      lineChart({ id: 'pm-returns', title: 'Cumulative time-weighted return by PM', labels: dates, series: model.pms.map((p) => ({ name: p.config.id, values: cumulative(p.portfolio.returns) })), percent: true }),
      lineChart({ id: 'pm-equity', title: 'PM equity (allocation moves capital between PMs)', labels: dates, series: model.pms.map((p) => ({ name: p.config.id, values: p.portfolio.equity.map(Number) })) }),
      lineChart({ id: 'pm-pnl', title: 'Cumulative P&L by PM (adds up to the firm)', labels: dates, series: model.pms.map((p) => { let c = 0; return { name: p.config.id, values: p.portfolio.pnl.map((x) => (c += x)) }; }) }),
      o.tagsHtml,
      section('Groups', groupsHtml),
      section('Correlation', correlationHtml(model.correlation, config, dates)),
      section('Risk consolidation', riskHtml(model.risk, { firm: model.firm, pms: model.pms.map((p) => p.portfolio), groups: model.groups.map((g) => g.portfolio), dates })),
      section('Attribution', attributionHtml(model.attribution, { idPrefix: 'firm', showPms: true })),
      '<h2>Allocation</h2>',
      lineChart({ id: 'allocation-weights', title: 'Capital weights over time (each PM\'s share of PM capital in force)', labels: dates, series: model.pms.map((p) => ({ name: p.config.id, values: dates.map((_, t) => (capitalShare[t]! > 0 ? Number(p.capitalOverTime[t] ?? '0') / capitalShare[t]! : 0)) })), percent: true, height: 220 }),
      weightsTable,
      o.allocationHtml,
      o.decisionsHtml,
      o.sectionsHtml,
      tradesHtml(model.firm, { href: 'firm/trades.csv', id: 'firm-trades', what: 'block orders filled (every PM\'s)' }),
      data.warnings.length ? `<h2>Data</h2>${data.warnings.map((w) => `<p class="warn">${esc(w)}</p>`).join('')}` : '',
      `<p class="note">Files: summary.json (every figure here), firm/ (equity, trades, exposure, decisions, attribution, correlation breaks), one folder per PM (accounts and strategies inside) and groups/.</p>`,
    ].join(''),
    nav,
  );
}
