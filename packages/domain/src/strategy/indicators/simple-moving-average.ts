import { CompensatedSum } from './compensated-sum.js';
import { checkPeriod, type Indicator } from './indicator.js';

/**
 * Rolling simple moving average of the last `period` values: O(1) per update over a ring buffer.
 * Mutable, pure (no I/O, no clock).
 *
 * The window sum is compensated so it does not drift, and a window of identical values returns
 * that value exactly (as pandas does): crossover logic compares averages for equality, and a flat
 * stretch must not produce a phantom cross from rounding residue.
 */
export class SimpleMovingAverage implements Indicator {
  private readonly window: Float64Array;
  private readonly sum = new CompensatedSum();
  private count = 0;
  private next = 0;
  private last = Number.NaN;
  private sameRun = 0;

  constructor(readonly period: number) {
    checkPeriod('SimpleMovingAverage', period, 1);
    this.window = new Float64Array(period);
  }

  /** Feeds the next value; the oldest one leaves the window once it is full. */
  update(x: number): void {
    if (this.count === this.period) this.sum.add(-(this.window[this.next] as number));
    else this.count += 1;
    this.window[this.next] = x;
    this.next = this.next + 1 === this.period ? 0 : this.next + 1;
    this.sum.add(x);
    this.sameRun = x === this.last ? this.sameRun + 1 : 1;
    this.last = x;
  }

  /** True once `period` values have been seen. */
  get ready(): boolean {
    return this.count === this.period;
  }

  /** The mean of the window; NaN until ready. */
  get value(): number {
    if (!this.ready) return Number.NaN;
    if (this.sameRun >= this.period) return this.last;
    return this.sum.value / this.period;
  }
}
