import { D, decText, findWashSales, type AccountConfig, type AtriumConfig, type PmConfig, type WashSaleWarning } from '@atrium/domain';
import { reasonFromWire, sideFromWire, type Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { csv } from './csv.js';
import { esc, table } from './html.js';
import { benchmarkSection } from './benchmark-report.js';

type Snapshot = Bodies['accountSnapshot'];
type Record_ = Bodies['complianceReport']['records'][number];

/** Money in the lot reports: 8 places at most (the wire carries exact values). */
const m8 = (t: string) => decText(new D(t || '0').toDecimalPlaces(8));
const SHOWN = 200;

/** Wash-sale warnings of every account, by `pm/account` (see findWashSales); pure. */
export function washSalesByAccount(config: Pick<AtriumConfig, 'pms'>, record: Pick<RunRecord, 'accountSteps' | 'fills'>): Map<string, WashSaleWarning[]> {
  // every account's buys, gathered in one pass over the fills
  const buysOf = new Map<string, Bodies['fill'][]>();
  for (const f of record.fills) {
    if (sideFromWire(f.side) !== 'buy') continue;
    const key = `${f.pmId}/${f.accountId}`;
    const list = buysOf.get(key);
    if (list) list.push(f);
    else buysOf.set(key, [f]);
  }
  const accounts = config.pms.flatMap((pm) =>
    pm.accounts.map((a) => {
      const key = `${pm.id}/${a.id}`;
      const realized = (record.accountSteps.get(key) ?? []).flatMap((s) => s?.realized ?? []);
      const buys = buysOf.get(key) ?? [];
      return {
        key,
        ...(a.meta.client !== undefined ? { client: a.meta.client } : {}),
        realized: realized.map((r) => ({ date: r.date, symbol: r.symbol, lotId: r.lotId, qty: new D(r.qty), pnl: new D(r.pnl), openFillId: r.openFillId, closeFillId: r.closeFillId })),
        buys: buys.map((f) => ({ date: f.date, symbol: f.symbol, qty: new D(f.qty), fillId: f.fillId })),
      };
    }),
  );
  const out = new Map<string, WashSaleWarning[]>();
  for (const w of findWashSales(accounts)) out.set(w.account, [...(out.get(w.account) ?? []), w]);
  return out;
}

// every account's compliance records, gathered once per run record (not filtered per account)
const complianceByAccount = new WeakMap<Pick<RunRecord, 'compliance'>, Map<string, Record_[]>>();

/** Compliance records of one account (its own and the PM's pre-split ones), in step order; pure. */
function recordsOf(record: Pick<RunRecord, 'compliance'>, pmId: string, accountId: string): Record_[] {
  let by = complianceByAccount.get(record);
  if (!by) {
    by = new Map();
    for (const batch of record.compliance) {
      for (const r of batch.records) {
        const key = `${r.pmId}/${r.accountId}`;
        const list = by.get(key);
        if (list) list.push(r);
        else by.set(key, [r]);
      }
    }
    complianceByAccount.set(record, by);
  }
  return [...(by.get(`${pmId}/${accountId}`) ?? [])].sort((a, b) => a.step - b.step || (a.stage < b.stage ? 1 : a.stage > b.stage ? -1 : 0) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
}

/** What an account's reports add for tax lots, compliance, wash sales and its benchmark. */
export interface AccountSection {
  /** extra `performance.json` keys: realized_pnl, unrealized_pnl, benchmark */
  readonly perf: Record<string, unknown>;
  /** extra keys of the account in summary.json */
  readonly summary: Record<string, unknown>;
  readonly html: string;
  /** files relative to the account folder */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * The tax-lot, compliance, wash-sale and benchmark reports of one account: `lots.csv` (open
 * lots at the end), `realized.csv` (every lot part closed), `compliance.csv`, `wash_sales.csv`,
 * `benchmark.csv` with a benchmark; realised and unrealised P&L for performance.json; and the
 * sections of its report.html. Pure.
 */
export function accountSection(o: {
  config: Pick<AtriumConfig, 'pms'>;
  pm: PmConfig;
  account: AccountConfig;
  snaps: readonly Snapshot[];
  dates: readonly string[];
  returns: readonly number[];
  record: Pick<RunRecord, 'compliance' | 'closes'>;
  washSales: readonly WashSaleWarning[];
}): AccountSection {
  const { snaps, account: a } = o;
  const last = snaps.at(-1)!;
  const lastLots = [...snaps].reverse().find((s) => s.lotsChanged)?.lots ?? [];
  const lotRows = lastLots.map((l) => [l.symbol, l.lotId, l.openDate, l.qty, l.unitCost]);
  const realized = snaps.flatMap((s) => s.realized);
  const realizedRows = realized.map((r) => [r.date, r.symbol, r.lotId, r.qty, r.unitCost, r.price, m8(r.pnl), r.term, r.openDate, r.holdingDays]);
  const records = recordsOf(o.record, o.pm.id, a.id);
  const recordRows = records.map((r) => [r.date, r.stage, r.orderId, r.symbol, sideFromWire(r.side), r.qty, r.rule, r.ruleSource, r.severity, r.outcome, reasonFromWire(r.reason) ?? '', r.value, r.limit, r.message]);
  const washRows = o.washSales.map((w) => [w.date, w.symbol, w.lotId, m8(decText(w.loss)), w.buyAccount, w.buyDate, decText(w.buyQty), w.buyFillId, w.daysApart, w.purchases]);
  const bench = benchmarkSection({ meta: a.meta, capital: a.capital, dates: o.dates, equity: snaps.map((s) => s.equity), returns: o.returns, closes: o.record.closes });

  const byTerm = (term: string) => realized.filter((r) => r.term === term).reduce((s, r) => s.plus(r.pnl), new D(0));
  const outcomes = (kind: string) => records.filter((r) => r.outcome === kind).length;
  const files = new Map<string, string>([
    ['lots.csv', csv(['symbol', 'lot_id', 'open_date', 'qty', 'unit_cost'], lotRows)],
    // the columns first, unchanged; the holding period appended after them
    ['realized.csv', csv(['date', 'symbol', 'lot_id', 'qty', 'unit_cost', 'price', 'pnl', 'term', 'open_date', 'holding_days'], realizedRows)],
    ['compliance.csv', csv(['date', 'stage', 'order_id', 'symbol', 'side', 'qty', 'rule', 'rule_source', 'severity', 'outcome', 'reason_code', 'value', 'limit', 'message'], recordRows)],
    ['wash_sales.csv', csv(['date', 'symbol', 'lot_id', 'loss', 'buy_account', 'buy_date', 'buy_qty', 'buy_fill_id', 'days_apart', 'purchases'], washRows)],
    ...bench.files,
  ]);
  const meta = Object.fromEntries(Object.entries(a.meta).filter(([k, v]) => k !== 'tags' || (v as string[]).length > 0));
  const summary = {
    tax_lot_method: last.taxLotMethod || 'fifo',
    ...(Object.keys(meta).length ? { meta } : {}),
    compliance: { refused: outcomes('refused'), excluded: outcomes('excluded'), warned: outcomes('warned') },
    wash_sale_warnings: o.washSales.length,
  };
  const perf = { realized_pnl: m8(last.realizedPnl), unrealized_pnl: m8(last.unrealizedPnl), ...bench.perf };

  const shown = <T>(rows: readonly T[]) => rows.slice(-SHOWN);
  const note = (n: number, file: string) => (n > SHOWN ? `<p class="note">the last ${SHOWN} of ${n} shown; all in ${file}</p>` : '');
  const html = [
    `<h2>Tax lots (${esc(summary.tax_lot_method)})</h2>`,
    `<p>Realised P&amp;L ${esc(perf.realized_pnl)} (short-term ${esc(m8(decText(byTerm('short_term'))))}, long-term ${esc(m8(decText(byTerm('long_term'))))}); unrealised ${esc(perf.unrealized_pnl)}.</p>`,
    lotRows.length ? table(['symbol', 'lot', 'opened', 'qty', 'unit cost'], lotRows, { caption: 'open lots at the end' }) : '<p class="note">no open lots</p>',
    realizedRows.length
      ? table(['date', 'symbol', 'lot', 'opened', 'days held', 'qty', 'unit cost', 'price', 'P&L', 'term'], shown(realizedRows).map((r) => [...r.slice(0, 3), r[8]!, r[9]!, ...r.slice(3, 8)]), { caption: 'lots closed' }) + note(realizedRows.length, 'realized.csv')
      : '',
    '<h2>Compliance</h2>',
    records.length
      ? `<p>${summary.compliance.refused} child orders refused, ${summary.compliance.excluded} times left out of a block, ${summary.compliance.warned} warnings.</p>` +
        table(['date', 'stage', 'order', 'symbol', 'side', 'qty', 'rule', 'outcome', 'reason', 'what was found'], shown(recordRows).map((r) => [...r.slice(0, 7), r[9], r[10], r[13]])) +
        note(recordRows.length, 'compliance.csv')
      : '<p class="note">no refusals or warnings</p>',
    o.washSales.length
      ? `<h2>Wash-sale warnings</h2><p class="warn">${o.washSales.length} losses with a purchase of the same symbol by the same client within 30 days (a warning: nothing was adjusted).</p>` +
        table(['date', 'symbol', 'lot', 'loss', 'bought by', 'on', 'qty', 'fill', 'days apart', 'purchases'], shown(washRows))
      : '',
    bench.html,
  ].join('');
  return { perf, summary, html, files };
}
