import type { WeightMethod } from '../config/types.js';
import { riskContributions, sampleCovariance, sampleMeans } from './covariance.js';
import { maxSharpeWeights } from './max-sharpe.js';
import { riskBudgetWeights } from './risk-parity.js';
import { cutForDrawdown, limitTurnover, projectToBounds } from './weight-constraints.js';
import { equalWeights, sampleStd } from './weights.js';

/** How capital weights across PMs are decided (the `allocation:` config as floats). */
export interface WeightPolicy {
  readonly method: WeightMethod;
  /** returns per PM the statistics look back over */
  readonly lookback: number;
  readonly minWeight?: number;
  readonly maxWeight?: number;
  /** most ½ Σ |Δw| per rebalance */
  readonly maxTurnover?: number;
  /** cut a PM's weight by `scale` while its drawdown exceeds thresholdPct (%) */
  readonly drawdownReduction?: { readonly thresholdPct: number; readonly scale: number };
  /** custom: fixed weight per PM id (normalised over the PMs present) */
  readonly customWeights?: ReadonlyMap<string, number>;
}

/** What the decision is made from, one entry per PM, in the same order as `ids`. */
export interface WeightState {
  readonly ids: readonly string[];
  /** each PM's step returns, oldest first (at least the last `lookback`) */
  readonly returns: readonly (readonly number[])[];
  /** the weights in force now */
  readonly previous: readonly number[];
  /** each PM's current drawdown from its peak, a fraction (0.12 = 12 %) */
  readonly drawdowns: readonly number[];
}

/** The inputs and intermediate results of a decision, for the audit log. */
export interface WeightInputs {
  /** returns per PM in the window (0 when the window was not used) */
  readonly observations: number;
  readonly means: readonly number[];
  readonly volatilities: readonly number[];
  readonly trailingReturns: readonly number[];
  /** sample covariance of the window, when the method uses one and there are at most 64 PMs */
  readonly covariance?: readonly (readonly number[])[];
  readonly drawdowns: readonly number[];
  readonly previous: readonly number[];
  /** the method's weights before constraints (the fallback's when it applied) */
  readonly target: readonly number[];
  /** relative risk contributions of the final weights over the window (empty without one) */
  readonly riskContributions: readonly number[];
  /** solver iterations (risk_parity: Newton steps; sharpe_optimized: sweeps) and residual, else 0 */
  readonly iterations: number;
  readonly residual: number;
  /** each constraint that changed the weights, in the order applied */
  readonly constraints: readonly string[];
}

/** A decision: weights per PM (summing to 1 − unallocated), the method used and why. */
export interface WeightDecision {
  readonly weights: readonly number[];
  /** the method that produced the target: the configured one, or equal_weight after a fallback */
  readonly method: string;
  /** why a fallback applied, empty when none did */
  readonly note: string;
  /** weight no PM holds (drawdown cuts, bounds that cannot be met) */
  readonly unallocated: number;
  readonly inputs: WeightInputs;
}

const COVARIANCE_AUDIT_LIMIT = 64;
const RISK_METHODS: readonly WeightMethod[] = ['inverse_vol', 'risk_parity', 'sharpe_optimized'];
const pct = (x: number) => `${(x * 100).toFixed(3)}%`;

interface Target {
  readonly weights: readonly number[];
  readonly note: string;
  readonly iterations: number;
  readonly residual: number;
}

/** The method's target weights, or the equal-weight fallback with its reason; pure. */
function targetOf(policy: WeightPolicy, ids: readonly string[], window: readonly (readonly number[])[], stats: { means: number[]; vols: number[]; trailing: number[]; cov?: number[][] }): Target {
  const n = ids.length;
  const fallback = (why: string, iterations = 0, residual = 0): Target => ({ weights: equalWeights(n), note: `fallback to equal_weight: ${why}`, iterations, residual });
  const done = (weights: readonly number[], iterations = 0, residual = 0): Target => ({ weights, note: '', iterations, residual });
  switch (policy.method) {
    case 'equal_weight':
      return done(equalWeights(n));
    case 'custom': {
      const raw = ids.map((id) => policy.customWeights?.get(id) ?? 0);
      const total = raw.reduce((s, x) => s + x, 0);
      return total > 0 ? done(raw.map((x) => x / total)) : fallback('no custom weight for the PMs present');
    }
    default:
      break;
  }
  const shortest = Math.min(...window.map((r) => r.length));
  if (shortest < Math.max(2, policy.lookback)) return fallback(`${shortest} returns of history < lookback ${policy.lookback}`);
  if (RISK_METHODS.includes(policy.method)) {
    const flat = stats.vols.findIndex((v) => !(v > 0) || !Number.isFinite(v));
    if (flat >= 0) return fallback(`PM ${ids[flat]} has zero volatility over the lookback`);
  }
  switch (policy.method) {
    case 'inverse_vol': {
      const inv = stats.vols.map((v) => 1 / v);
      const s = inv.reduce((a, b) => a + b, 0);
      return done(inv.map((x) => x / s));
    }
    case 'risk_parity': {
      const r = riskBudgetWeights(stats.cov!);
      return r.converged ? done(r.weights, r.iterations, r.residual) : fallback(`risk_parity did not converge (residual ${r.residual.toExponential(2)} after ${r.iterations} Newton steps)`, r.iterations, r.residual);
    }
    case 'sharpe_optimized': {
      const r = maxSharpeWeights(stats.means, stats.cov!);
      if (r.converged) return done(r.weights, r.iterations, r.residual);
      if (!stats.means.some((m) => m > 0)) return fallback('no PM has a positive mean return over the lookback');
      return fallback(`sharpe_optimized did not converge (residual ${r.residual.toExponential(2)} after ${r.iterations} sweeps)`, r.iterations, r.residual);
    }
    case 'performance_weighted': {
      const pos = stats.trailing.map((r) => Math.max(r, 0));
      const s = pos.reduce((a, b) => a + b, 0);
      return s > 0 ? done(pos.map((x) => x / s)) : fallback('no PM has a positive trailing return over the lookback');
    }
    default:
      return done(equalWeights(n));
  }
}

