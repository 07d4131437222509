import { D, ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import { worstNotional } from './exposure-book.js';
import { measureLimits, type BookSnapshot, type LimitUsage, type UsageContext } from './limit-usage.js';

/** The book master-risk started a step's decisions from: positions after that step's fills, marked at its close. */
export interface StepBook extends BookSnapshot {
  readonly step: number;
}

/** An approved (or scaled) block order as the decision log records it. */
export interface ApprovedOrder {
  readonly step: number;
  readonly orderId: string;
  readonly pmId: string;
  readonly symbol: string;
  readonly side: Side;
  /** the approved quantity */
  readonly qty: Dec;
  /** the price the decision valued it at */
  readonly price: Dec;
}

/** An approval that took an exposure over its limit (or further over it). */
export interface ActiveBreach extends LimitUsage {
  readonly step: number;
  readonly orderId: string;
  readonly pmId: string;
  /** the exposure before the approval */
  readonly before: Dec;
}

/** A book over a limit at a close with no approval to blame: prices (or a smaller PM capital) did it. */
export interface PassiveBreach extends LimitUsage {
  readonly step: number;
}

/** What the checker found: active breaches (there must be none) and passive ones. */
export interface BreachReport {
  readonly active: readonly ActiveBreach[];
  readonly passive: readonly PassiveBreach[];
  /** steps at whose close some book was over some limit */
  readonly passiveSteps: number;
}

interface Line {
  pos: Dec;
  resBuy: Dec;
  resSell: Dec;
  price: Dec;
}

const line = (lines: Map<string, Line>, symbol: string): Line => {
  let l = lines.get(symbol);
  if (!l) lines.set(symbol, (l = { pos: ZERO, resBuy: ZERO, resSell: ZERO, price: ZERO }));
  return l;
};
const worst = (l: Line) => worstNotional(l.pos, l.resBuy, l.resSell, l.price);
const HUNDRED = new D(100);

/** Worst-case totals of one book: gross, net if all buys fill, net if all sells fill, and per-sector gross. */
class Totals {
  readonly lines = new Map<string, Line>();
  gross = ZERO;
  netHigh = ZERO;
  netLow = ZERO;
  readonly sectors = new Map<string, Dec>();

  constructor(positions: readonly { symbol: string; qty: Dec; price: Dec }[], private readonly sectorOf?: (s: string) => string) {
    for (const p of positions) this.change(p.symbol, (l) => Object.assign(l, { pos: p.qty, price: p.price }));
  }

  /** Changes one line and moves the totals by the difference. */
  change(symbol: string, f: (l: Line) => void): void {
    const l = line(this.lines, symbol);
    const w0 = worst(l);
    const hi0 = l.pos.plus(l.resBuy).times(l.price);
    const lo0 = l.pos.minus(l.resSell).times(l.price);
    f(l);
    const w1 = worst(l);
    this.gross = this.gross.minus(w0).plus(w1);
    this.netHigh = this.netHigh.minus(hi0).plus(l.pos.plus(l.resBuy).times(l.price));
    this.netLow = this.netLow.minus(lo0).plus(l.pos.minus(l.resSell).times(l.price));
    if (this.sectorOf) {
      const s = this.sectorOf(symbol);
      this.sectors.set(s, (this.sectors.get(s) ?? ZERO).minus(w0).plus(w1));
    }
  }
}

/**
 * Recomputes, from the per-step books and the decision log, whether any approval took any firm
 * exposure (gross, net long or short, single name in % of capital or notional, sector) or any
 * PM's gross cap over its limit — or, where it was already over, further over — and whether any
 * order's notional or any PM's count of orders in a step was over its limit (active breaches:
 * there must be none); and at which closes a book was over a limit with no approval to blame
 * (passive breaches). Exposure counts open reservations at their worst, as master-risk does.
 * Whether a step has an active breach does not depend on the order its approvals are replayed
 * in (every exposure only grows with reservations), so a log in arrival order serves. Pure.
 */
export function findRiskBreaches(input: { ctx: UsageContext; books: readonly StepBook[]; approvals: readonly ApprovedOrder[] }): BreachReport {
  const { ctx } = input;
  const { limits } = ctx;
  const passive: PassiveBreach[] = [];
  const passiveSteps = new Set<number>();
  const books = new Map(input.books.map((b) => [b.step, b]));
  for (const b of [...input.books].sort((a, c) => a.step - c.step)) {
    for (const o of measureLimits(b, ctx).over) {
      passive.push({ ...o, step: b.step });
      passiveSteps.add(b.step);
    }
  }

  const byStep = new Map<number, ApprovedOrder[]>();
  for (const a of input.approvals) {
    const list = byStep.get(a.step);
    if (list) list.push(a);
    else byStep.set(a.step, [a]);
  }
  const active: ActiveBreach[] = [];
  for (const [step, approvals] of [...byStep.entries()].sort(([a], [b]) => a - b)) {
    const book = books.get(step) ?? { step, firm: [], pms: [] };
    const firm = new Totals(book.firm, ctx.sectorOf);
    const pms = new Map(book.pms.map((p) => [p.pmId, { totals: new Totals(p.positions), cap: p.cap }]));
    const counts = new Map<string, number>();
    for (const a of approvals) {
      const pm = pms.get(a.pmId) ?? { totals: new Totals([]), cap: undefined };
      pms.set(a.pmId, pm);
      const sector = ctx.sectorOf(a.symbol);
      for (const t of [firm, pm.totals]) t.change(a.symbol, (l) => (l.price = a.price));
      const before = { gross: firm.gross, netHigh: firm.netHigh, netLow: firm.netLow, name: worst(line(firm.lines, a.symbol)), sector: firm.sectors.get(sector) ?? ZERO, pm: pm.totals.gross };
      for (const t of [firm, pm.totals]) t.change(a.symbol, (l) => (a.side === 'buy' ? (l.resBuy = l.resBuy.plus(a.qty)) : (l.resSell = l.resSell.plus(a.qty))));
      const name = worst(line(firm.lines, a.symbol));
      const count = (counts.get(a.pmId) ?? 0) + 1;
      counts.set(a.pmId, count);
      const checks: [string, string, Dec, Dec, Dec | undefined][] = [
        ['max_gross_exposure', 'firm', before.gross, firm.gross, limits.maxGrossExposure],
        ['max_net_exposure', 'firm', before.netHigh, firm.netHigh, limits.maxNetExposure],
        ['max_net_exposure', 'firm', before.netLow.neg(), firm.netLow.neg(), limits.maxNetExposure],
        ['max_single_name_pct', a.symbol, before.name, name, limits.maxSingleNamePct && ctx.firmCapital.times(limits.maxSingleNamePct).div(HUNDRED)],
        ['max_single_name_notional', a.symbol, before.name, name, limits.maxSingleNameNotional],
        ['max_sector_pct', sector, before.sector, firm.sectors.get(sector) ?? ZERO, limits.maxSectorPct && ctx.firmCapital.times(limits.maxSectorPct).div(HUNDRED)],
        ['pm_capital_cap', a.pmId, before.pm, pm.totals.gross, pm.cap],
        ['max_order_notional', a.orderId, ZERO, a.qty.times(a.price), limits.maxOrderNotional],
        ['max_orders_per_step', a.pmId, new D(count - 1), new D(count), limits.maxOrdersPerStep === undefined ? undefined : new D(limits.maxOrdersPerStep)],
      ];
      for (const [limit, scope, was, value, limitValue] of checks) {
        if (limitValue && value.gt(limitValue) && value.gt(was)) active.push({ step, orderId: a.orderId, pmId: a.pmId, limit, scope, value, limitValue, before: was });
      }
    }
  }
  return { active, passive, passiveSteps: passiveSteps.size };
}
