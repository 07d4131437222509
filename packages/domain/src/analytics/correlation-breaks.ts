import type { RollingCorrelation } from './rolling-correlation.js';

/** When a pair's rolling correlation is a break. */
export interface CorrelationBreakRule {
  /** a pair whose correlation rises to this level or above moves together: diversification is lost */
  readonly alertThreshold: number;
  /** a pair whose correlation moved by this much or more between the previous and the current window */
  readonly changeThreshold: number;
  /** observations a window needs before its correlation is read */
  readonly minPeriods: number;
}

/** A pair of series whose correlation broke a rule, at the step it happened. */
export interface CorrelationBreak {
  /** `level`: rose to alert_threshold or above; `change`: moved by change_threshold or more between windows */
  readonly kind: 'level' | 'change';
  /** indices of the pair, i < j */
  readonly i: number;
  readonly j: number;
  /** over the current window */
  readonly correlation: number;
  /** over the previous window (null when it has fewer than minPeriods observations, or a series did not vary in it) */
  readonly previous: number | null;
  /** the threshold that was crossed */
  readonly threshold: number;
  /** observations in the current window */
  readonly observations: number;
}

const LEVEL = 1;
const CHANGE = 2;

/**
 * Reads every pair of a RollingCorrelation after each observation and reports breaks when they
 * begin: a pair that stays above the alert level is reported once, and again only after it has
 * fallen below and risen back (likewise for a change between windows). A pair with a series
 * that does not vary in a window (a PM holding cash, a strategy warming up) has no correlation
 * there and breaks nothing. O(size²) per check;
 * mutable state owned by one actor; deterministic (pairs in (i, j) order, level before change).
 */
export class CorrelationBreakDetector {
  private readonly active: Uint8Array;

  /** `related(i, j)`: pairs that move together by construction (e.g. two accounts of one PM) and are not alerted */
  constructor(
    readonly size: number,
    readonly rule: CorrelationBreakRule,
    private readonly related: (i: number, j: number) => boolean = () => false,
  ) {
    this.active = new Uint8Array(size * size);
    this.skip = new Uint8Array(size * size);
    for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) if (related(i, j)) this.skip[i * size + j] = 1;
  }

  private readonly skip: Uint8Array;

  /** The breaks that began with the correlation's latest observation. */
  check(rc: RollingCorrelation): CorrelationBreak[] {
    const out: CorrelationBreak[] = [];
    const n = this.size;
    const m = rc.observations;
    if (m < this.rule.minPeriods || n < 2) return out;
    const hasPrevious = rc.previousObservations >= this.rule.minPeriods;
    const cur = Array.from({ length: n }, (_, i) => rc.varying(i));
    const prev = Array.from({ length: n }, (_, i) => hasPrevious && rc.varying(i, 'previous'));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const k = i * n + j;
        if (this.skip[k]) continue;
        const was = this.active[k]!;
        // a series that does not vary has no correlation: nothing to alert on or compare
        if (!cur[i] || !cur[j]) {
          this.active[k] = 0;
          continue;
        }
        const r = rc.correlation(i, j);
        const p = prev[i] && prev[j] ? rc.previous(i, j) : null;
        let now = 0;
        if (r >= this.rule.alertThreshold) now |= LEVEL;
        if (p !== null && Math.abs(r - p) >= this.rule.changeThreshold) now |= CHANGE;
        if (now & LEVEL && !(was & LEVEL)) out.push({ kind: 'level', i, j, correlation: r, previous: p, threshold: this.rule.alertThreshold, observations: m });
        if (now & CHANGE && !(was & CHANGE)) out.push({ kind: 'change', i, j, correlation: r, previous: p, threshold: this.rule.changeThreshold, observations: m });
        this.active[k] = now;
      }
    }
    return out;
  }
}
