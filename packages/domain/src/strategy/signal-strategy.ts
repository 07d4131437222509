import type { Direction, StepCloses, Strategy, TargetChange } from './strategy.js';

/** A direction decision with the strategy-specific score that came with it. */
export interface Signal {
  readonly direction: Direction;
  readonly score: number;
}

const NO_CHANGES: readonly TargetChange[] = Object.freeze([]);

/** The symbol's close on this step, or undefined when it had no usable bar; pure. */
export function closeOf(step: StepCloses, symbol: string): number | undefined {
  const close = step.closes.get(symbol);
  // A NaN would poison a running sum for good; treat it like a missing bar.
  return close !== undefined && Number.isFinite(close) ? close : undefined;
}

/** The symbols in first-seen order without repeats; pure. */
export function distinctSymbols(symbols: readonly string[]): readonly string[] {
  return Object.freeze([...new Set(symbols)]);
}

/**
 * Base of the per-symbol signal strategies (sma_crossover, momentum, mean_reversion, ensemble).
 * Every symbol starts flat; a symbol without a bar is skipped (its state does not advance); a
 * change is emitted only when the direction actually differs from the symbol's current one.
 * Deterministic and mutable: it owns its indicator state. Pure (no I/O, no clock).
 *
 * Per-symbol state lives in arrays indexed by the symbol's slot (its index in `symbols`), so a
 * step costs a map lookup and a few float operations per symbol.
 */
export abstract class SignalStrategy implements Strategy {
  readonly symbols: readonly string[];
  private readonly directions: Direction[];

  protected constructor(readonly id: string, symbols: readonly string[]) {
    this.symbols = distinctSymbols(symbols);
    this.directions = this.symbols.map((): Direction => 0);
  }

  /**
   * Feeds the close of the symbol in `slot`. Returns a signal when the strategy has an opinion on
   * this step (the same direction as now is fine), undefined when it has none (warming up, std 0).
   */
  protected abstract decide(slot: number, close: number): Signal | undefined;

  /** Advances the symbol in `slot` by one bar; returns the signal only if its direction changed. */
  advance(slot: number, close: number): Signal | undefined {
    const signal = this.decide(slot, close);
    if (signal === undefined || signal.direction === this.directions[slot]) return undefined;
    this.directions[slot] = signal.direction;
    return signal;
  }

  /** Current direction of the symbol in `slot`. */
  directionAt(slot: number): Direction {
    return this.directions[slot] ?? 0;
  }

  /** Current direction of `symbol` (0 for symbols the strategy does not trade). */
  direction(symbol: string): Direction {
    return this.directionAt(this.symbols.indexOf(symbol));
  }

  /** Advances every symbol that has a bar; returns the symbols whose direction changed. */
  onStep(step: StepCloses): readonly TargetChange[] {
    let changes: TargetChange[] | undefined;
    for (let slot = 0; slot < this.symbols.length; slot += 1) {
      const symbol = this.symbols[slot] as string;
      const close = closeOf(step, symbol);
      if (close === undefined) continue;
      const signal = this.advance(slot, close);
      if (signal === undefined) continue;
      (changes ??= []).push({ symbol, direction: signal.direction, score: signal.score });
    }
    return changes ?? NO_CHANGES;
  }
}
