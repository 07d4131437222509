import { checkPeriod, type Indicator } from './indicator.js';

/**
 * Rate of change over `period` steps, as a fraction: x[t] / x[t − period] − 1 (0.05 is +5%), the
 * definition backtrader's RateOfChange uses. O(1) per update over a ring buffer of period + 1
 * values. Mutable, pure (no I/O, no clock). NaN until ready, and NaN when the base value is 0.
 */
export class RateOfChange implements Indicator {
  private readonly window: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly period: number) {
    checkPeriod('RateOfChange', period, 1);
    this.window = new Float64Array(period + 1);
  }

  /** Feeds the next value; the oldest one leaves the window once it is full. */
  update(x: number): void {
    this.window[this.next] = x;
    this.next = this.next + 1 === this.window.length ? 0 : this.next + 1;
    if (this.count < this.window.length) this.count += 1;
  }

  /** True once period + 1 values have been seen. */
  get ready(): boolean {
    return this.count === this.window.length;
  }

  /** The fractional change over the window; NaN until ready or when the base is 0. */
  get value(): number {
    if (!this.ready) return Number.NaN;
    // After a full lap `next` points at the oldest value; the newest sits just behind it.
    const size = this.window.length;
    const base = this.window[this.next] as number;
    const latest = this.window[(this.next + size - 1) % size] as number;
    return base === 0 ? Number.NaN : latest / base - 1;
  }
}
