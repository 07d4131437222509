import { D, decText, tryDecimal, type Dec } from '../money/decimal.js';
import type { MarketStepData } from '../market/bar.js';
import { splitBlock } from '../allocation/split.js';
import type { CancelEvent, ChildOrderSpec } from './orders.js';

/** The most a step may trade of a symbol: pct % of its bar's volume, in whole lots per PM. */
export interface ParticipationLimit {
  readonly pct: Dec;
  /** the lot size of a PM's child orders (its split lot) */
  readonly lotOf: (pmId: string) => Dec;
}

/**
 * Caps what fills of each symbol on this step at floor(volume × pct / 100) shares, buys and
 * sells together. When the child orders of a symbol ask for more, the cap is shared out across
 * their block orders pro rata to block size (whole shares), then each block's share across its
 * child orders pro rata to their pre-trade allocation (whole lots of the PM's lot) — both with
 * splitBlock's exact largest remainder, so the result does not depend on arrival order. What a
 * child order cannot fill is canceled VOLUME_LIMIT; a child order may thus fill in part and be
 * canceled for the rest. Orders whose symbol has no bar pass through (they cancel NO_MARKET).
 * Pure.
 */
export function limitParticipation(pending: readonly ChildOrderSpec[], data: MarketStepData, limit: ParticipationLimit, step: number): { orders: ChildOrderSpec[]; cancels: CancelEvent[] } {
  const caps = new Map<string, { cap: Dec; volume: string }>();
  for (const b of data.bars) {
    const v = tryDecimal(b.volume);
    const cap = v && v.gt(0) ? v.times(limit.pct).div(100).floor() : new D(0);
    caps.set(b.symbol, { cap, volume: b.volume });
  }
  const bySymbol = new Map<string, ChildOrderSpec[]>();
  for (const o of pending) if (caps.has(o.symbol)) bySymbol.set(o.symbol, [...(bySymbol.get(o.symbol) ?? []), o]);
  const filled = new Map<string, Dec>();
  const why = new Map<string, string>();
  for (const [symbol, orders] of bySymbol) {
    const { cap, volume } = caps.get(symbol)!;
    const demand = orders.reduce((s, o) => s.plus(o.qty), new D(0));
    if (demand.lte(cap)) continue;
    const message = `${symbol} volume ${volume} × ${decText(limit.pct)}% allows ${decText(cap)} of the ${decText(demand)} shares ordered on ${data.date}`;
    const blocks = new Map<string, ChildOrderSpec[]>();
    for (const o of orders) blocks.set(o.parentId, [...(blocks.get(o.parentId) ?? []), o]);
    const blockList = [...blocks.entries()].map(([id, children]) => ({ id, capital: children.reduce((s, o) => s.plus(o.qty), new D(0)) }));
    const perBlock = splitBlock(cap, blockList, { method: 'pro_rata', lot: new D(1) }).allocations;
    for (const { id, qty } of perBlock) {
      const children = blocks.get(id)!;
      const lot = limit.lotOf(children[0]!.pmId);
      const perChild = splitBlock(qty, children.map((o) => ({ id: o.childId, capital: o.qty })), { method: 'pro_rata', lot }).allocations;
      for (const c of perChild) {
        filled.set(c.id, c.qty);
        why.set(c.id, message);
      }
    }
  }
  const out: ChildOrderSpec[] = [];
  const cancels: CancelEvent[] = [];
  for (const o of pending) {
    const q = filled.get(o.childId);
    if (q === undefined || q.eq(o.qty)) {
      out.push(o);
      continue;
    }
    if (q.gt(0)) out.push({ ...o, qty: q });
    cancels.push({ order: { ...o, qty: o.qty.minus(q) }, reason: 'VOLUME_LIMIT', message: why.get(o.childId)!, step });
  }
  return { orders: out, cancels };
}
