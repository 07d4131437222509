import { computePerformance, correlationMatrix, countRoundTrips, D, decText, ZERO, type AtriumConfig, type Dec, type Performance } from '@atrium/domain';
import { reasonFromWire, sideFromWire, type Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { csv, json } from './csv.js';
import { esc, kpis, page, table } from './html.js';
import { lineChart } from './svg.js';
import { allocationReport } from './allocation-report.js';
import { accountSection, washSalesByAccount } from './accounts-report.js';
import { benchmarkSection } from './benchmark-report.js';
import { tagsHtml, tagsSummary } from './tags-report.js';
import { buildRiskReport } from './risk-report.js';

/** Facts about the data a session ran on, for the summary. */
export interface DataFacts {
  readonly symbols: readonly string[];
  readonly warnings: readonly string[];
}

/** Thrown when the run record lacks a step of some PM or account (the session did not finish). */
export class IncompleteRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteRunError';
  }
}

interface Trade {
  readonly date: string;
  readonly step: number;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Dec;
  readonly notional: Dec;
  readonly commission: Dec;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null, d = 2) => (x === null ? 'n/a' : x.toFixed(d));
const money = (t: string) => {
  const d = new D(t);
  return d.toDecimalPlaces(2).toNumber().toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
};

function side(f: Bodies['fill']): 'buy' | 'sell' {
  const s = sideFromWire(f.side);
  if (s === 'invalid') throw new Error(`fill ${f.fillId} has no side`);
  return s;
}

