import { MetricsInputError } from './metrics-error.js';

/** Whether every value equals the first (exactly: no float noise can make it vary); pure. */
const isConstant = (values: readonly number[]): boolean => values.every((v) => v === values[0]);

/** Pearson correlation of two equal-length series; 0 when either does not vary; pure. */
function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length < 2 || isConstant(x) || isConstant(y)) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    mx += x[i] ?? 0;
    my += y[i] ?? 0;
  }
  mx /= x.length;
  my /= y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return 0;
  const r = sxy / Math.sqrt(sxx * syy);
  // Rounding can carry |r| a hair past 1; a correlation never is.
  return r > 1 ? 1 : r < -1 ? -1 : r === 0 ? 0 : r;
}

/**
 * The Pearson correlation matrix of equal-length series (e.g. PM daily returns); pure. Symmetric,
 * 1 on the diagonal. A series that does not vary (a PM holding only cash, or fewer than 2 points)
 * has no defined correlation: it gets 0 against every other series and 1 with itself, so the
 * matrix is always finite. Throws MetricsInputError for series of different lengths or a
 * non-finite value.
 */
export function correlationMatrix(series: readonly (readonly number[])[]): number[][] {
  const length = series[0]?.length ?? 0;
  series.forEach((s, i) => {
    if (s.length !== length) throw new MetricsInputError(`series[${i}]: expected ${length} values like series[0], found ${s.length}`);
    s.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new MetricsInputError(`series[${i}][${j}]: expected a finite number, found ${String(v)}`);
    });
  });
  const matrix = series.map(() => series.map(() => 0));
  for (let i = 0; i < series.length; i++) {
    (matrix[i] as number[])[i] = 1;
    for (let j = i + 1; j < series.length; j++) {
      const r = pearson(series[i] as number[], series[j] as number[]);
      (matrix[i] as number[])[j] = r;
      (matrix[j] as number[])[i] = r;
    }
  }
  return matrix;
}
