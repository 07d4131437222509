import { MetricsInputError } from '../metrics/metrics-error.js';

/** One calendar year of compounded returns: a value per month (null where no step fell) and the year. */
export interface MonthlyReturnsRow {
  readonly year: string;
  /** January … December */
  readonly months: readonly (number | null)[];
  readonly year_return: number;
}

/**
 * Compounds daily returns into calendar months and years, Π(1 + r) − 1 over the steps of each;
 * pure. `dates` (YYYY-MM-DD, ascending) name the step of each return. Rows in year order.
 */
export function monthlyReturns(dates: readonly string[], returns: readonly number[]): MonthlyReturnsRow[] {
  if (dates.length !== returns.length) throw new MetricsInputError(`dates: expected ${returns.length} like returns, found ${dates.length}`);
  const years = new Map<string, { months: (number | null)[]; wealth: number }>();
  dates.forEach((date, i) => {
    const year = date.slice(0, 4);
    const month = Number(date.slice(5, 7)) - 1;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || month < 0 || month > 11) throw new MetricsInputError(`dates[${i}]: expected YYYY-MM-DD, found ${JSON.stringify(date)}`);
    const y = years.get(year) ?? { months: Array<number | null>(12).fill(null), wealth: 1 };
    const r = returns[i]!;
    y.months[month] = (1 + (y.months[month] ?? 0)) * (1 + r) - 1;
    y.wealth *= 1 + r;
    years.set(year, y);
  });
  return [...years.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([year, y]) => ({ year, months: y.months, year_return: y.wealth - 1 }));
}
