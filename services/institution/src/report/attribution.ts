import { D, decText, stepPnlBySymbol, ZERO, type Dec } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';
import { money, pct } from './format.js';
import { section, table } from './html.js';
import type { ParsedFill, StrategyRun } from './levels.js';
import { barChart } from './svg.js';

/** The bucket of a PM's P&L that its strategies' paper books do not explain. */
export const RESIDUAL = '(execution and netting)';
/** The bucket of a P&L that its symbols do not explain (0 for a whole record). */
export const UNEXPLAINED = '(unexplained)';

/** One PM's P&L over the run, split by symbol and by strategy, each split summing exactly to `total`. */
export interface PmAttribution {
  readonly pmId: string;
  readonly total: Dec;
  readonly bySymbol: ReadonlyMap<string, Dec>;
  /** total − Σ bySymbol: only non-zero if the record misses a fill */
  readonly unexplained: Dec;
  readonly byStrategy: ReadonlyMap<string, Dec>;
  /** total − Σ byStrategy: costs, netting across strategies, limit clips, denials, cancels, timing */
  readonly residual: Dec;
}

/**
 * Splits a PM's run P&L (`total`, the sum of its step P&L) by symbol — final market value less the cash
 * of every fill, which is exactly the sum of the steps' symbol P&L — and by strategy, from the
 * strategies' paper books, with what they do not explain as the residual; pure and exact.
 */
export function attributePm(pmId: string, steps: readonly Bodies['stepDone'][], total: Dec, fills: readonly ParsedFill[], strategies: readonly StrategyRun[]): PmAttribution {
  const final = (steps.at(-1)?.positions ?? []).map((p) => ({ symbol: p.symbol, marketValue: new D(p.marketValue) }));
  const bySymbol = stepPnlBySymbol(new Map(), final, fills.map((f) => ({ symbol: f.fill.symbol, side: f.side, qty: f.qty, price: f.price, commission: f.commission })));
  const byStrategy = new Map(strategies.map((s) => [s.portfolio.id.slice(pmId.length + 1), s.total]));
  const sum = (m: ReadonlyMap<string, Dec>) => [...m.values()].reduce((s, v) => s.plus(v), ZERO);
  return { pmId, total, bySymbol, unexplained: total.minus(sum(bySymbol)), byStrategy, residual: total.minus(sum(byStrategy)) };
}

/** One row of an attribution table. */
export interface AttributionRow {
  readonly key: string;
  /** the PM a strategy row belongs to */
  readonly pm?: string;
  readonly pnl: Dec;
}

/** Rows whose P&L sum exactly to `total`, and the capital contributions are measured against. */
export interface AttributionTable {
  readonly base: Dec;
  readonly total: Dec;
  readonly rows: readonly AttributionRow[];
}

/** How a portfolio's P&L splits four ways: by PM, strategy, symbol and sector. */
export interface Attribution {
  readonly byPm: AttributionTable;
  readonly byStrategy: AttributionTable;
  readonly bySymbol: AttributionTable;
  readonly bySector: AttributionTable;
}

const add = (m: Map<string, Dec>, k: string, v: Dec) => m.set(k, (m.get(k) ?? ZERO).plus(v));
const sortedRows = (m: ReadonlyMap<string, Dec>): AttributionRow[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, pnl]) => ({ key, pnl }));

/**
 * Combines PM attributions into a portfolio's (the firm's, a group's, or one PM's own): every
 * table's rows sum exactly to the sum of the PMs' P&L. Strategy rows are `pm/strategy` plus one
 * residual row per PM; a symbol table gets an `(unexplained)` row only when it is not zero; pure.
 */
