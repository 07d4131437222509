/**
 * Float64 statistics of PM return series for capital weights: means, sample covariance, risk
 * contributions, and the checks a covariance given by hand must pass. Pure.
 */

/** A square matrix of floats, row by row. */
export type Matrix = readonly (readonly number[])[];

/** Thrown for a covariance matrix that cannot be one: not square, not symmetric, not PSD. */
export class CovarianceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CovarianceError';
  }
}

/** Arithmetic mean of each series; pure. */
export function sampleMeans(series: readonly (readonly number[])[]): number[] {
  return series.map((xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN));
}

/**
 * Sample covariance (ddof = 1) of equally long series, one series per PM; NaN entries when
 * fewer than 2 observations; pure.
 */
export function sampleCovariance(series: readonly (readonly number[])[]): number[][] {
  const n = series.length;
  const t = Math.min(...series.map((s) => s.length));
  const means = sampleMeans(series.map((s) => s.slice(-t)));
  const centered = series.map((s, i) => {
    const xs = s.slice(-t);
    const c = new Float64Array(t);
    for (let k = 0; k < t; k++) c[k] = xs[k]! - means[i]!;
    return c;
  });
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(Number.NaN));
  if (t < 2) return out;
  for (let i = 0; i < n; i++) {
    const a = centered[i]!;
    for (let j = i; j < n; j++) {
      const b = centered[j]!;
      let s = 0;
      for (let k = 0; k < t; k++) s += a[k]! * b[k]!;
      out[i]![j] = out[j]![i] = s / (t - 1);
    }
  }
  return out;
}

/** Σw; pure. */
export function covTimes(cov: Matrix, w: readonly number[]): number[] {
  return cov.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j]! * w[j]!;
    return s;
  });
}

/**
 * Relative risk contributions w_i (Σw)_i / wᵀΣw of a portfolio (they sum to 1); zeros when
 * the portfolio has no variance; pure.
 */
export function riskContributions(w: readonly number[], cov: Matrix): number[] {
  const sw = covTimes(cov, w);
  const rc = w.map((x, i) => x * sw[i]!);
  const total = rc.reduce((s, x) => s + x, 0);
  return total > 0 ? rc.map((x) => x / total) : rc.map(() => 0);
}

const name = (ids: readonly string[], i: number) => JSON.stringify(ids[i] ?? `#${i + 1}`);

/**
 * Checks that `cov` is a covariance matrix for `ids`: square, finite, symmetric and positive
 * semi-definite (each up to a relative tolerance of 1e-9 of the largest variance). The message
 * names the entries at fault: a negative variance, a pair with |correlation| > 1, or else the
 * smallest pivot of a pivoted Cholesky factorisation. Throws CovarianceError; pure.
 */
export function checkCovariance(ids: readonly string[], cov: Matrix): void {
  const n = ids.length;
  if (n === 0) throw new CovarianceError('covariance has no ids');
  if (cov.length !== n) throw new CovarianceError(`covariance is not square: ${n} ids but ${cov.length} rows`);
  cov.forEach((row, i) => {
    if (row.length !== n) throw new CovarianceError(`covariance is not square: ${n} ids but row ${i + 1} (${name(ids, i)}) has ${row.length} entries`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new CovarianceError(`covariance entry [${name(ids, i)}][${name(ids, j)}] is not a finite number`);
    });
  });
  const scale = Math.max(...cov.map((r, i) => Math.abs(r[i]!)), Number.MIN_VALUE);
  const tol = 1e-9 * scale;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = cov[i]![j]!;
      const b = cov[j]![i]!;
      if (Math.abs(a - b) > tol) throw new CovarianceError(`covariance is not symmetric: [${name(ids, i)}][${name(ids, j)}] = ${a} but [${name(ids, j)}][${name(ids, i)}] = ${b}`);
    }
  }
  for (let i = 0; i < n; i++) {
    const v = cov[i]![i]!;
    if (v < -tol) throw new CovarianceError(`covariance is not positive semi-definite: the variance of ${name(ids, i)} is negative (${v})`);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = cov[i]![j]!;
      const vi = Math.max(cov[i]![i]!, 0);
      const vj = Math.max(cov[j]![j]!, 0);
      if (Math.abs(c) > Math.sqrt(vi * vj) + tol) {
        const rho = vi > 0 && vj > 0 ? (c / Math.sqrt(vi * vj)).toFixed(4) : 'undefined';
        throw new CovarianceError(`covariance is not positive semi-definite: ${name(ids, i)} and ${name(ids, j)} have covariance ${c} but variances ${vi} and ${vj} (correlation ${rho}, beyond ±1)`);
      }
    }
  }
  const pivot = smallestPivot(cov, tol);
  if (pivot) throw new CovarianceError(`covariance is not positive semi-definite: a combination involving ${name(ids, pivot.index)} has negative variance (pivot ${pivot.value.toPrecision(4)})`);
}

/**
 * Pivoted Cholesky (largest remaining diagonal first): a PSD matrix leaves no pivot below
 * -tol and, once the pivots reach ~0, a Schur complement of ~0. Returns where it fails; pure.
 */
function smallestPivot(cov: Matrix, tol: number): { index: number; value: number } | undefined {
  const n = cov.length;
  const a = cov.map((r) => Float64Array.from(r));
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (a[i]![i]! > a[p]![p]!) p = i;
    if (p !== k) {
      [a[k], a[p]] = [a[p]!, a[k]!];
      for (const row of a) [row[k], row[p]] = [row[p]!, row[k]!];
      [perm[k], perm[p]] = [perm[p]!, perm[k]!];
    }
    const d = a[k]![k]!;
    if (d < -tol) return { index: perm[k]!, value: d };
    if (d <= tol) {
      for (let i = k; i < n; i++) for (let j = k; j < n; j++) if (Math.abs(a[i]![j]!) > tol) return { index: perm[i]!, value: -Math.abs(a[i]![j]!) };
      return undefined;
    }
    const l = Math.sqrt(d);
    for (let i = k + 1; i < n; i++) a[i]![k] = a[i]![k]! / l;
    for (let i = k + 1; i < n; i++) {
      const lik = a[i]![k]!;
      const ri = a[i]!;
      for (let j = k + 1; j <= i; j++) {
        ri[j] = ri[j]! - lik * a[j]![k]!;
        a[j]![i] = ri[j]!;
      }
    }
  }
  return undefined;
}
