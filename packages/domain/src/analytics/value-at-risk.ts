import { checkReturns } from '../metrics/return-stats.js';
import { MetricsInputError } from '../metrics/metrics-error.js';

/** One-day historical value at risk and expected shortfall at one confidence level. */
export interface TailRisk {
  /** e.g. 0.95 */
  readonly confidence: number;
  /** the loss not exceeded on `confidence` of the days, as a positive fraction (negative: even that day gained) */
  readonly var: number;
  /** the mean loss of the days at or beyond the VaR day, as a positive fraction */
  readonly es: number;
  /** how many worst days the tail holds: ⌈n × (1 − confidence)⌉ */
  readonly tail_days: number;
}

/**
 * Historical one-day VaR and expected shortfall of daily returns; pure. With the returns sorted
 * from worst to best and k = ⌈n × (1 − confidence)⌉ (at least 1), VaR is minus the k-th worst
 * return and ES minus the mean of the k worst, so ES ≥ VaR always. No returns: null. Throws
 * MetricsInputError for a confidence outside (0, 1) or a non-finite return.
 */
export function historicalTailRisk(returns: readonly number[], confidence: number): TailRisk | null {
  return historicalTailRisks(returns, [confidence])[0] ?? null;
}

/** historicalTailRisk at several confidence levels, sorting the returns once; empty without returns; pure. */
export function historicalTailRisks(returns: readonly number[], confidences: readonly number[]): TailRisk[] {
  for (const c of confidences) if (!(c > 0 && c < 1)) throw new MetricsInputError(`confidence: expected a fraction in (0, 1), found ${c}`);
  checkReturns(returns);
  if (returns.length === 0) return [];
  const sorted = Float64Array.from(returns).sort();
  return confidences.map((c) => tail(sorted, c));
}

function tail(sorted: Float64Array, confidence: number): TailRisk {
  // the product can land a hair above an integer (100 × 0.05 = 5.000000000000001): round it off first
  const k = Math.max(1, Math.ceil(Number((sorted.length * (1 - confidence)).toFixed(9))));
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i]!;
  const plain = (v: number) => (v === 0 ? 0 : v);
  return { confidence, var: plain(-sorted[k - 1]!), es: plain(-sum / k), tail_days: k };
}
