import { decisionFromWire, reasonFromWire, sideFromWire } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';

/** Master-risk's decisions of a run: one CSV row per block order decided, and the counts. */
export interface DecisionSummary {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly approved: number;
  readonly denied: number;
  /** denials per reason code, sorted by reason */
  readonly byReason: Readonly<Record<string, number>>;
}

/** Flattens the risk decision batches (by step, then PM in config order); pure. */
export function decisionSummary(record: RunRecord, pmIds: readonly string[]): DecisionSummary {
  const rows: (string | number)[][] = [];
  const byReason: Record<string, number> = {};
  let approved = 0;
  const decided = [...record.decisions].sort((a, b) => a.step - b.step || pmIds.indexOf(a.pmId) - pmIds.indexOf(b.pmId));
  for (const batch of decided) {
    const orders = new Map(batch.orders.map((o) => [o.orderId, o]));
    for (const d of batch.decisions) {
      const o = orders.get(d.orderId);
      const reason = reasonFromWire(d.reason) ?? 'RISK_UNAVAILABLE';
      const kind = decisionFromWire(d.decision);
      if (kind === 'denied') byReason[reason] = (byReason[reason] ?? 0) + 1;
      else approved += 1;
      rows.push([d.orderId, batch.pmId, o?.symbol ?? '', o ? sideFromWire(o.side) : '', o?.qty ?? '', kind, reason, d.grossAfter, d.grossLimit]);
    }
  }
  return {
    header: ['order_id', 'pm', 'symbol', 'side', 'qty', 'decision', 'reason_code', 'gross_after', 'gross_limit'],
    rows,
    approved,
    denied: rows.length - approved,
    byReason: Object.fromEntries(Object.entries(byReason).sort()),
  };
}

/** Cancels per reason code, sorted by reason; pure. */
export function cancelsByReason(record: RunRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of record.cancels) {
    const r = reasonFromWire(c.reason) ?? 'UNSPECIFIED';
    out[r] = (out[r] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort());
}

/** Allocation's weight decisions, in order, as summary.json rows; pure. */
export function weightsJson(record: RunRecord): { seq: number; after_step: number; date: string; method: string; note: string; firm_equity: string; weights: Record<string, number>; capital: Record<string, string> }[] {
  return record.weights
    .slice()
    .sort((a, b) => a.seq - b.seq)
    .map((w) => ({ seq: w.seq, after_step: w.step, date: w.date, method: w.method, note: w.note, firm_equity: w.firmEquity, weights: Object.fromEntries(w.weights.map((x) => [x.pmId, x.weight])), capital: Object.fromEntries(w.weights.map((x) => [x.pmId, x.capital])) }));
}
