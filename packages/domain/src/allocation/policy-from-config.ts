import { D } from '../money/decimal.js';
import type { AllocationConfig, SplitConfig } from '../config/types.js';
import type { WeightPolicy } from './decide-weights.js';
import type { SplitSpec } from './split.js';

/** The weight policy of an `allocation:` config (floats), or undefined when capitals stay fixed; pure. */
export function weightPolicyOf(a: AllocationConfig): WeightPolicy | undefined {
  if (!a.method) return undefined;
  return {
    method: a.method,
    lookback: a.lookback,
    ...(a.minWeight !== undefined ? { minWeight: Number(a.minWeight) } : {}),
    ...(a.maxWeight !== undefined ? { maxWeight: Number(a.maxWeight) } : {}),
    ...(a.maxTurnover !== undefined ? { maxTurnover: Number(a.maxTurnover) } : {}),
    ...(a.drawdownReduction ? { drawdownReduction: { thresholdPct: Number(a.drawdownReduction.thresholdPct), scale: Number(a.drawdownReduction.scale) } } : {}),
    ...(a.weights ? { customWeights: new Map(Object.entries(a.weights).map(([id, w]) => [id, Number(w)])) } : {}),
  };
}

/** One line naming a weight policy, for the audit log: `risk_parity lookback 63 max_weight 0.6 …`; pure. */
export function policyText(a: AllocationConfig): string {
  if (!a.method) return 'fixed';
  const parts = [a.method, `rebalance ${a.rebalance}`, `lookback ${a.lookback}`];
  if (a.minWeight !== undefined) parts.push(`min_weight ${a.minWeight}`);
  if (a.maxWeight !== undefined) parts.push(`max_weight ${a.maxWeight}`);
  if (a.maxTurnover !== undefined) parts.push(`max_turnover ${a.maxTurnover}`);
  if (a.drawdownReduction) parts.push(`drawdown_reduction ${a.drawdownReduction.thresholdPct}% × ${a.drawdownReduction.scale}`);
  return parts.join(' ');
}

/** The split spec (decimals) of a split config; pure. */
export function splitSpecOf(s: SplitConfig): SplitSpec {
  return {
    method: s.method,
    lot: new D(s.lot),
    ...(s.minLots !== undefined ? { minLots: s.minLots } : {}),
    ...(s.remainderAccount !== undefined ? { remainderAccount: s.remainderAccount } : {}),
    ...(s.ratios ? { ratios: new Map(Object.entries(s.ratios).map(([id, r]) => [id, new D(r)])) } : {}),
  };
}
