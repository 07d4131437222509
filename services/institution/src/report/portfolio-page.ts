import { monthlyReturns } from '@atrium/domain';
import { money, num, pct } from './format.js';
import { esc, kpis, navLinks, page, section, table } from './html.js';
import { confidenceKey, type Figures, type Portfolio } from './portfolio.js';
import { lineChart } from './svg.js';

/** Drawdown path of a return series (0 at peaks, negative below); pure. */
export function drawdowns(returns: readonly number[]): number[] {
  let w = 1;
  let peak = 1;
  return returns.map((r) => {
    w *= 1 + r;
    peak = Math.max(peak, w);
    return w / peak - 1;
  });
}

/** Cumulative time-weighted return at each close (growth of 1, less 1); pure. */
export function cumulative(returns: readonly number[]): number[] {
  let w = 1;
  return returns.map((r) => (w *= 1 + r) - 1);
}

/** The KPI tiles of a portfolio: performance, activity and the first VaR level; pure. */
export function figureTiles(f: Figures): string {
  const p = f.perf;
  const a = f.activity;
  const t = f.tail[0];
  return kpis([
    ['final equity', money(p.final_equity)],
    ['total return', pct(p.total_return)],
    ['CAGR', pct(p.cagr)],
    ['annual volatility', pct(p.annual_volatility)],
    ['Sharpe', num(p.sharpe)],
    ['Sortino', num(p.sortino)],
    ['max drawdown', pct(p.max_drawdown)],
    ['Calmar', num(p.calmar)],
    ['hit rate (days)', pct(a.hit_rate, 1)],
    ['turnover (per year)', num(a.turnover)],
    ['avg gross exposure', money(a.avg_gross_exposure)],
    ['avg net exposure', money(a.avg_net_exposure)],
    [`best day (${a.best_day_date || 'none'})`, pct(a.best_day)],
    [`worst day (${a.worst_day_date || 'none'})`, pct(a.worst_day)],
    ...(t ? ([[`1-day VaR ${confidenceKey(t.confidence).replace('_', '.')}%`, pct(t.var)]] as [string, string][]) : []),
    ['round trips', String(p.round_trips)],
    ['fills', String(p.fills)],
  ]);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The monthly returns table (compounded; blank where no step fell in the month); pure. */
export function monthlyTable(dates: readonly string[], returns: readonly number[], id = 'monthly-returns'): string {
  const rows = monthlyReturns(dates, returns);
  return table(['year', ...MONTHS, 'year'], rows.map((r) => [r.year, ...r.months.map((m) => (m === null ? '' : pct(m, 1))), pct(r.year_return, 1)]), { id, signed: true });
}

/** Equity, drawdown, monthly returns and exposure of a portfolio: the core of every report; pure. */
export function overviewHtml(p: Portfolio, dates: readonly string[], prefix = ''): string {
  return [
    figureTiles(p.figures),
    lineChart({ id: `${prefix}equity`, title: 'Equity', labels: dates, series: [{ name: 'equity', values: p.equity.map(Number) }] }),
    lineChart({ id: `${prefix}drawdown`, title: 'Drawdown', labels: dates, series: [{ name: 'drawdown', values: drawdowns(p.returns) }], percent: true, area: true, height: 180 }),
    section('Monthly returns', monthlyTable(dates, p.returns, `${prefix}monthly-returns`)),
    section('Exposure', lineChart({ id: `${prefix}exposure`, title: 'Gross and net exposure at each close', labels: dates, series: [{ name: 'gross', values: p.gross }, { name: 'net', values: p.net }], height: 220 })),
  ].join('');
}

/** How many trades a page shows: the most recent; the CSV beside it has them all. */
export const TRADES_SHOWN = 200;

/**
 * The most recent trades of a portfolio (at most `limit`), with their count and a link to the
 * CSV that holds them all (`href`, relative to the page); pure.
 */
export function tradesHtml(p: Portfolio, o: { href?: string; id?: string; what?: string; limit?: number } = {}): string {
  const { href = 'trades.csv', id = 'trades', what = 'trades', limit = TRADES_SHOWN } = o;
  const rows = p.trades.rows;
  const shown = rows.slice(-limit);
  const all = `<a href="${esc(href)}">${esc(href)}</a>`;
  if (!rows.length) return `<h2>Trades</h2><p class="note">no ${what}</p>`;
  const count = String(rows.length).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return [
    `<h2>Trades</h2><p class="note">${count} ${what}${rows.length > shown.length ? `; the last ${shown.length} shown, all in ${all}` : ` (also in ${all})`}</p>`,
    table(p.trades.header, shown, { id }),
  ].join('');
}

/** Positions at the end and the last trades; pure. */
export function positionsAndTrades(p: Portfolio): string {
  return [
    section('Positions at the end', p.positions.length ? table(['symbol', 'qty', 'avg price', 'last price', 'market value'], p.positions.map((x) => [x.symbol, x.qty, x.avgPrice, x.lastPrice, money(x.marketValue)]), { id: 'positions' }) : '<p class="note">flat</p>'),
    tradesHtml(p),
  ].join('');
}

/**
 * The report.html of a PM, an account or a group: overview (figures, equity, drawdown, monthly
 * returns, exposure), then `blocks` (what the level adds: strategies, accounts, members,
 * attribution, section modules), then positions and trades; pure.
 */
export function portfolioPage(o: { p: Portfolio; subtitle: string; dates: readonly string[]; nav: readonly { href: string; text: string }[]; blocks: readonly string[] }): string {
  return page(o.p.title, o.subtitle, [overviewHtml(o.p, o.dates), ...o.blocks, positionsAndTrades(o.p)].join(''), navLinks(o.nav));
}

/** A comparison table of portfolios (PMs, groups, strategies, accounts): one row each; pure. */
export function comparisonTable(rows: readonly { p: Portfolio; label?: string; capitalEnd?: string; state?: string }[], id: string, what: string): string {
  const withCapital = rows.some((r) => r.capitalEnd !== undefined);
  const withState = rows.some((r) => r.state !== undefined);
  const header = [what, 'capital (start)', ...(withCapital ? ['capital (end)'] : []), 'final equity', 'total return', 'CAGR', 'volatility', 'Sharpe', 'Sortino', 'max drawdown', 'hit rate', 'turnover', 'best day', 'worst day', ...(rows[0]?.p.figures.tail[0] ? [`VaR ${confidenceKey(rows[0].p.figures.tail[0].confidence).replace('_', '.')}%`] : []), 'fills', ...(withState ? ['state'] : [])];
  return table(
    header,
    rows.map(({ p, label, capitalEnd, state }) => {
      const f = p.figures;
      return [
        label ?? p.id, money(p.capital), ...(withCapital ? [capitalEnd === undefined ? '' : money(capitalEnd)] : []), money(f.perf.final_equity), pct(f.perf.total_return), pct(f.perf.cagr), pct(f.perf.annual_volatility),
        num(f.perf.sharpe), num(f.perf.sortino), pct(f.perf.max_drawdown), pct(f.activity.hit_rate, 1), num(f.activity.turnover), pct(f.activity.best_day), pct(f.activity.worst_day),
        ...(f.tail[0] ? [pct(f.tail[0].var)] : []), f.perf.fills, ...(withState ? [state ?? ''] : []),
      ];
    }),
    { id },
  );
}
