import type { StrategyParams } from '../config/types.js';
import { RateOfChange } from './indicators/rate-of-change.js';
import { SignalStrategy, type Signal } from './signal-strategy.js';
import {
  assertNoIssues,
  checkBoolean,
  checkFastBelowSlow,
  checkInteger,
  checkNumber,
  type ParamIssue,
} from './strategy-config-error.js';

export type MomentumParams = Extract<StrategyParams, { type: 'momentum' }>;

/** Every problem with momentum params (paths under `at`); pure. */
export function momentumIssues(params: MomentumParams, at = 'params'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const fastOk = checkInteger(issues, `${at}.fastPeriod`, params.fastPeriod, 1);
  const slowOk = checkInteger(issues, `${at}.slowPeriod`, params.slowPeriod, 1);
  if (fastOk && slowOk) {
    checkFastBelowSlow(issues, `${at}.fastPeriod`, params.fastPeriod, `${at}.slowPeriod`, params.slowPeriod);
  }
  // A negative dead band would let "long" and "short" overlap on the fast leg.
  checkNumber(issues, `${at}.threshold`, params.threshold, (v) => v >= 0, 'a number >= 0');
  checkBoolean(issues, `${at}.allowShort`, params.allowShort);
  return issues;
}

/**
 * Dual momentum over rates of change (fractions: 0.05 = +5%): long while ROC(fast) > threshold and
 * ROC(slow) > 0; short, when `allowShort`, while ROC(fast) < −threshold and ROC(slow) < 0; flat
 * otherwise. Decides on every bar once ROC(slow) is ready (slowPeriod + 1 bars); score = ROC(fast).
 * Deterministic, mutable, pure (no I/O, no clock).
 */
export class MomentumStrategy extends SignalStrategy {
  private readonly fast: RateOfChange[];
  private readonly slow: RateOfChange[];

  constructor(id: string, symbols: readonly string[], readonly params: MomentumParams) {
    super(id, symbols);
    assertNoIssues(id, momentumIssues(params));
    this.fast = this.symbols.map(() => new RateOfChange(params.fastPeriod));
    this.slow = this.symbols.map(() => new RateOfChange(params.slowPeriod));
  }

  protected decide(slot: number, close: number): Signal | undefined {
    const fast = this.fast[slot] as RateOfChange;
    const slow = this.slow[slot] as RateOfChange;
    fast.update(close);
    slow.update(close);
    const rocFast = fast.value;
    const rocSlow = slow.value;
    // NaN until warm (the slow leg is last) or when a base close is 0: no opinion, keep direction.
    if (!Number.isFinite(rocFast) || !Number.isFinite(rocSlow)) return undefined;
    const { threshold, allowShort } = this.params;
    let direction: Signal['direction'] = 0;
    if (rocFast > threshold && rocSlow > 0) direction = 1;
    else if (allowShort && rocFast < -threshold && rocSlow < 0) direction = -1;
    return { direction, score: rocFast };
  }
}
