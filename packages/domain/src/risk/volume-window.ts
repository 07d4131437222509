import { ZERO, type Dec } from '../money/decimal.js';

interface Ring {
  readonly values: Dec[];
  next: number;
  sum: Dec;
}

/**
 * Each symbol's average volume over its last `length` bars (20 by default), kept incrementally:
 * a step adds one bar per symbol that has one; symbols without a bar keep their window. Pure
 * data structure, no I/O.
 */
export class VolumeWindow {
  private readonly rings = new Map<string, Ring>();

  constructor(readonly length = 20) {}

  /** Adds one bar's volume of a symbol, dropping the oldest beyond the window. */
  push(symbol: string, volume: Dec): void {
    let r = this.rings.get(symbol);
    if (!r) {
      r = { values: [], next: 0, sum: ZERO };
      this.rings.set(symbol, r);
    }
    if (r.values.length < this.length) {
      r.values.push(volume);
    } else {
      r.sum = r.sum.minus(r.values[r.next]!);
      r.values[r.next] = volume;
      r.next = (r.next + 1) % this.length;
    }
    r.sum = r.sum.plus(volume);
  }

  /** Average volume over the bars in the window; undefined before the symbol's first bar. */
  average(symbol: string): Dec | undefined {
    const r = this.rings.get(symbol);
    return r && r.values.length ? r.sum.div(r.values.length) : undefined;
  }
}