/**
 * Decides capital weights across PMs: the method's target (equal weight, with a note, before
 * `lookback` returns exist or when the method has no answer — a PM without volatility for the
 * risk-based methods, no positive return for performance_weighted and sharpe_optimized, a
 * solver that does not converge), then in this order: min/max bounds (the nearest weights
 * within them), the drawdown cut (the weight taken away stays unallocated), the turnover limit
 * (move only part of the way from the weights in force). Statistics use each PM's last
 * `lookback` returns: sample mean, sample standard deviation and covariance (n − 1), trailing
 * compounded return. Float64; pure.
 */
export function decideWeights(policy: WeightPolicy, state: WeightState): WeightDecision {
  const { ids } = state;
  const n = ids.length;
  const usesWindow = policy.method !== 'equal_weight' && policy.method !== 'custom';
  const window = state.returns.map((r) => r.slice(-policy.lookback));
  const means = usesWindow ? sampleMeans(window) : [];
  const vols = usesWindow ? window.map(sampleStd) : [];
  const trailing = usesWindow ? window.map((r) => r.reduce((w, x) => w * (1 + x), 1) - 1) : [];
  const observations = usesWindow && n > 0 ? Math.min(...window.map((r) => r.length)) : 0;
  const cov = usesWindow && observations >= 2 ? sampleCovariance(window) : undefined;
  const target = n === 0 ? { weights: [], note: '', iterations: 0, residual: 0 } : targetOf(policy, ids, window, { means, vols, trailing, ...(cov ? { cov } : {}) });

  const constraints: string[] = [];
  let w = [...target.weights];
  if (policy.minWeight !== undefined || policy.maxWeight !== undefined) {
    const lo = policy.minWeight ?? 0;
    const hi = policy.maxWeight ?? 1;
    const bounded = projectToBounds(w, lo, hi);
    const moved = ids.filter((_, i) => Math.abs(bounded[i]! - w[i]!) > 1e-9);
    if (moved.length) constraints.push(`bounds [${lo}, ${hi}]: moved ${moved.map((id) => `${id} ${pct(w[ids.indexOf(id)]!)} → ${pct(bounded[ids.indexOf(id)]!)}`).join(', ')}`);
    w = bounded;
  }
  if (policy.drawdownReduction) {
    const { thresholdPct, scale } = policy.drawdownReduction;
    const r = cutForDrawdown(w, state.drawdowns, thresholdPct, scale);
    for (const i of r.cut) constraints.push(`drawdown_reduction: ${ids[i]} drawdown ${pct(state.drawdowns[i]!)} > ${thresholdPct}%: weight × ${scale} (${pct(w[i]!)} → ${pct(r.weights[i]!)}, the rest unallocated)`);
    w = r.weights;
  }
  if (policy.maxTurnover !== undefined && state.previous.length === n) {
    const r = limitTurnover(state.previous, w, policy.maxTurnover);
    if (r.limited) constraints.push(`max_turnover: turnover ${pct(r.turnover)} limited to ${pct(policy.maxTurnover)}`);
    w = r.weights;
  }
  const total = w.reduce((s, x) => s + x, 0);
  return {
    weights: w,
    method: target.note ? 'equal_weight' : policy.method,
    note: target.note,
    unallocated: 1 - total > 1e-12 ? 1 - total : 0,
    inputs: {
      observations,
      means,
      volatilities: vols,
      trailingReturns: trailing,
      ...(cov && n <= COVARIANCE_AUDIT_LIMIT ? { covariance: cov } : {}),
      drawdowns: [...state.drawdowns],
      previous: [...state.previous],
      target: target.weights,
      riskContributions: cov ? riskContributions(w, cov) : [],
      iterations: target.iterations,
      residual: target.residual,
      constraints,
    },
  };
}
