import { reasonFromWire } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';

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
export function weightsJson(record: RunRecord): { seq: number; after_step: number; date: string; method: string; note: string; firm_equity: string; weights: Record<string, number>; capital: Record<string, string>; unallocated: number }[] {
  return record.weights
    .slice()
    .sort((a, b) => a.seq - b.seq)
    .map((w) => ({ seq: w.seq, after_step: w.step, date: w.date, method: w.method, note: w.note, firm_equity: w.firmEquity, weights: Object.fromEntries(w.weights.map((x) => [x.pmId, x.weight])), capital: Object.fromEntries(w.weights.map((x) => [x.pmId, x.capital])), unallocated: w.unallocated }));
}
