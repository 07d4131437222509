import { D, ZERO, type Dec } from '../money/decimal.js';
import type { FirmLimits } from './firm-check.js';

/** A position of a book, marked at a price. */
export interface HeldPosition {
  readonly symbol: string;
  readonly qty: Dec;
  readonly price: Dec;
}

/** The positions of the firm and of each PM at one close, with each PM's gross cap in force. */
export interface BookSnapshot {
  readonly firm: readonly HeldPosition[];
  readonly pms: readonly { readonly pmId: string; readonly positions: readonly HeldPosition[]; readonly cap?: Dec }[];
}

/** How much of one limit one scope uses. `limit` is the config key (`pm_capital_cap` for PM caps). */
export interface LimitUsage {
  readonly limit: string;
  /** `firm`, a symbol, a sector or a PM id */
  readonly scope: string;
  readonly value: Dec;
  readonly limitValue: Dec;
}

/** What the limits need besides the book. */
export interface UsageContext {
  readonly limits: FirmLimits;
  readonly firmCapital: Dec;
  readonly sectorOf: (symbol: string) => string;
}

const HUNDRED = new D(100);

/** The scope with the largest value of a map (ties to the smaller key), or undefined when empty; pure. */
function largest(values: ReadonlyMap<string, Dec>): [string, Dec] | undefined {
  let best: [string, Dec] | undefined;
  for (const [k, v] of [...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!best || v.gt(best[1])) best = [k, v];
  return best;
}

/**
 * Measures a book of positions (no reservations) against every exposure limit; pure. `usage`
 * has one entry per configured limit — the firm figure, or the largest symbol, sector or each
 * PM — for utilisation over time; `over` has every scope whose exposure is over its limit (a
 * passive breach when no approval caused it).
 */
export function measureLimits(book: BookSnapshot, ctx: UsageContext): { usage: LimitUsage[]; over: LimitUsage[] } {
  const { limits } = ctx;
  const usage: LimitUsage[] = [];
  const over: LimitUsage[] = [];
  const add = (u: LimitUsage, all?: readonly LimitUsage[]) => {
    usage.push(u);
    for (const x of all ?? [u]) if (x.value.gt(x.limitValue)) over.push(x);
  };
  let gross = ZERO;
  let net = ZERO;
  const names = new Map<string, Dec>();
  const sectors = new Map<string, Dec>();
  for (const p of book.firm) {
    const v = p.qty.times(p.price);
    gross = gross.plus(v.abs());
    net = net.plus(v);
    names.set(p.symbol, v.abs());
    const sector = ctx.sectorOf(p.symbol);
    sectors.set(sector, (sectors.get(sector) ?? ZERO).plus(v.abs()));
  }
  if (limits.maxGrossExposure) add({ limit: 'max_gross_exposure', scope: 'firm', value: gross, limitValue: limits.maxGrossExposure });
  if (limits.maxNetExposure) add({ limit: 'max_net_exposure', scope: 'firm', value: net.abs(), limitValue: limits.maxNetExposure });
  const perScope = (limit: string, values: ReadonlyMap<string, Dec>, limitValue: Dec) => {
    const [scope, value] = largest(values) ?? ['firm', ZERO];
    add({ limit, scope, value, limitValue }, [...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([s, v]) => ({ limit, scope: s, value: v, limitValue })));
  };
  if (limits.maxSingleNamePct) perScope('max_single_name_pct', names, ctx.firmCapital.times(limits.maxSingleNamePct).div(HUNDRED));
  if (limits.maxSingleNameNotional) perScope('max_single_name_notional', names, limits.maxSingleNameNotional);
  if (limits.maxSectorPct) perScope('max_sector_pct', sectors, ctx.firmCapital.times(limits.maxSectorPct).div(HUNDRED));
  for (const pm of book.pms) {
    if (!pm.cap) continue;
    const value = pm.positions.reduce((s, p) => s.plus(p.qty.times(p.price).abs()), ZERO);
    add({ limit: 'pm_capital_cap', scope: pm.pmId, value, limitValue: pm.cap });
  }
  return { usage, over };
}
