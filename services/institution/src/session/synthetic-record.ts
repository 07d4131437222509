import { capitalsFromWeights, createRng, D, decText, parseConfigObject, ZERO, type AtriumConfig, type Dec } from '@atrium/domain';
import { v1, type Bodies } from '@atrium/wire';
import type { DataFacts } from '../report/sections.js';
import type { RunRecord } from './collector.js';

/** The shape of a synthetic run. */
export interface SyntheticRunOptions {
  readonly pms: number;
  readonly steps: number;
  readonly accountsPerPm?: number;
  readonly strategiesPerPm?: number;
  readonly symbols?: number;
  readonly seed?: number;
  /** also define groups: teams of 5 PMs and one group of all teams */
  readonly groups?: boolean;
  /**
   * Move capital between PMs every this many steps, as allocation does: new weights drawn at
   * random, each PM's capital weight × firm equity (capitalsFromWeights), in force from the next
   * step as a flow, not a return. Absent: capitals stay fixed.
   */
  readonly rebalanceEvery?: number;
}

const PREFIXES = ['TECH', 'FIN', 'HLTH', 'ENGY', 'CONS', 'INDU'];

/** Weekdays from 2015-01-01; pure. */
function weekdays(n: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2015, 0, 1); out.length < n; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

const cents = (x: number) => new D(x.toFixed(2));

/** A message as the collector would hold it: encoded and decoded, so every field is there as on the wire. */
function wire<K extends keyof Bodies>(type: { create(o: object): object; encode(m: object): { finish(): Uint8Array }; decode(b: Uint8Array): unknown }, body: object): Bodies[K] {
  return type.decode(type.encode(type.create(body)).finish()) as Bodies[K];
}

/**
 * A deterministic, internally consistent run record without a broker — for report tests and the
 * report benchmark: PMs whose strategies change targets now and then, block orders filled at the
 * next open and split pro rata across accounts, exact cash and equity per account, PM step_done
 * as the sum of its accounts. Not a simulation of any strategy; pure.
 */
