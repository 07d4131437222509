/**
 * One daily bar. Prices and volume are decimal text exactly as read or generated, so the wire
 * carries what the source said; statistics convert with Number(), money with D().
 */
export interface Bar {
  readonly symbol: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** Every symbol's bar for one date (symbols without a bar that day are absent). */
export interface MarketStepData {
  readonly date: string;
  readonly bars: readonly Bar[];
}

/** A loaded or generated data set: dates ascending, one entry per date. */
export interface MarketData {
  readonly symbols: readonly string[];
  readonly steps: readonly MarketStepData[];
  /** What the loader skipped or fixed, in words, with counts (empty when nothing). */
  readonly warnings: readonly string[];
}

/** Date text as used everywhere: YYYY-MM-DD. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
