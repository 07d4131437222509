import type { StrategyParams } from '../config/types.js';
import { SimpleMovingAverage } from './indicators/simple-moving-average.js';
import { SignalStrategy, type Signal } from './signal-strategy.js';
import {
  assertNoIssues,
  checkBoolean,
  checkFastBelowSlow,
  checkInteger,
  type ParamIssue,
} from './strategy-config-error.js';

export type SmaCrossoverParams = Extract<StrategyParams, { type: 'sma_crossover' }>;

/** Every problem with sma_crossover params (paths under `at`); pure. */
export function smaCrossoverIssues(params: SmaCrossoverParams, at = 'params'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const fastOk = checkInteger(issues, `${at}.fast`, params.fast, 1);
  const slowOk = checkInteger(issues, `${at}.slow`, params.slow, 1);
  if (fastOk && slowOk) checkFastBelowSlow(issues, `${at}.fast`, params.fast, `${at}.slow`, params.slow);
  checkBoolean(issues, `${at}.allowShort`, params.allowShort);
  return issues;
}

/**
 * Moving-average crossover: long on an up-cross of SMA(fast) over SMA(slow); on a down-cross flat,
 * or short when `allowShort`. Score +1 on an up-cross, −1 on a down-cross. Deterministic,
 * mutable, pure (no I/O, no clock).
 *
 * The cross is backtrader's `bt.ind.CrossOver` (indicators/crossover.py, the NonZeroDifference
 * version): with diff = fast − slow and nzd the last non-zero diff up to the previous bar,
 *   up-cross   on bar t: nzd[t−1] < 0 and fast[t] > slow[t]
 *   down-cross on bar t: nzd[t−1] > 0 and fast[t] < slow[t]
 * So a bar where fast == slow neither crosses nor resets the comparison: below → equal → above is
 * an up-cross on the "above" bar, while above → equal → above is a touch and no cross. nzd is
 * seeded on the first bar both SMAs are ready, so a cross needs both ready on the previous bar
 * and on this one. "Previous bar" is the symbol's previous bar: a missing bar does not advance it.
 */
export class SmaCrossoverStrategy extends SignalStrategy {
  private readonly fast: SimpleMovingAverage[];
  private readonly slow: SimpleMovingAverage[];
  /** Last non-zero fast − slow per slot; NaN until one is seen (NaN compares false both ways). */
  private readonly lastNonZeroDiff: Float64Array;
  private readonly onUp: Signal = { direction: 1, score: 1 };
  private readonly onDown: Signal;

  constructor(id: string, symbols: readonly string[], readonly params: SmaCrossoverParams) {
    super(id, symbols);
    assertNoIssues(id, smaCrossoverIssues(params));
    this.fast = this.symbols.map(() => new SimpleMovingAverage(params.fast));
    this.slow = this.symbols.map(() => new SimpleMovingAverage(params.slow));
    this.lastNonZeroDiff = new Float64Array(this.symbols.length).fill(Number.NaN);
    this.onDown = { direction: params.allowShort ? -1 : 0, score: -1 };
  }

  protected decide(slot: number, close: number): Signal | undefined {
    const fast = this.fast[slot] as SimpleMovingAverage;
    const slow = this.slow[slot] as SimpleMovingAverage;
    fast.update(close);
    slow.update(close);
    // fast < slow, so the slow SMA is the last to warm up.
    if (!slow.ready) return undefined;
    const diff = fast.value - slow.value;
    const before = this.lastNonZeroDiff[slot] as number;
    if (diff !== 0) this.lastNonZeroDiff[slot] = diff;
    if (before < 0 && diff > 0) return this.onUp;
    if (before > 0 && diff < 0) return this.onDown;
    return undefined;
  }
}
