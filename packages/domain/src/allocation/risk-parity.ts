import type { Matrix } from './covariance.js';

/** What an iterative weight solver reached. */
export interface SolverResult {
  /** long-only weights summing to 1 (all NaN when the solver could not start) */
  readonly weights: readonly number[];
  /** iterations: Newton steps (risk parity) or full sweeps over the coordinates (max Sharpe) */
  readonly iterations: number;
  /** the convergence measure at the end (see each solver) */
  readonly residual: number;
  readonly converged: boolean;
}

/** Default tolerance: relative risk contributions within 1e-10 of their budgets. */
export const RISK_PARITY_TOLERANCE = 1e-10;
const MAX_NEWTON_STEPS = 200;

/**
 * Risk-budgeting weights: the long-only, fully invested portfolio whose relative risk
 * contributions w_i (Σw)_i / wᵀΣw equal the budgets b (equal budgets, the default, give the
 * equal-risk-contribution portfolio of Maillard, Roncalli & Teïletche, 2010).
 *
 * Solves the standard convex problem min f(y) = ½ yᵀΣy − Σ b_i ln y_i over y > 0, whose
 * first-order condition y_i (Σy)_i = b_i is the risk-budget condition (Spinu 2013; Roncalli 2013,
 * §2.2), then w = y / Σy. Newton's method: the direction solves (Σ + diag(b/y²)) d = −∇f by
 * Jacobi-preconditioned conjugate gradients (inexact Newton, forcing term min(0.1, √(‖g‖/‖g₀‖))),
 * then a backtracking (Armijo) line search that keeps y > 0. Stops when max_i |RC_i − b_i| ≤
 * tolerance (the residual) or after maxSteps Newton steps (converged false). Every variance must
 * be positive. Each CG iteration is one O(n²) product with Σ; pure.
 */
export function riskBudgetWeights(cov: Matrix, budgets?: readonly number[], opts: { tolerance?: number; maxSteps?: number } = {}): SolverResult {
  const n = cov.length;
  const tol = opts.tolerance ?? RISK_PARITY_TOLERANCE;
  const maxSteps = opts.maxSteps ?? MAX_NEWTON_STEPS;
  const bRaw = budgets ?? Array.from({ length: n }, () => 1);
  const bSum = bRaw.reduce((s, x) => s + x, 0);
  const b = bRaw.map((x) => x / bSum);
  const diag = cov.map((r, i) => r[i]!);
  if (n === 0 || diag.some((v) => !(v > 0)) || b.some((x) => !(x > 0))) {
    return { weights: Array.from({ length: n }, () => Number.NaN), iterations: 0, residual: Number.POSITIVE_INFINITY, converged: false };
  }
  const rows = cov.map((r) => Float64Array.from(r));
  const times = (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      let s = 0;
      for (let j = 0; j < n; j++) s += r[j]! * v[j]!;
      out[i] = s;
    }
  };
  // start from the solution for zero correlations: y_i² σ_ii = b_i
  const y = Float64Array.from(diag, (v, i) => Math.sqrt(b[i]! / v));
  const sy = new Float64Array(n);
  const residual = () => {
    let total = 0;
    for (let i = 0; i < n; i++) total += y[i]! * sy[i]!;
    if (!(total > 0) || !Number.isFinite(total)) return Number.POSITIVE_INFINITY;
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((y[i]! * sy[i]!) / total - b[i]!));
    return worst;
  };
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const sd = new Float64Array(n);
  times(y, sy);
  let res = residual();
  let steps = 0;
  let g0 = 0;
  while (res > tol && steps < maxSteps) {
    steps += 1;
    let gn = 0;
    for (let i = 0; i < n; i++) {
      g[i] = sy[i]! - b[i]! / y[i]!;
      gn += g[i]! * g[i]!;
    }
    gn = Math.sqrt(gn);
    if (g0 === 0) g0 = gn;
    conjugateGradient(times, y, b, diag, g, Math.min(0.1, Math.sqrt(gn / g0)) * gn, d);
    times(d, sd);
    let ysy = 0;
    let dsy = 0;
    let dsd = 0;
    let gd = 0;
    let logs = 0;
    for (let i = 0; i < n; i++) {
      ysy += y[i]! * sy[i]!;
      dsy += d[i]! * sy[i]!;
      dsd += d[i]! * sd[i]!;
      gd += g[i]! * d[i]!;
      logs += b[i]! * Math.log(y[i]!);
    }
    // f(y + αd) in O(n): the quadratic part from the two products already at hand
    const f = (a: number) => {
      let l = 0;
      for (let i = 0; i < n; i++) l += b[i]! * Math.log(y[i]! + a * d[i]!);
      return 0.5 * (ysy + 2 * a * dsy + a * a * dsd) - l;
    };
    const f0 = 0.5 * ysy - logs;
    let a = 1;
    for (let i = 0; i < n; i++) if (d[i]! < 0) a = Math.min(a, (-0.99 * y[i]!) / d[i]!);
    // Sufficient decrease, allowing for rounding: near the optimum f moves by less than its
    // own representation error, and a strict test would shrink the Newton step to nothing.
    const noise = 64 * Number.EPSILON * (Math.abs(0.5 * ysy) + Math.abs(logs));
    for (let k = 0; k < 60 && !(f(a) <= f0 + 1e-4 * a * gd + noise); k++) a /= 2;
    for (let i = 0; i < n; i++) y[i] = y[i]! + a * d[i]!;
    times(y, sy);
    res = residual();
    if (!y.every((x) => x > 0 && Number.isFinite(x))) break;
  }
  const total = y.reduce((s, x) => s + x, 0);
  return { weights: Array.from(y, (x) => x / total), iterations: steps, residual: res, converged: res <= tol };
}

/**
 * Solves (Σ + diag(b/y²)) d = −g by conjugate gradients preconditioned with the diagonal,
 * until the residual norm is at most `target` (or 2n iterations, at most 1,000); pure apart
 * from writing `d`.
 */
function conjugateGradient(times: (v: Float64Array, out: Float64Array) => void, y: Float64Array, b: readonly number[], diag: readonly number[], g: Float64Array, target: number, d: Float64Array): void {
  const n = y.length;
  const extra = Float64Array.from(y, (x, i) => b[i]! / (x * x));
  const r = Float64Array.from(g, (x) => -x);
  const z = Float64Array.from(r, (x, i) => x / (diag[i]! + extra[i]!));
  const p = Float64Array.from(z);
  const hp = new Float64Array(n);
  d.fill(0);
  let rz = 0;
  for (let i = 0; i < n; i++) rz += r[i]! * z[i]!;
  for (let k = 0; k < Math.min(2 * n, 1000); k++) {
    times(p, hp);
    let php = 0;
    for (let i = 0; i < n; i++) {
      hp[i] = hp[i]! + extra[i]! * p[i]!;
      php += p[i]! * hp[i]!;
    }
    if (!(php > 0)) return;
    const alpha = rz / php;
    let rr = 0;
    for (let i = 0; i < n; i++) {
      d[i] = d[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * hp[i]!;
      rr += r[i]! * r[i]!;
    }
    if (Math.sqrt(rr) <= target) return;
    let rzNext = 0;
    for (let i = 0; i < n; i++) {
      z[i] = r[i]! / (diag[i]! + extra[i]!);
      rzNext += r[i]! * z[i]!;
    }
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < n; i++) p[i] = z[i]! + beta * p[i]!;
  }
}
