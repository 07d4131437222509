/** Days a lot must be held, more than which a gain or loss is long-term. */
export const LONG_TERM_DAYS = 365;

export type Term = 'short_term' | 'long_term';

const dayNumber = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

/** Calendar days from `from` to `to` (YYYY-MM-DD each; negative when `to` is earlier); pure. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `long_term` when held more than 365 days, else `short_term`; pure. */
export function termOf(holdingDays: number): Term {
  return holdingDays > LONG_TERM_DAYS ? 'long_term' : 'short_term';
}
