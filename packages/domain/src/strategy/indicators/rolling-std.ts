import { checkPeriod, type Indicator } from './indicator.js';

/**
 * Rolling mean and sample standard deviation (ddof = 1) of the last `period` values: O(1) per
 * update over a ring buffer, using Welford's add/remove updates (the scheme pandas' rolling var
 * uses). Mutable, pure (no I/O, no clock). `value` is the standard deviation; `mean` the mean.
 *
 * A window of identical values has std exactly 0 and mean exactly that value: callers treat
 * std == 0 as "no signal", so leftover rounding must not turn a flat window into a tiny std.
 */
export class RollingStd implements Indicator {
  private readonly window: Float64Array;
  private count = 0;
  private next = 0;
  private runningMean = 0;
  /** Sum of squared deviations from the mean. */
  private ssqd = 0;
  private last = Number.NaN;
  private sameRun = 0;

  constructor(readonly period: number) {
    checkPeriod('RollingStd', period, 2);
    this.window = new Float64Array(period);
  }

  /** Feeds the next value; the oldest one leaves the window once it is full. */
  update(x: number): void {
    if (this.count === this.period) this.remove(this.window[this.next] as number);
    this.add(x);
    this.window[this.next] = x;
    this.next = this.next + 1 === this.period ? 0 : this.next + 1;
    this.sameRun = x === this.last ? this.sameRun + 1 : 1;
    this.last = x;
  }

  /** True once `period` values have been seen. */
  get ready(): boolean {
    return this.count === this.period;
  }

  /** Sample standard deviation of the window (n − 1 denominator); NaN until ready. */
  get value(): number {
    if (!this.ready) return Number.NaN;
    if (this.sameRun >= this.period) return 0;
    return Math.sqrt(Math.max(0, this.ssqd) / (this.period - 1));
  }

  /** Mean of the window; NaN until ready. */
  get mean(): number {
    if (!this.ready) return Number.NaN;
    if (this.sameRun >= this.period) return this.last;
    return this.runningMean;
  }

  private add(x: number): void {
    this.count += 1;
    const delta = x - this.runningMean;
    this.runningMean += delta / this.count;
    this.ssqd += ((this.count - 1) * delta * delta) / this.count;
  }

  private remove(x: number): void {
    this.count -= 1;
    if (this.count === 0) {
      this.runningMean = 0;
      this.ssqd = 0;
      return;
    }
    const delta = x - this.runningMean;
    this.runningMean -= delta / this.count;
    this.ssqd -= ((this.count + 1) * delta * delta) / this.count;
  }
}
