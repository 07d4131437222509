import type { Matrix } from './covariance.js';

/** What an iterative weight solver reached. */
export interface SolverResult {
  /** long-only weights summing to 1 (all NaN when the solver could not start) */
  readonly weights: readonly number[];
  /** full sweeps over the coordinates */
  readonly iterations: number;
  /** the convergence measure at the end (see each solver) */
  readonly residual: number;
  readonly converged: boolean;
}

/** Default tolerance: relative risk contributions within 1e-10 of their budgets. */
export const RISK_PARITY_TOLERANCE = 1e-10;
const MAX_SWEEPS = 10_000;

/**
 * Risk-budgeting weights: the long-only, fully invested portfolio whose relative risk
 * contributions w_i (Σw)_i / wᵀΣw equal the budgets b (equal budgets, the default, give the
 * equal-risk-contribution portfolio of Maillard, Roncalli & Teïletche, 2010).
 *
 * Solves the convex problem min ½ yᵀΣy − Σ b_i ln y_i (y > 0), whose first-order condition
 * y_i (Σy)_i = b_i is the risk-budget condition, by cyclical coordinate descent (Griveau-Billion,
 * Richard & Roncalli, 2013): each coordinate solves σ_ii y_i² + c_i y_i − b_i = 0 exactly, with
 * c_i = Σ_{j≠i} σ_ij y_j; then w = y / Σy. Stops when max_i |RC_i − b_i| ≤ tolerance (the
 * residual) or after maxSweeps (converged false). Every variance must be positive. O(n²) per
 * sweep; pure.
 */
export function riskBudgetWeights(cov: Matrix, budgets?: readonly number[], opts: { tolerance?: number; maxSweeps?: number } = {}): SolverResult {
  const n = cov.length;
  const tol = opts.tolerance ?? RISK_PARITY_TOLERANCE;
  const maxSweeps = opts.maxSweeps ?? MAX_SWEEPS;
  const bRaw = budgets ?? Array.from({ length: n }, () => 1);
  const bSum = bRaw.reduce((s, x) => s + x, 0);
  const b = bRaw.map((x) => x / bSum);
  const diag = cov.map((r, i) => r[i]!);
  if (n === 0 || diag.some((v) => !(v > 0)) || b.some((x) => !(x > 0))) {
    return { weights: Array.from({ length: n }, () => Number.NaN), iterations: 0, residual: Number.POSITIVE_INFINITY, converged: false };
  }
  const rows = cov.map((r) => Float64Array.from(r));
  // start from the solution for zero correlations: y_i² σ_ii = b_i
  const y = Float64Array.from(diag, (v, i) => Math.sqrt(b[i]! / v));
  const sy = new Float64Array(n);
  const recompute = () => {
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      let s = 0;
      for (let j = 0; j < n; j++) s += r[j]! * y[j]!;
      sy[i] = s;
    }
  };
  const residual = () => {
    let total = 0;
    for (let i = 0; i < n; i++) total += y[i]! * sy[i]!;
    if (!(total > 0) || !Number.isFinite(total)) return Number.POSITIVE_INFINITY;
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((y[i]! * sy[i]!) / total - b[i]!));
    return worst;
  };
  recompute();
  let sweeps = 0;
  let res = residual();
  while (res > tol && sweeps < maxSweeps) {
    for (let i = 0; i < n; i++) {
      const s = diag[i]!;
      const c = sy[i]! - s * y[i]!;
      const disc = Math.sqrt(c * c + 4 * s * b[i]!);
      // the positive root, written to avoid cancellation when c > 0
      const next = c >= 0 ? (2 * b[i]!) / (c + disc) : (disc - c) / (2 * s);
      const delta = next - y[i]!;
      if (delta !== 0) {
        y[i] = next;
        const r = rows[i]!;
        for (let j = 0; j < n; j++) sy[j] = sy[j]! + delta * r[j]!;
      }
    }
    sweeps += 1;
    if (!y.every(Number.isFinite)) break;
    res = residual();
    // the running Σy drifts by rounding; confirm convergence on a fresh product
    if (res <= tol) {
      recompute();
      res = residual();
    }
  }
  const total = y.reduce((s, x) => s + x, 0);
  return { weights: Array.from(y, (x) => x / total), iterations: sweeps, residual: res, converged: res <= tol };
}
