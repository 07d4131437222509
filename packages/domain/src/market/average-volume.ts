import { D, ZERO, type Dec } from '../money/decimal.js';

/** Steps of volume an average volume covers. */
export const AVERAGE_VOLUME_STEPS = 20;

/**
 * The average volume of each symbol over its last `steps` bars (fewer at the start), kept
 * incrementally as bars arrive. Deterministic, I/O-free and mutable (one owner).
 */
export class AverageVolume {
  private readonly windows = new Map<string, { values: Dec[]; sum: Dec }>();

  constructor(readonly steps = AVERAGE_VOLUME_STEPS) {}

  /** Adds one bar's volume of `symbol`. */
  push(symbol: string, volume: Dec): void {
    const w = this.windows.get(symbol) ?? { values: [], sum: ZERO };
    w.values.push(volume);
    w.sum = w.sum.plus(volume);
    if (w.values.length > this.steps) w.sum = w.sum.minus(w.values.shift()!);
    this.windows.set(symbol, w);
  }

  /** The average over the bars seen (at most `steps`), or undefined before the first. */
  average(symbol: string): Dec | undefined {
    const w = this.windows.get(symbol);
    return w && w.values.length ? w.sum.div(new D(w.values.length)) : undefined;
  }
}
