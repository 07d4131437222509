import { describe, expect, it } from 'vitest';
import { D, findRiskBreaches, firmLimitsOf, instrumentOf, parseConfigObject, tryDecimal, type ApprovedOrder, type AtriumConfig, type Dec, type StepBook } from '@atrium/domain';
import { decisionFromWire, sideFromWire } from '@atrium/wire';
import { syntheticRun } from '../session/synthetic-record.js';
import type { RunRecord } from '../session/collector.js';
import { runBreaches } from './risk-report.js';

const run = syntheticRun({ pms: 4, steps: 120, seed: 7 });

/** The config of the synthetic run with these firm limits. */
function withLimits(firm: Record<string, unknown>): AtriumConfig {
  const c = run.config;
  return parseConfigObject({
    firm: { id: c.firm.id, capital: c.firm.capital },
    data: { source: 'synthetic', seed: 1, start: run.record.dates[0], end: run.record.dates.at(-1), symbols: run.data.symbols },
    risk: { firm },
    pms: c.pms.map((p) => ({ id: p.id, capital: p.capital, accounts: p.accounts.map((a) => ({ id: a.id, capital: a.capital })) })),
  }, { baseDir: '/' });
}

/** Every book in full, every PM's, as the checker's input was built before it was trimmed to what the limits read. */
function fullInput(record: RunRecord): { books: StepBook[]; approvals: ApprovedOrder[] } {
  const fills = [...record.fills].sort((a, b) => a.step - b.step || (a.fillId < b.fillId ? -1 : 1));
  const firm = new Map<string, Dec>();
  const pms = new Map<string, Map<string, Dec>>();
  const last = new Map<string, Dec>();
  const add = (book: Map<string, Dec>, s: string, q: Dec) => {
    const v = (book.get(s) ?? new D(0)).plus(q);
    if (v.isZero()) book.delete(s);
    else book.set(s, v);
  };
  const books: StepBook[] = [];
  let f = 0;
  record.riskBooks.forEach((b, step) => {
    for (; f < fills.length && fills[f]!.step <= step; f++) {
      const x = fills[f]!;
      const q = sideFromWire(x.side) === 'sell' ? new D(x.qty).neg() : new D(x.qty);
      add(firm, x.symbol, q);
      add(pms.get(x.pmId) ?? pms.set(x.pmId, new Map()).get(x.pmId)!, x.symbol, q);
      last.set(x.symbol, new D(x.price));
    }
    for (const bar of record.bars[step] ?? []) if (firm.has(bar.symbol) || [...pms.values()].some((m) => m.has(bar.symbol))) last.set(bar.symbol, new D(bar.close));
    const held = (book: Map<string, Dec>) => [...book].map(([symbol, qty]) => ({ symbol, qty, price: last.get(symbol)! }));
    books.push({ step, firm: held(firm), pms: b!.pms.map((p) => ({ pmId: p.pmId, positions: held(pms.get(p.pmId) ?? new Map()), ...(p.grossLimit ? { cap: new D(p.grossLimit) } : {}) })) });
  });
  const approvals: ApprovedOrder[] = [];
  for (const batch of record.decisions) {
    for (const d of batch.decisions) {
      const o = batch.orders.find((x) => x.orderId === d.orderId)!;
      if (decisionFromWire(d.decision) === 'denied') continue;
      approvals.push({ step: batch.step, orderId: d.orderId, pmId: batch.pmId, symbol: o.symbol, side: sideFromWire(o.side) as 'buy' | 'sell', qty: tryDecimal(d.approvedQty)!, price: tryDecimal(d.price)! });
    }
  }
  return { books, approvals };
}

const full = (config: AtriumConfig, record: RunRecord) =>
  findRiskBreaches({ ctx: { limits: firmLimitsOf(config.risk.firm), firmCapital: new D(config.firm.capital), sectorOf: (s) => instrumentOf(config, s).sector }, ...fullInput(record) });

// PM caps as master-risk would have reported them, so that PM books matter too
const pm = (pmId: string, grossLimit: string) => ({ pmId, gross: '', net: '', grossLimit, state: 'ACTIVE' });
const capped: RunRecord = { ...run.record, riskBooks: run.record.riskBooks.map((b) => ({ ...b!, pms: [pm('pm-002', '30000'), pm('pm-003', '')] })) };

describe('the post-run breach check of the report', () => {
  it('replays nothing when no limit is set: nothing can be breached', () => {
    expect(runBreaches(run.config, run.record)).toEqual({ active: [], passive: [], passiveSteps: 0 });
  });

  it.each<[string, Record<string, unknown>, RunRecord]>([
    ['an order notional limit the synthetic orders exceed', { max_order_notional: 20000 }, run.record],
    ['firm exposure limits', { max_gross_exposure: 120000, max_net_exposure: 40000, max_single_name_pct: 0.5, max_sector_pct: 1 }, run.record],
    ['orders per step', { max_orders_per_step: 1 }, run.record],
    ['PM caps', {}, capped],
    ['everything at once', { max_gross_exposure: 150000, max_single_name_notional: 20000, max_order_notional: 30000 }, capped],
  ])('finds the same breaches with %s as the checker given every book in full', (_what, limits, record) => {
    const config = withLimits(limits);
    const found = runBreaches(config, record);
    expect(found).toEqual(full(config, record));
    expect(found.active.length + found.passive.length).toBeGreaterThan(0);
  });

  it('counts an approval over a limit as an active breach', () => {
    const found = runBreaches(withLimits({ max_order_notional: 20000 }), run.record);
    expect(found.active.length).toBeGreaterThan(0);
    expect(found.active.every((b) => b.limit === 'max_order_notional' && b.value.gt(20000))).toBe(true);
  });
});
