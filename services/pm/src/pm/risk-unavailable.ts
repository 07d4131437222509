import { decText } from '@atrium/domain';
import { decisionToWire, reasonToWire, sideToWire } from '@atrium/wire';
import type { Bus, MetaFactory, PmSubjects } from '@atrium/runtime';
import type { BlockOrderOut } from './pm.machine.js';

/**
 * Records, in the PM's own namespace (`inst.<firm>.pm.<pm>.evt.risk_unavailable`, audited), the
 * block orders the PM denied itself because master-risk did not answer: the same shape as
 * master-risk's decisions, so the firm's decision log shows them with reason RISK_UNAVAILABLE.
 */
export function publishRiskUnavailable(bus: Bus, s: PmSubjects, meta: MetaFactory, pmId: string, step: number, message: string, orders: readonly BlockOrderOut[]): void {
  const text = `no answer from master-risk (fail closed): ${message}`;
  bus.auditInBackground(s.riskUnavailable, meta.next({ key: `risk-unavailable-${step}`, correlationId: `${pmId}-${step}` }), 'riskDecisions', {
    pmId,
    step,
    decisions: orders.map((o) => ({ orderId: o.orderId, decision: decisionToWire('denied'), reason: reasonToWire('RISK_UNAVAILABLE'), message: text, approvedQty: '0', grossAfter: '', grossLimit: '', price: decText(o.refPrice) })),
    orders: orders.map((o) => ({ orderId: o.orderId, pmId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), refPrice: decText(o.refPrice), step, strategyIds: [...o.strategyIds] })),
  });
}
