import type { RebalanceSchedule, WeightMethod } from '../config/types.js';

/** Weights across PMs (same order as the ids given), summing to 1, and how they were reached. */
export interface WeightResult {
  readonly weights: readonly number[];
  readonly method: string;
  /** why a fallback applied, empty when none did */
  readonly note: string;
}

/** Equal weights 1/n; pure. */
export function equalWeights(n: number): number[] {
  return n > 0 ? Array.from({ length: n }, () => 1 / n) : [];
}

/** Sample standard deviation (ddof = 1) of a series; NaN for fewer than 2 values; pure. */
export function sampleStd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return Math.sqrt(ss / (n - 1));
}

/**
 * Inverse-volatility weights w_i ∝ 1/σ_i over each PM's returns (the same window for all).
 * Falls back to equal weights when any series is shorter than `minHistory` or has zero or
 * non-finite volatility (a PM that has not traded yet has no risk to scale by); pure.
 */
export function inverseVolWeights(returns: readonly (readonly number[])[], minHistory: number): WeightResult {
  const n = returns.length;
  const shortest = Math.min(...returns.map((r) => r.length));
  if (n === 0) return { weights: [], method: 'inverse_vol', note: '' };
  if (shortest < Math.max(2, minHistory)) {
    return { weights: equalWeights(n), method: 'equal_weight', note: `fallback to equal_weight: ${shortest} returns of history < lookback ${minHistory}` };
  }
  const vols = returns.map(sampleStd);
  const bad = vols.findIndex((v) => !(v > 0) || !Number.isFinite(v));
  if (bad >= 0) return { weights: equalWeights(n), method: 'equal_weight', note: `fallback to equal_weight: PM #${bad + 1} has zero volatility` };
  const inv = vols.map((v) => 1 / v);
  const s = inv.reduce((a, b) => a + b, 0);
  return { weights: inv.map((x) => x / s), method: 'inverse_vol', note: '' };
}

/** Weights by method; pure. */
export function capitalWeights(method: WeightMethod, returns: readonly (readonly number[])[], lookback: number): WeightResult {
  if (method === 'equal_weight') return { weights: equalWeights(returns.length), method, note: '' };
  return inverseVolWeights(returns.map((r) => r.slice(-lookback)), lookback);
}

function period(date: string, schedule: RebalanceSchedule): string {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  switch (schedule) {
    case 'daily':
      return date;
    case 'weekly': {
      // ISO-like week key: days since epoch of the Monday of the week (UTC arithmetic on the date)
      const t = Date.UTC(Number(y), m - 1, Number(date.slice(8, 10)));
      const dow = (new Date(t).getUTCDay() + 6) % 7;
      return String((t - dow * 86_400_000) / 86_400_000);
    }
    case 'monthly':
      return `${y}-${m}`;
    case 'quarterly':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'never':
      return '';
  }
}

/**
 * True when the step on `nextDate` starts a new rebalance period relative to `date`, i.e. new
 * weights decided after `date` take effect on `nextDate`; pure (date arithmetic on given text).
 */
export function rebalanceDue(schedule: RebalanceSchedule, date: string, nextDate: string): boolean {
  if (schedule === 'never' || !nextDate) return false;
  return period(date, schedule) !== period(nextDate, schedule);
}
