import type { StrategyParams } from '../config/types.js';
import { RollingStd } from './indicators/rolling-std.js';
import { SignalStrategy, type Signal } from './signal-strategy.js';
import { assertNoIssues, checkBoolean, checkInteger, checkNumber, type ParamIssue } from './strategy-config-error.js';

export type MeanReversionParams = Extract<StrategyParams, { type: 'mean_reversion' }>;

/** Every problem with mean_reversion params (paths under `at`); pure. */
export function meanReversionIssues(params: MeanReversionParams, at = 'params'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  // A sample std needs two closes.
  checkInteger(issues, `${at}.lookback`, params.lookback, 2);
  const entryOk = checkNumber(issues, `${at}.entryThreshold`, params.entryThreshold, (v) => v > 0, 'a number > 0');
  // exit >= entry would exit a long on the very bar that entered it.
  const entry = entryOk ? params.entryThreshold : Number.POSITIVE_INFINITY;
  checkNumber(
    issues,
    `${at}.exitThreshold`,
    params.exitThreshold,
    (v) => v < entry,
    entryOk ? `a number < entryThreshold (${entry})` : 'a number',
  );
  checkBoolean(issues, `${at}.allowShort`, params.allowShort);
  return issues;
}

/**
 * Z-score mean reversion. z = (close − mean) / std over the last `lookback` closes including this
 * one (sample std, ddof = 1). Flat → long when z < −entry; flat → short (if `allowShort`) when
 * z > entry; long → flat when z >= −exit; short → flat when z <= exit. A position exited on a bar
 * may enter the other side on that same bar (long → short when z > entry). std == 0 (a flat
 * window) gives no signal and the direction is kept. Score = z. Deterministic, mutable, pure.
 */
export class MeanReversionStrategy extends SignalStrategy {
  private readonly stats: RollingStd[];

  constructor(id: string, symbols: readonly string[], readonly params: MeanReversionParams) {
    super(id, symbols);
    assertNoIssues(id, meanReversionIssues(params));
    this.stats = this.symbols.map(() => new RollingStd(params.lookback));
  }

  protected decide(slot: number, close: number): Signal | undefined {
    const stats = this.stats[slot] as RollingStd;
    stats.update(close);
    if (!stats.ready) return undefined;
    const std = stats.value;
    if (std === 0) return undefined;
    const z = (close - stats.mean) / std;
    const { entryThreshold: entry, exitThreshold: exit, allowShort } = this.params;
    let direction = this.directionAt(slot);
    if (direction === 1 && z >= -exit) direction = 0;
    else if (direction === -1 && z <= exit) direction = 0;
    if (direction === 0) {
      if (z < -entry) direction = 1;
      else if (allowShort && z > entry) direction = -1;
    }
    return { direction, score: z };
  }
}
