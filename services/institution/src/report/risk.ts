import { consolidateExposure, D, decText, diversificationRatio, ZERO, type ConsolidatedExposure, type ExposureRow } from '@atrium/domain';
import { money, moneyOf, num, pct } from './format.js';
import { section, table } from './html.js';
import type { StepValues, SymbolIndex } from './levels.js';
import { confidenceKey, type Portfolio } from './portfolio.js';
import { lineChart } from './svg.js';

/** Consolidated risk: exposure across PMs at the end, sector exposure over time, diversification. */
export interface RiskReport {
  readonly exposure: ConsolidatedExposure;
  readonly bookIds: readonly string[];
  /** net exposure per sector at each close, across PMs */
  readonly sectorsOverTime: readonly { name: string; values: number[] }[];
  /** Σσ(PM P&L) / σ(firm P&L), and the same per group across its members */
  readonly diversification: { readonly firm: number | null; readonly groups: Readonly<Record<string, number | null>> };
}


/** Consolidates the PMs' books and P&L into the firm's risk picture; pure. */
export function riskReport(o: {
  pms: readonly Portfolio[];
  groups: readonly { id: string; members: readonly Portfolio[] }[];
  /** the firm's netted market values per symbol at each close (see nettedExposure) */
  values: StepValues;
  index: SymbolIndex;
  sectorOf: (symbol: string) => string;
}): RiskReport {
  const exposure = consolidateExposure(
    o.pms.map((p) => ({ id: p.id, positions: p.positions.map((x) => ({ symbol: x.symbol, marketValue: new D(x.marketValue) })) })),
    o.sectorOf,
  );
  const sectors = [...new Set(o.index.symbols.map(o.sectorOf))].sort();
  const n = o.index.symbols.length;
  const steps = n === 0 ? 0 : o.values.length / n;
  const sectorsOverTime = sectors.map((name) => {
    const cols = o.index.symbols.flatMap((s, i) => (o.sectorOf(s) === name ? [i] : []));
    return { name, values: Array.from({ length: steps }, (_, t) => cols.reduce((v, c) => v + o.values[t * n + c]!, 0)) };
  });
  const pnl = new Map(o.pms.map((p) => [p.id, p.pnl]));
  return {
    exposure,
    bookIds: o.pms.map((p) => p.id),
    sectorsOverTime,
    diversification: {
      firm: diversificationRatio(o.pms.map((p) => pnl.get(p.id)!)),
      groups: Object.fromEntries(o.groups.map((g) => [g.id, diversificationRatio(g.members.map((m) => pnl.get(m.id)!))])),
    },
  };
}

const rowJson = (r: ExposureRow) => ({ key: r.key, long: decText(r.long), short: decText(r.short), net: decText(r.net), gross: decText(r.gross), by_pm: Object.fromEntries([...r.byBook].map(([k, v]) => [k, decText(v)])) });

/** The risk report's summary.json entry; pure. */
export function riskJson(r: RiskReport): Record<string, unknown> {
  return {
    diversification_ratio: r.diversification.firm,
    group_diversification_ratio: r.diversification.groups,
    exposure: { by_symbol: r.exposure.bySymbol.map(rowJson), by_sector: r.exposure.bySector.map(rowJson), total: rowJson(r.exposure.total) },
  };
}

/** Exposure rows as CSV (key, long, short, net, gross, then each book's net); pure. */
export function exposureCsvRows(rows: readonly ExposureRow[], books: readonly string[], key: string): { header: string[]; rows: string[][] } {
  return {
    header: [key, 'long', 'short', 'net', 'gross', ...books.map((b) => `net_${b}`)],
    rows: rows.map((r) => [r.key, decText(r.long), decText(r.short), decText(r.net), decText(r.gross), ...books.map((b) => decText(r.byBook.get(b) ?? ZERO))]),
  };
}

/** The VaR/ES table of several portfolios: each level as % of equity and in money at the final equity; pure. */
export function tailRiskTable(portfolios: readonly Portfolio[], id: string): string {
  const levels = portfolios[0]?.figures.tail.map((t) => t.confidence) ?? [];
  const header = ['portfolio', ...levels.flatMap((c) => [`VaR ${confidenceKey(c).replace('_', '.')}%`, `ES ${confidenceKey(c).replace('_', '.')}%`])];
  const rows = portfolios.map((p) => {
    const eq = Number(p.equity.at(-1) ?? '0');
    return [p.id, ...p.figures.tail.flatMap((t) => [`${pct(t.var)} (${moneyOf(t.var * eq)})`, `${pct(t.es)} (${moneyOf(t.es * eq)})`])];
  });
  return table(header, rows, { id }) + '<p class="note">One-day historical: the k-th worst daily return with k = ⌈n × (1 − confidence)⌉, and the mean of the k worst; in money at the final equity.</p>';
}

function exposureTable(rows: readonly ExposureRow[], total: ExposureRow, books: readonly string[], what: string, id: string): string {
  const perBook = books.length <= 8 ? books : [];
  const line = (r: ExposureRow) => [r.key, money(r.long), money(r.short), money(r.net), money(r.gross), ...perBook.map((b) => money(r.byBook.get(b) ?? ZERO))];
  return table([what, 'long', 'short', 'net', 'gross', ...perBook.map((b) => `net ${b}`)], [...rows.map(line), line(total)], { id, totalLast: true });
}

/** The risk consolidation section of the consolidated report; pure. */
export function riskHtml(r: RiskReport, o: { firm: Portfolio; pms: readonly Portfolio[]; groups: readonly Portfolio[]; dates: readonly string[] }): string {
  const div = Object.entries(r.diversification.groups);
  return [
    r.sectorsOverTime.length ? lineChart({ id: 'sector-exposure', title: 'Net exposure by sector at each close', labels: o.dates, series: r.sectorsOverTime, height: 220 }) : '',
    section('Tail risk', tailRiskTable([o.firm, ...o.pms, ...o.groups], 'tail-risk'), 3),
    section(
      'Diversification',
      `<p>Diversification ratio of the firm across its PMs: <b>${num(r.diversification.firm)}</b> (Σ of the PMs' daily P&amp;L volatilities over the firm's; 1 = no diversification).</p>` +
        (div.length ? table(['group', 'diversification ratio'], div.map(([g, v]) => [g, num(v)]), { id: 'group-diversification' }) : ''),
      3,
    ),
    section('Exposure by sector at the end', r.exposure.bySector.length ? exposureTable(r.exposure.bySector, r.exposure.total, r.bookIds, 'sector', 'exposure-sector') : '<p class="note">flat</p>', 3),
    section('Exposure by symbol at the end', r.exposure.bySymbol.length ? exposureTable(r.exposure.bySymbol, r.exposure.total, r.bookIds, 'symbol', 'exposure-symbol') : '<p class="note">flat</p>', 3),
    '<p class="note">Long and short are added per PM, so two PMs long and short one name show in gross though they cancel in net.</p>',
  ].join('');
}
