/**
 * A streaming statistic fed one float per step, like a NautilusTrader indicator: `update` in O(1),
 * `ready` once it has seen enough values, `value` (NaN until ready). Implementations are mutable
 * but pure: no I/O, no clock.
 */
export interface Indicator {
  update(x: number): void;
  readonly ready: boolean;
  readonly value: number;
}

/** Thrown when an indicator is built with a period it cannot work with (a programmer error). */
export class InvalidPeriodError extends Error {
  constructor(readonly indicator: string, readonly period: number, readonly minimum: number) {
    super(`${indicator} period must be an integer >= ${minimum}, found ${period}`);
    this.name = 'InvalidPeriodError';
  }
}

/** Throws InvalidPeriodError unless `period` is an integer >= `minimum`; pure. */
export function checkPeriod(indicator: string, period: number, minimum: number): void {
  if (!Number.isInteger(period) || period < minimum) throw new InvalidPeriodError(indicator, period, minimum);
}
