import type { Matrix } from './covariance.js';
import type { SolverResult } from './risk-parity.js';

/** Default tolerance of the max-Sharpe solver: KKT violation within 1e-10 of the largest |μ_i|. */
export const MAX_SHARPE_TOLERANCE = 1e-10;
const MAX_SWEEPS = 10_000;

/**
 * Long-only maximum-Sharpe weights (zero risk-free rate): maximises μᵀw / √(wᵀΣw) over w ≥ 0,
 * Σw = 1. Solved as the convex problem min ½ yᵀΣy − μᵀy over y ≥ 0, whose solution scaled to
 * sum 1 is the maximum-Sharpe portfolio (its KKT conditions are those of the Sharpe problem
 * with the budget constraint scaled out). Projected cyclical coordinate descent:
 * y_i = max(0, (μ_i − Σ_{j≠i} σ_ij y_j) / σ_ii). The residual is the largest violation of the
 * KKT conditions relative to max |μ_i|. When no PM has a positive mean the solution is y = 0:
 * weights are NaN and converged false (the caller falls back). Pure.
 */
export function maxSharpeWeights(mu: readonly number[], cov: Matrix, opts: { tolerance?: number; maxSweeps?: number } = {}): SolverResult {
  const n = mu.length;
  const tol = opts.tolerance ?? MAX_SHARPE_TOLERANCE;
  const maxSweeps = opts.maxSweeps ?? MAX_SWEEPS;
  const nan = (residual: number, iterations = 0): SolverResult => ({ weights: Array.from({ length: n }, () => Number.NaN), iterations, residual, converged: false });
  const scale = Math.max(0, ...mu.map(Math.abs));
  if (n === 0 || !(scale > 0) || !mu.some((m) => m > 0)) return nan(Number.POSITIVE_INFINITY);
  const rows = cov.map((r) => Float64Array.from(r));
  const diag = cov.map((r, i) => r[i]!);
  // a PM with no variance and a positive mean would be a riskless gain: no finite optimum
  if (diag.some((v, i) => !(v > 0) && mu[i]! > 0)) return nan(Number.POSITIVE_INFINITY);
  const y = new Float64Array(n);
  const sy = new Float64Array(n);
  const violation = () => {
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const g = sy[i]! - mu[i]!;
      worst = Math.max(worst, y[i]! > 0 ? Math.abs(g) : Math.max(0, -g));
    }
    return worst / scale;
  };
  let sweeps = 0;
  let res = violation();
  while (res > tol && sweeps < maxSweeps) {
    for (let i = 0; i < n; i++) {
      const s = diag[i]!;
      if (!(s > 0)) continue; // zero variance and μ_i ≤ 0: stays at 0
      const c = sy[i]! - s * y[i]!;
      const next = Math.max(0, (mu[i]! - c) / s);
      const delta = next - y[i]!;
      if (delta !== 0) {
        y[i] = next;
        const r = rows[i]!;
        for (let j = 0; j < n; j++) sy[j] = sy[j]! + delta * r[j]!;
      }
    }
    sweeps += 1;
    if (!y.every(Number.isFinite) || y.some((x) => x > 1e150)) return nan(Number.POSITIVE_INFINITY, sweeps);
    res = violation();
    // the running Σy drifts by rounding; confirm convergence on a fresh product
    if (res <= tol) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += rows[i]![j]! * y[j]!;
        sy[i] = acc;
      }
      res = violation();
    }
  }
  const total = y.reduce((s, x) => s + x, 0);
  if (!(total > 0)) return nan(res, sweeps);
  return { weights: Array.from(y, (x) => x / total), iterations: sweeps, residual: res, converged: res <= tol };
}
