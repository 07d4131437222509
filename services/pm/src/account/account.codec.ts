import { decText, tryDecimal, unitCost, type ComplianceRecord, type Dec, type RealizedLot, type TaxLot } from '@atrium/domain';
import { reasonToWire, sideToWire, type BodyInit } from '@atrium/wire';
import type { LotsMarked } from './account.machine.js';

/** Money of lots on the wire: exact where it is (costs, P&L), unit costs to 8 places. */
const unit = (d: Dec) => decText(d.toDecimalPlaces(8));

/** An open lot for the wire; pure. */
export function taxLotWire(l: TaxLot) {
  return { lotId: l.lotId, symbol: l.symbol, openDate: l.openDate, qty: decText(l.qty), unitCost: unit(unitCost(l)), cost: decText(l.cost), openFillId: l.openFillId };
}

/** A closed lot part for the wire; pure. */
export function realizedLotWire(r: RealizedLot) {
  return {
    date: r.date, symbol: r.symbol, lotId: r.lotId, openDate: r.openDate, qty: decText(r.qty), unitCost: unit(r.cost.div(r.qty)), price: decText(r.price),
    pnl: decText(r.pnl), term: r.term, holdingDays: r.holdingDays, openFillId: r.openFillId, closeFillId: r.closeFillId, cost: decText(r.cost), proceeds: decText(r.proceeds),
  };
}

/** The tax-lot fields of an AccountSnapshot; pure. */
export function lotsWire(l: LotsMarked): Pick<BodyInit<'accountSnapshot'>, 'lots' | 'realized' | 'lotsChanged' | 'realizedPnl' | 'unrealizedPnl' | 'taxLotMethod'> {
  return {
    lots: (l.open ?? []).map(taxLotWire),
    lotsChanged: l.open !== undefined,
    realized: l.realized.map(realizedLotWire),
    realizedPnl: decText(l.realizedPnl),
    unrealizedPnl: l.unrealizedPnl === undefined ? '' : decText(l.unrealizedPnl),
    taxLotMethod: l.method,
  };
}

/** A compliance record for the wire, with who and when; pure. */
export function complianceRecordWire(r: ComplianceRecord, at: { pmId: string; accountId: string; step: number; date: string }) {
  return { ...at, stage: r.stage, orderId: r.orderId, symbol: r.symbol, side: sideToWire(r.side), qty: decText(r.qty), rule: r.rule, ruleSource: r.ruleSource, severity: r.severity, outcome: r.outcome, reason: reasonToWire(r.reason), value: r.value, limit: r.limit, message: r.message };
}

/** Volumes of a market data message, parsed once for all accounts on a connection (only when asked). */
const volumeCache = new WeakMap<object, Map<string, Dec>>();
export function volumesOf(body: { bars: readonly { symbol: string; volume: string }[] }): Map<string, Dec> {
  let m = volumeCache.get(body);
  if (!m) {
    m = new Map();
    for (const b of body.bars) {
      const v = tryDecimal(b.volume);
      if (v && !v.isNeg()) m.set(b.symbol, v);
    }
    volumeCache.set(body, m);
  }
  return m;
}
