import { tryDecimal, type Dec } from '../money/decimal.js';
import type { Bar } from './bar.js';

/**
 * The closes of one step's bars, parsed on demand: as decimals (money) for the symbols asked
 * for, as floats (statistics) for all. One per bars array (see stepPricesOf), so every actor of
 * a process that reads the same step shares the parsing. Deterministic; no I/O.
 */
export class StepPrices {
  private readonly bars = new Map<string, Bar>();
  private readonly decimals = new Map<string, Dec | null>();
  private numbers?: Map<string, number>;

  constructor(bars: readonly Bar[]) {
    for (const b of bars) this.bars.set(b.symbol, b);
  }

  /** The close as a decimal, undefined when the symbol has no bar or no valid positive close. */
  close(symbol: string): Dec | undefined {
    let d = this.decimals.get(symbol);
    if (d === undefined) {
      const c = tryDecimal(this.bars.get(symbol)?.close);
      d = c && c.gt(0) ? c : null;
      this.decimals.set(symbol, d);
    }
    return d ?? undefined;
  }

  /** Every valid positive close as a float (what strategies and statistics read). */
  closeNumbers(): ReadonlyMap<string, number> {
    if (!this.numbers) {
      this.numbers = new Map();
      for (const [symbol, b] of this.bars) {
        const n = Number(b.close);
        if (n > 0 && Number.isFinite(n) && this.close(symbol)) this.numbers.set(symbol, n);
      }
    }
    return this.numbers;
  }
}

const cache = new WeakMap<readonly Bar[], StepPrices>();

/** The StepPrices of a bars array, made once per array and then shared; pure. */
export function stepPricesOf(bars: readonly Bar[]): StepPrices {
  let p = cache.get(bars);
  if (!p) cache.set(bars, (p = new StepPrices(bars)));
  return p;
}