export function combineAttribution(pms: readonly PmAttribution[], base: Dec, sectorOf: (symbol: string) => string): Attribution {
  const total = pms.reduce((s, p) => s.plus(p.total), ZERO);
  const bySymbol = new Map<string, Dec>();
  const bySector = new Map<string, Dec>();
  let unexplained = ZERO;
  const strategies: AttributionRow[] = [];
  for (const p of pms) {
    for (const [s, v] of p.bySymbol) {
      add(bySymbol, s, v);
      add(bySector, sectorOf(s), v);
    }
    unexplained = unexplained.plus(p.unexplained);
    for (const [s, v] of p.byStrategy) strategies.push({ key: s, pm: p.pmId, pnl: v });
    strategies.push({ key: RESIDUAL, pm: p.pmId, pnl: p.residual });
  }
  const extra = unexplained.isZero() ? [] : [{ key: UNEXPLAINED, pnl: unexplained }];
  const table = (rows: AttributionRow[]): AttributionTable => ({ base, total, rows });
  return {
    byPm: table(pms.map((p) => ({ key: p.pmId, pnl: p.total }))),
    byStrategy: table(strategies),
    bySymbol: table([...sortedRows(bySymbol), ...extra]),
    bySector: table([...sortedRows(bySector), ...extra]),
  };
}

const contribution = (t: AttributionTable, pnl: Dec) => (t.base.gt(0) ? pnl.toNumber() / t.base.toNumber() : 0);

/** An attribution table as summary.json rows: P&L as exact decimal text, contribution as a fraction of the base; pure. */
export function attributionJson(a: Attribution): Record<string, unknown> {
  const rows = (t: AttributionTable, name: string) => t.rows.map((r) => ({ ...(r.pm !== undefined ? { pm: r.pm } : {}), [name]: r.key, pnl: decText(r.pnl), contribution: contribution(t, r.pnl) }));
  return {
    total_pnl: decText(a.byPm.total),
    base_capital: decText(a.byPm.base),
    by_pm: rows(a.byPm, 'pm'),
    by_strategy: rows(a.byStrategy, 'strategy'),
    by_symbol: rows(a.bySymbol, 'symbol'),
    by_sector: rows(a.bySector, 'sector'),
  };
}

function attributionTableHtml(t: AttributionTable, what: string, id: string, withPm = false): string {
  const rows = t.rows.map((r) => [...(withPm ? [r.pm ?? ''] : []), r.key, money(r.pnl), pct(contribution(t, r.pnl))]);
  const total = [...(withPm ? [''] : []), 'total', money(t.total), pct(contribution(t, t.total))];
  return table([...(withPm ? ['PM'] : []), what, 'P&L', 'contribution'], [...rows, total], { id, signed: true, totalLast: true });
}

/**
 * The attribution section of a report: bar charts and tables by PM (when there are several),
 * strategy, sector and symbol, each with its total row; pure.
 */
export function attributionHtml(a: Attribution, opts: { idPrefix: string; showPms: boolean }): string {
  const bars = (t: AttributionTable, title: string, id: string) =>
    t.rows.length > 1 && t.rows.length <= 40 ? barChart({ id, title, bars: t.rows.map((r) => ({ label: r.pm ? `${r.pm}/${r.key}` : r.key, value: r.pnl.toNumber(), text: money(r.pnl) })) }) : '';
  return [
    `<p class="note">P&amp;L over the run, exact to the cent and summing to the total; contribution = P&amp;L / initial capital (${money(a.byPm.base)}). A strategy's P&amp;L is its own paper book: its targets reached at the next open, without costs, limits or netting; what the PM made beyond its strategies is the ${RESIDUAL} row.</p>`,
    opts.showPms ? section('By PM', bars(a.byPm, 'P&L by PM', `${opts.idPrefix}-attr-pm`) + attributionTableHtml(a.byPm, 'PM', `${opts.idPrefix}-attribution-pm`), 3) : '',
    section('By strategy', bars(a.byStrategy, 'P&L by strategy', `${opts.idPrefix}-attr-strategy`) + attributionTableHtml(a.byStrategy, 'strategy', `${opts.idPrefix}-attribution-strategy`, opts.showPms), 3),
    section('By sector', bars(a.bySector, 'P&L by sector', `${opts.idPrefix}-attr-sector`) + attributionTableHtml(a.bySector, 'sector', `${opts.idPrefix}-attribution-sector`), 3),
    section('By symbol', attributionTableHtml(a.bySymbol, 'symbol', `${opts.idPrefix}-attribution-symbol`), 3),
  ].join('');
}
