/**
 * A running float sum with Neumaier compensation, so a rolling window that adds and removes values
 * for thousands of steps does not drift (pandas' rolling mean does the same with Kahan). Mutable;
 * pure arithmetic, no I/O.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds `x` (use a negative value to remove one). */
  add(x: number): void {
    const t = this.sum + x;
    // Neumaier: recover the low-order bits lost by whichever operand was smaller.
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  /** The compensated total. */
  get value(): number {
    return this.sum + this.compensation;
  }

  /** Back to zero. */
  reset(): void {
    this.sum = 0;
    this.compensation = 0;
  }
}