/** Block-level trades: a PM's child fills grouped by their block order (one row per order). */
function blockTrades(fills: readonly Bodies['fill'][]): Trade[] {
  const by = new Map<string, Trade>();
  for (const f of fills) {
    const qty = new D(f.qty);
    const t = by.get(f.parentId);
    if (t) {
      by.set(f.parentId, { ...t, qty: t.qty.plus(qty), notional: t.notional.plus(qty.times(f.price)), commission: t.commission.plus(f.commission || '0') });
    } else {
      by.set(f.parentId, { date: f.date, step: f.step, orderId: f.parentId, symbol: f.symbol, side: side(f), qty, notional: qty.times(f.price), commission: new D(f.commission || '0') });
    }
  }
  return [...by.values()].sort((a, b) => a.step - b.step || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
}

function sortedFills(fills: readonly Bodies['fill'][]): Bodies['fill'][] {
  return [...fills].sort((a, b) => a.step - b.step || (a.fillId < b.fillId ? -1 : a.fillId > b.fillId ? 1 : 0));
}

/** Returns of an equity series with no flows, starting from `initial`; pure. */
function simpleReturns(initial: Dec, equity: readonly string[]): number[] {
  let prev = initial;
  return equity.map((e) => {
    const cur = new D(e);
    const r = prev.gt(0) ? cur.minus(prev).div(prev).toNumber() : 0;
    prev = cur;
    return r;
  });
}

/** Drawdown path of a return series (0 at peaks, negative below); pure. */
function drawdowns(returns: readonly number[]): number[] {
  let w = 1;
  let peak = 1;
  return returns.map((r) => {
    w *= 1 + r;
    peak = Math.max(peak, w);
    return w / peak - 1;
  });
}

function complete<T>(list: readonly (T | undefined)[] | undefined, steps: number, what: string): T[] {
  const out: T[] = [];
  for (let i = 0; i < steps; i++) {
    const v = list?.[i];
    if (!v) throw new IncompleteRunError(`${what} did not report step ${i} of ${steps}`);
    out.push(v);
  }
  return out;
}

function perfRows(p: Performance): [string, string][] {
  return [
    ['final equity', money(p.final_equity)],
    ['total return', pct(p.total_return)],
    ['CAGR', pct(p.cagr)],
    ['annual volatility', pct(p.annual_volatility)],
    ['Sharpe', num(p.sharpe)],
    ['Sortino', num(p.sortino)],
    ['max drawdown', pct(p.max_drawdown)],
    ['Calmar', num(p.calmar)],
    ['round trips', String(p.round_trips)],
    ['fills', String(p.fills)],
  ];
}

/** The report.html of one portfolio (PM or account); pure. */
function portfolioHtml(o: {
  title: string;
  subtitle: string;
  dates: readonly string[];
  equity: readonly string[];
  returns: readonly number[];
  perf: Performance;
  positions: readonly Bodies['stepDone']['positions'][number][];
  trades: readonly (readonly string[])[];
  tradeHeader: readonly string[];
  extra?: string;
}): string {
  const eq = o.equity.map((e) => new D(e).toNumber());
  const shown = o.trades.slice(-200);
  return page(
    o.title,
    o.subtitle,
    [
      kpis(perfRows(o.perf)),
      lineChart({ title: 'Equity', labels: o.dates, series: [{ name: 'equity', values: eq }] }),
      lineChart({ title: 'Drawdown', labels: o.dates, series: [{ name: 'drawdown', values: drawdowns(o.returns) }], percent: true, area: true, height: 180 }),
      o.extra ?? '',
      '<h2>Positions at the end</h2>',
      o.positions.length ? table(['symbol', 'qty', 'avg price', 'last price', 'market value'], o.positions.map((p) => [p.symbol, p.qty, p.avgPrice, p.lastPrice, money(p.marketValue)])) : '<p class="note">flat</p>',
      `<h2>Trades</h2><p class="note">${o.trades.length} trades${o.trades.length > shown.length ? `; the last ${shown.length} shown (all in trades.csv)` : ''}</p>`,
      table(o.tradeHeader, shown),
    ].join(''),
  );
}

/**
 * Builds every report file of a finished session from its run record: per PM and account
 * equity.csv, trades.csv, positions.csv, performance.json and report.html; the firm's
 * summary.json, report.html, firm/exposure.csv and firm/decisions.csv. Paths are relative to the
 * output folder. Byte-identical for the same record; pure.
 */
export function buildReports(config: AtriumConfig, record: RunRecord, data: DataFacts): Map<string, string> {
  const files = new Map<string, string>();
  const steps = record.totalSteps;
  const dates = complete(record.dates, steps, 'the market data');
  const allFills = sortedFills(record.fills);
  const pmSummaries: Record<string, unknown> = {};
  const pmReturns: number[][] = [];
  const pmEquityLines: { name: string; values: number[] }[] = [];
  let firmPnlByStep: Dec[] = dates.map(() => ZERO);
  const washSales = washSalesByAccount(config, record);
  const perfs = new Map<string, Performance>();

  for (const pm of config.pms) {
    const stepsDone = complete(record.pmSteps.get(pm.id), steps, `PM ${pm.id}`);
    const fills = allFills.filter((f) => f.pmId === pm.id);
    const trades = blockTrades(fills);
    const equity = stepsDone.map((x) => x.equity);
    const returns = stepsDone.map((x) => x.stepReturn);
    firmPnlByStep = firmPnlByStep.map((p, i) => p.plus(stepsDone[i]!.pnl));
    const last = stepsDone.at(-1)!;
    const perf = computePerformance({ initialEquity: pm.capital, finalEquity: last.equity, returns, roundTrips: countRoundTrips(trades.map((t) => ({ symbol: t.symbol, side: t.side, qty: t.qty }))), fills: trades.length });
    pmReturns.push(returns);
    pmEquityLines.push({ name: pm.id, values: equity.map((e) => new D(e).toNumber()) });
    const dir = pm.id;
    const tradeRows = trades.map((t) => [t.date, t.orderId, t.symbol, t.side, decText(t.qty), decText(t.notional.div(t.qty).toDecimalPlaces(8)), decText(t.commission)]);
    const tradeHeader = ['date', 'order_id', 'symbol', 'side', 'qty', 'avg_price', 'commission'];
    files.set(`${dir}/equity.csv`, csv(['date', 'equity'], dates.map((d, i) => [d, equity[i]])));
    files.set(`${dir}/trades.csv`, csv(tradeHeader, tradeRows));
    files.set(`${dir}/positions.csv`, csv(['symbol', 'qty', 'avg_price', 'last_price', 'market_value'], last.positions.map((p) => [p.symbol, p.qty, p.avgPrice, p.lastPrice, p.marketValue])));
    const pmBench = benchmarkSection({ meta: pm.meta, capital: pm.capital, dates, equity, returns, closes: record.closes });
    perfs.set(pm.id, perf);
    files.set(`${dir}/performance.json`, json({ ...perf, ...pmBench.perf }));
    for (const [name, text] of pmBench.files) files.set(`${dir}/${name}`, text);

    const accounts: Record<string, unknown> = {};
    const acctLines: { name: string; values: number[] }[] = [];
    for (const a of pm.accounts) {
      const snaps = complete(record.accountSteps.get(`${pm.id}/${a.id}`), steps, `account ${pm.id}/${a.id}`);
      const aFills = fills.filter((f) => f.accountId === a.id);
      const aEquity = snaps.map((x) => x.equity);
      const aReturns = simpleReturns(new D(a.capital), aEquity);
      const aPerf = computePerformance({ initialEquity: a.capital, finalEquity: aEquity.at(-1)!, returns: aReturns, roundTrips: countRoundTrips(aFills.map((f) => ({ symbol: f.symbol, side: side(f), qty: f.qty }))), fills: aFills.length });
      const more = accountSection({ config, pm, account: a, snaps, dates, returns: aReturns, record, washSales: washSales.get(`${pm.id}/${a.id}`) ?? [] });
      perfs.set(`${pm.id}/${a.id}`, aPerf);
      accounts[a.id] = { capital: a.capital, ...aPerf, ...more.perf, ...more.summary };
      acctLines.push({ name: a.id, values: aEquity.map((e) => new D(e).toNumber()) });
      const adir = `${dir}/accounts/${a.id}`;
      const aRows = aFills.map((f) => [f.date, f.fillId, f.parentId, f.symbol, side(f), f.qty, f.price, f.commission]);
      const aHeader = ['date', 'fill_id', 'order_id', 'symbol', 'side', 'qty', 'price', 'commission'];
      const aLast = snaps.at(-1)!;
      files.set(`${adir}/equity.csv`, csv(['date', 'equity'], dates.map((d, i) => [d, aEquity[i]])));
      files.set(`${adir}/trades.csv`, csv(aHeader, aRows));
      files.set(`${adir}/positions.csv`, csv(['symbol', 'qty', 'avg_price', 'last_price', 'market_value'], aLast.positions.map((p) => [p.symbol, p.qty, p.avgPrice, p.lastPrice, p.marketValue])));
      files.set(`${adir}/performance.json`, json({ ...aPerf, ...more.perf }));
      for (const [name, text] of more.files) files.set(`${adir}/${name}`, text);
      files.set(
        `${adir}/report.html`,
        portfolioHtml({ title: `Account ${a.id}`, subtitle: `PM ${pm.id} · capital ${money(a.capital)} · cash at the end ${money(aLast.cash)} · ${dates[0]} to ${dates.at(-1)}`, dates, equity: aEquity, returns: aReturns, perf: aPerf, positions: aLast.positions, trades: aRows.map((r) => r.map(String)), tradeHeader: aHeader, extra: more.html }),
      );
    }
    pmSummaries[pm.id] = { capital_initial: pm.capital, capital_final: last.capital, trading_state: last.tradingState, signals: record.signals.get(pm.id) ?? 0, ...perf, ...pmBench.perf, accounts };
    const acctTable = table(['account', 'capital', 'final equity', 'total return', 'Sharpe', 'max drawdown', 'fills'], pm.accounts.map((a) => {
      const p = accounts[a.id] as Performance;
      return [a.id, money(a.capital), money(p.final_equity), pct(p.total_return), num(p.sharpe), pct(p.max_drawdown), p.fills];
    }));
    files.set(
      `${dir}/report.html`,
      portfolioHtml({
        title: `PM ${pm.id}`,
        subtitle: `${config.firm.id} · capital ${money(pm.capital)} → ${money(last.capital)} · ${pm.strategies.length} strategies · ${pm.accounts.length} accounts · ${dates[0]} to ${dates.at(-1)}`,
        dates,
        equity,
        returns,
        perf,
        positions: last.positions,
        trades: tradeRows.map((r) => r.map(String)),
        tradeHeader,
        extra: `<h2>Accounts</h2>${acctTable}${pm.accounts.length > 1 ? lineChart({ title: 'Account equity', labels: dates, series: acctLines }) : ''}${pmBench.html}`,
      }),
    );
  }

  // firm: capital plus every PM's P&L; no flows at firm level
  const firmCapital = new D(config.firm.capital);
  let cum = firmCapital;
  const firmEquity = firmPnlByStep.map((p) => (cum = cum.plus(p)));
  const firmReturns = simpleReturns(firmCapital, firmEquity.map(decText));
  const firmTrades = blockTrades(allFills);
  const firmPerf = computePerformance({ initialEquity: config.firm.capital, finalEquity: decText(firmEquity.at(-1) ?? firmCapital), returns: firmReturns, roundTrips: countRoundTrips(firmTrades.map((t) => ({ symbol: t.symbol, side: t.side, qty: t.qty }))), fills: firmTrades.length });
  const ids = config.pms.map((p) => p.id);
  const matrix = correlationMatrix(pmReturns).map((row) => row.map((v) => Number(v.toFixed(12))));

  const risk = buildRiskReport(config, record, dates);
  for (const [path, text] of risk.files) files.set(path, text);

  const cancels: Record<string, number> = {};
  for (const c of record.cancels) {
    const r = reasonFromWire(c.reason) ?? 'UNSPECIFIED';
    cancels[r] = (cancels[r] ?? 0) + 1;
  }
  const weights = record.weights
    .slice()
    .sort((a, b) => a.seq - b.seq)
    .map((w) => ({ seq: w.seq, after_step: w.step, date: w.date, method: w.method, note: w.note, firm_equity: w.firmEquity, weights: Object.fromEntries(w.weights.map((x) => [x.pmId, x.weight])), capital: Object.fromEntries(w.weights.map((x) => [x.pmId, x.capital])), unallocated: w.unallocated }));
  const alloc = allocationReport(config, record);

  const summary = {
    firm: { id: config.firm.id, capital: config.firm.capital, ...firmPerf },
    pms: pmSummaries,
    correlation: { ids, matrix },
    allocation: { method: config.allocation.method ?? 'fixed', rebalance: config.allocation.rebalance, weights, accounts: alloc.accounts },
    risk: risk.summary,
    by_tag: tagsSummary(config, record, (key) => perfs.get(key)!),
    orders: { block_fills: firmTrades.length, child_fills: allFills.length, cancels: Object.fromEntries(Object.entries(cancels).sort()) },
    data: { source: config.data.source, symbols: data.symbols.length, steps, start: dates[0] ?? '', end: dates.at(-1) ?? '', warnings: data.warnings },
  };
  files.set('summary.json', json(summary));

  const pmRows = config.pms.map((pm) => {
    const p = pmSummaries[pm.id] as Performance & { capital_final: string; trading_state: string };
    return [pm.id, money(pm.capital), money(p.capital_final), money(p.final_equity), pct(p.total_return), pct(p.annual_volatility), num(p.sharpe), pct(p.max_drawdown), p.fills, p.trading_state];
  });
  const corrTable = table(['', ...ids], ids.map((id, i) => [id, ...matrix[i]!.map((v) => v.toFixed(2))]));
  const weightsHtml = weights.length
    ? table(['date', 'method', ...ids], weights.map((w) => [w.date, w.method, ...ids.map((id) => pct(w.weights[id] ?? 0))]), { caption: 'capital weights decided after each date, in force from the next step' })
    : `<p class="note">PM capitals are fixed (no allocation method).</p>`;
  files.set(
    'report.html',
    page(
      `${config.firm.name ?? config.firm.id}: consolidated report`,
      `${config.pms.length} PMs · ${config.pms.reduce((s, p) => s + p.accounts.length, 0)} accounts · ${data.symbols.length} symbols · ${steps} steps · ${dates[0]} to ${dates.at(-1)}`,
      [
        kpis(perfRows(firmPerf)),
        lineChart({ title: 'Firm equity', labels: dates, series: [{ name: 'firm', values: firmEquity.map((e) => e.toNumber()) }] }),
        lineChart({ title: 'Firm drawdown', labels: dates, series: [{ name: 'drawdown', values: drawdowns(firmReturns) }], percent: true, area: true, height: 180 }),
        '<h2>PMs</h2>',
        table(['PM', 'capital (start)', 'capital (end)', 'final equity', 'total return', 'volatility', 'Sharpe', 'max drawdown', 'fills', 'state'], pmRows, { id: 'pm-comparison' }),
        lineChart({ title: 'PM equity', labels: dates, series: pmEquityLines }),
        tagsHtml(summary.by_tag),
        '<h2>Correlation of PM daily returns</h2>',
        corrTable,
        '<h2>Allocation</h2>',
        weightsHtml,
        alloc.html,
        risk.html,
        data.warnings.length ? `<h2>Data</h2>${data.warnings.map((w) => `<p class="warn">${esc(w)}</p>`).join('')}` : '',
      ].join(''),
    ),
  );
  return files;
}
