import type { Dec } from '../money/decimal.js';

/** Closes of one step as floats (indicators are statistics); absent symbols had no bar. */
export interface StepCloses {
  readonly step: number;
  readonly date: string;
  readonly closes: ReadonlyMap<string, number>;
}

export type Direction = -1 | 0 | 1;

/**
 * A strategy's wish for one symbol changed. Signal strategies give a direction (the PM sizes it);
 * scheduled_orders gives the exact signed quantity it wants to hold (`targetQty`).
 */
export interface TargetChange {
  readonly symbol: string;
  readonly direction: Direction;
  /** Strategy-specific strength: z-score, blended score, 1/-1 for crossovers. */
  readonly score: number;
  readonly targetQty?: Dec;
  /** scheduled_orders: lots the orders behind this change name (specific identification) */
  readonly lotIds?: readonly string[];
}

/**
 * A deterministic, clock-free strategy. It owns its indicator state; `onStep` is called once per
 * step in step order and returns only the symbols whose target changed on this step.
 * A symbol without a bar on a step is skipped: its indicators do not advance.
 */
export interface Strategy {
  readonly id: string;
  readonly symbols: readonly string[];
  onStep(step: StepCloses): readonly TargetChange[];
}
