import type { Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';

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
}

/**
 * An order a strategy decides outright (a scheduled_orders row): the PM sends it once, as it is,
 * on the step it is decided; whatever part of it is refused is never sent again.
 */
export interface DecidedOrder {
  readonly symbol: string;
  readonly side: Side;
  /** positive */
  readonly qty: Dec;
  /** lots it closes (specific identification); empty when none are named */
  readonly lotIds: readonly string[];
  /** the row's date (the step it was decided on may be later: the next step with a bar) */
  readonly date: string;
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
  /**
   * Order strategies (scheduled_orders) only: the orders the last `onStep` decided, in the order
   * they are to be sent. Their targets (what `onStep` returns) are then what the strategy would
   * hold had every order filled: its paper book, not something the PM trades toward.
   */
  decidedOrders?(): readonly DecidedOrder[];
}