export function syntheticRun(o: SyntheticRunOptions): { config: AtriumConfig; record: RunRecord; data: DataFacts } {
  const rng = createRng(o.seed ?? 1);
  const nAcct = o.accountsPerPm ?? 2;
  const nStrat = o.strategiesPerPm ?? 2;
  const symbols = Array.from({ length: o.symbols ?? 20 }, (_, i) => `${PREFIXES[i % PREFIXES.length]}${Math.floor(i / PREFIXES.length) + 1}`).sort();
  const dates = weekdays(o.steps);
  const pmIds = Array.from({ length: o.pms }, (_, i) => `pm-${String(i + 1).padStart(3, '0')}`);
  const symbolsOf = (p: number, k: number) => [0, 1, 2].map((j) => symbols[(p * 3 + k * 2 + j) % symbols.length]!);
  const teams = Array.from({ length: Math.ceil(o.pms / 5) }, (_, i) => ({ id: `team-${i + 1}`, pms: pmIds.slice(i * 5, i * 5 + 5) }));
  const config = parseConfigObject(
    {
      firm: { id: 'synthetic', capital: String(o.pms * 1_000_000) },
      data: { source: 'synthetic', seed: 1, start: dates[0], end: dates.at(-1), symbols },
      execution: { slippage_bps: 5, commission: { per_share: 0.005 } },
      analytics: { correlation: { window: 63, min_periods: 20, levels: ['pm', 'account', 'strategy'] } },
      pms: pmIds.map((id, p) => ({
        id,
        capital: 1_000_000,
        strategies: Array.from({ length: nStrat }, (_, k) => ({ id: `s${k + 1}`, type: 'sma_crossover', symbols: symbolsOf(p, k), params: { fast: 5, slow: 20, allow_short: true } })),
        accounts: Array.from({ length: nAcct }, (_, a) => ({ id: `a${a + 1}`, capital: String(1_000_000 / nAcct) })),
      })),
      ...(o.groups ? { groups: [...teams.map((t) => ({ id: t.id, pms: t.pms })), { id: 'all-teams', groups: teams.map((t) => t.id) }] } : {}),
      ...(o.rebalanceEvery ? { allocation: { method: 'inverse_vol', rebalance: 'monthly', lookback: 20 } } : {}),
    },
    { baseDir: '/' },
  );

  const record: RunRecord = {
    dates, totalSteps: o.steps, pmSteps: new Map(), accountSteps: new Map(), accountEquity: new Map(), fills: [], accepted: [], cancels: [], decisions: [], riskBooks: [], weights: [],
    signals: new Map(), bars: [], strategySignals: [], correlationBreaks: [], analyticsStep: o.steps - 1,
    riskUnavailable: [], riskAlerts: [], compliance: [], closes: new Map(), splits: [],
  };
  const close = new Map(symbols.map((s) => [s, cents(rng.uniform(20, 200))]));
  const share = (a: number) => (a < nAcct - 1 ? new D(1).div(nAcct).toDecimalPlaces(2) : new D(1).minus(new D(1).div(nAcct).toDecimalPlaces(2).times(nAcct - 1)));
  const pms = pmIds.map((id, p) => ({
    id,
    targets: Array.from({ length: nStrat }, (_, k) => new Map(symbolsOf(p, k).map((s) => [s, ZERO]))),
    accounts: Array.from({ length: nAcct }, () => ({ cash: new D(1_000_000 / nAcct), qty: new Map<string, Dec>() })),
    prevEquity: new D(1_000_000),
    capital: new D(1_000_000),
    /** capital moved in by allocation, held as cash by the PM beside its accounts */
    flows: ZERO,
  }));
  let firmEquity = new D(config.firm.capital);
  let seq = 0;
  const sideOf = (q: Dec) => (q.isNeg() ? v1.Side.SIDE_SELL : v1.Side.SIDE_BUY);

  for (let t = 0; t < o.steps; t++) {
    const date = dates[t]!;
    const open = new Map<string, Dec>();
    const bars: Bodies['marketStep']['bars'][number][] = [];
    for (const s of symbols) {
      const op = cents(close.get(s)!.toNumber() * (1 + rng.normal() * 0.004));
      const cl = cents(op.toNumber() * (1 + rng.normal() * 0.012));
      open.set(s, op);
      close.set(s, cl);
      bars.push(wire<'marketStep'>(v1.MarketStep, { bars: [{ symbol: s, open: decText(op), high: decText(D.max(op, cl)), low: decText(D.min(op, cl)), close: decText(cl), volume: '100000' }] }).bars[0]!);
    }
    record.bars[t] = bars;
    for (const pm of pms) {
      // fills at this open: the PM moves to the net of its strategies' targets of the last close
      const net = new Map<string, Dec>();
      for (const tg of pm.targets) for (const [s, q] of tg) net.set(s, (net.get(s) ?? ZERO).plus(q));
      const orders: Bodies['riskDecisions']['orders'][number][] = [];
      let n = 0;
      for (const [s, want] of [...net].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const held = pm.accounts.reduce((x, a) => x.plus(a.qty.get(s) ?? ZERO), ZERO);
        const diff = want.minus(held);
        if (diff.isZero()) continue;
        const orderId = `${pm.id}-${t - 1}-${++n}`;
        orders.push({ orderId, pmId: pm.id, symbol: s, side: sideOf(diff), qty: decText(diff.abs()), refPrice: decText(close.get(s)!), step: t - 1, strategyIds: [] } as unknown as Bodies['riskDecisions']['orders'][number]);
        const price = diff.isNeg() ? open.get(s)!.times('0.9995') : open.get(s)!.times('1.0005');
        let left = diff.abs();
        pm.accounts.forEach((a, i) => {
          const q = i === nAcct - 1 ? left : diff.abs().times(share(i)).floor();
          left = left.minus(q);
          if (q.isZero()) return;
          const signed = diff.isNeg() ? q.neg() : q;
          const commission = q.times('0.005');
          a.cash = a.cash.minus(signed.times(price)).minus(commission);
          a.qty.set(s, (a.qty.get(s) ?? ZERO).plus(signed));
          const childId = `${orderId}-a${i + 1}`;
          record.fills.push(wire<'fill'>(v1.Fill, { fillId: childId, childId, parentId: orderId, pmId: pm.id, accountId: `a${i + 1}`, symbol: s, side: sideOf(diff), qty: decText(q), price: decText(price), commission: decText(commission), step: t, date }));
        });
      }
      if (orders.length) {
        record.decisions.push(wire<'riskDecisions'>(v1.RiskDecisionBatch, { pmId: pm.id, step: t - 1, orders, decisions: orders.map((x) => ({ orderId: x.orderId, decision: v1.Decision.DECISION_APPROVED, reason: v1.ReasonCode.REASON_OK, message: '', approvedQty: x.qty, price: x.refPrice })) }));
      }
      // marks at the close
      let equity = ZERO;
      const pmQty = new Map<string, Dec>();
      pm.accounts.forEach((a, i) => {
        const positions = [...a.qty].filter(([, q]) => !q.isZero()).sort(([x], [y]) => (x < y ? -1 : 1)).map(([s, q]) => ({ symbol: s, qty: decText(q), avgPrice: decText(close.get(s)!), lastPrice: decText(close.get(s)!), marketValue: decText(q.times(close.get(s)!)) }));
        const e = positions.reduce((x, p) => x.plus(p.marketValue), a.cash);
        equity = equity.plus(e);
        for (const [s, q] of a.qty) pmQty.set(s, (pmQty.get(s) ?? ZERO).plus(q));
        const key = `${pm.id}/a${i + 1}`;
        const list = record.accountSteps.get(key) ?? [];
        const gross = positions.reduce((x, p) => x.plus(new D(p.marketValue).abs()), ZERO);
        list[t] = wire<'accountSnapshot'>(v1.AccountSnapshot, { pmId: pm.id, accountId: `a${i + 1}`, step: t, date, cash: decText(a.cash), equity: decText(e), gross: decText(gross), net: decText(e.minus(a.cash)), positions });
        record.accountSteps.set(key, list);
        const equities = record.accountEquity.get(key) ?? [];
        equities[t] = list[t]!.equity;
        record.accountEquity.set(key, equities);
      });
      const positions = [...pmQty].filter(([, q]) => !q.isZero()).sort(([x], [y]) => (x < y ? -1 : 1)).map(([s, q]) => ({ symbol: s, qty: decText(q), avgPrice: decText(close.get(s)!), lastPrice: decText(close.get(s)!), marketValue: decText(q.times(close.get(s)!)) }));
      equity = equity.plus(pm.flows);
      const pnl = equity.minus(pm.prevEquity);
      firmEquity = firmEquity.plus(pnl);
      const list = record.pmSteps.get(pm.id) ?? [];
      list[t] = wire<'stepDone'>(v1.StepDone, {
        pmId: pm.id, step: t, date, equity: decText(equity), capital: decText(pm.capital), pnl: decText(pnl), stepReturn: pnl.toNumber() / pm.prevEquity.toNumber(), positions, ordersSent: orders.length, ordersApproved: orders.length,
        tradingState: 'ACTIVE', gross: decText(positions.reduce((x, p) => x.plus(new D(p.marketValue).abs()), ZERO)), net: decText(positions.reduce((x, p) => x.plus(p.marketValue), ZERO)),
      });
      record.pmSteps.set(pm.id, list);
      pm.prevEquity = equity;
      // strategies decide at this close now and then
      pm.targets.forEach((tg, k) => {
        if (t === o.steps - 1 || rng.next() > 0.07) return;
        const s = rng.pick([...tg.keys()]);
        const q = new D(rng.int(-30, 30) * 10);
        tg.set(s, q);
        record.strategySignals.push(wire<'signal'>(v1.Signal, { pmId: pm.id, strategyId: `s${k + 1}`, symbol: s, step: t, date, direction: q.isZero() ? 0 : q.isNeg() ? -1 : 1, targetQty: decText(q), score: 0 }));
        record.signals.set(pm.id, (record.signals.get(pm.id) ?? 0) + 1);
      });
    }
    record.riskBooks[t] = wire<'riskBook'>(v1.RiskBook, { step: t, date, firmState: 'ACTIVE' });
    if (o.rebalanceEvery && (t + 1) % o.rebalanceEvery === 0 && t < o.steps - 1) {
      // new capital from the next step: the PM's equity becomes it (a flow), P&L starts from it
      const raw = pms.map(() => rng.uniform(0.5, 1.5));
      const weights = raw.map((w) => w / raw.reduce((a, b) => a + b, 0));
      const capitals = capitalsFromWeights(firmEquity, weights, 0);
      pms.forEach((pm, i) => {
        pm.flows = pm.flows.plus(capitals[i]!.minus(pm.prevEquity));
        pm.prevEquity = capitals[i]!;
        pm.capital = capitals[i]!;
      });
      seq += 1;
      record.weights.push(wire<'capitalWeights'>(v1.CapitalWeights, {
        seq, step: t, date, method: 'inverse_vol', requestedMethod: 'inverse_vol', firmEquity: decText(firmEquity), note: '', unallocated: 0,
        weights: pms.map((pm, i) => ({ pmId: pm.id, weight: weights[i]!, capital: decText(capitals[i]!) })),
      }));
    }
  }
  return { config, record, data: { symbols, warnings: [] } };
}
