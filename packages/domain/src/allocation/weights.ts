import type { RebalanceSchedule } from '../config/types.js';

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
