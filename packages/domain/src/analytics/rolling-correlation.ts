import { MetricsInputError } from '../metrics/metrics-error.js';

/** Running sums of one window: Σx per series and Σxy per pair (upper triangle, diagonal = Σx²). */
interface WindowSums {
  readonly sx: Float64Array;
  readonly sxy: Float64Array;
  /** per series: how many observations in the window differ from the observation before them */
  readonly changes: Int32Array;
}

const sums = (n: number): WindowSums => ({ sx: new Float64Array(n), sxy: new Float64Array(n * n), changes: new Int32Array(n) });

/**
 * Rolling Pearson correlations of `size` series over their last `window` observations, kept up to
 * date in O(size²) per observation: each new observation adds its products to running sums and
 * the one leaving the window subtracts its own, so no window is ever recomputed. The same is
 * kept for the window before the current one (observations t−2w+1 … t−w), so that a change of
 * correlation between two consecutive windows can be read at any step.
 *
 * A series that does not vary within a window (a PM holding only cash) has no defined
 * correlation: it reads 0 against every other series, as `correlationMatrix` does. Constancy is
 * tracked exactly (by counting changes between neighbouring observations), not from the sums,
 * whose float residue after values leave the window would otherwise read as a tiny variance.
 *
 * Mutable, owned by one actor; deterministic (the same observations give the same bits).
 */
export class RollingCorrelation {
  private readonly ring: Float64Array;
  /** 1 where an observation differs from the one before it (per series) */
  private readonly changed: Uint8Array;
  private readonly cur: WindowSums;
  private readonly prev: WindowSums;
  private pushed = 0;

  constructor(
    readonly size: number,
    readonly window: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 0) throw new MetricsInputError(`size: expected a non-negative integer, found ${size}`);
    if (!Number.isSafeInteger(window) || window < 2) throw new MetricsInputError(`window: expected an integer >= 2, found ${window}`);
    this.ring = new Float64Array(2 * window * size);
    this.changed = new Uint8Array(2 * window * size);
    this.cur = sums(size);
    this.prev = sums(size);
  }

  /** Observations seen so far. */
  get count(): number {
    return this.pushed;
  }

  /** Observations in the current window (at most `window`). */
  get observations(): number {
    return Math.min(this.pushed, this.window);
  }

  /** Observations in the previous window (0 until more than `window` were seen). */
  get previousObservations(): number {
    return Math.max(0, Math.min(this.pushed - this.window, this.window));
  }

  /** Adds one observation (one value per series, finite), sliding both windows. */
  push(values: ArrayLike<number>): void {
    const n = this.size;
    if (values.length !== n) throw new MetricsInputError(`expected ${n} values, found ${values.length}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i]!)) throw new MetricsInputError(`values[${i}]: expected a finite number, found ${String(values[i])}`);
    }
    const t = this.pushed;
    const w = this.window;
    const slots = 2 * w;
    // the observation leaving the current window enters the previous one
    if (t >= w) this.move((t - w) % slots, this.cur, -1, this.prev);
    // the observation leaving the previous window is gone
    if (t >= 2 * w) this.move(t % slots, this.prev, -1);
    const at = (t % slots) * n;
    const before = ((t + slots - 1) % slots) * n;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      this.changed[at + i] = t > 0 && v !== this.ring[before + i] ? 1 : 0;
      this.ring[at + i] = v;
    }
    this.move(t % slots, this.cur, 1);
    this.pushed = t + 1;
  }

  /** Adds (sign 1) or removes (sign −1) the observation in `slot` from `a`, and adds it to `b` if given. */
  private move(slot: number, a: WindowSums, sign: 1 | -1, b?: WindowSums): void {
    const n = this.size;
    const x = this.ring.subarray(slot * n, slot * n + n);
    const ch = this.changed.subarray(slot * n, slot * n + n);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      a.sx[i]! += sign * xi;
      a.changes[i]! += sign * ch[i]!;
      if (b) {
        b.sx[i]! += xi;
        b.changes[i]! += ch[i]!;
      }
      const row = i * n;
      for (let j = i; j < n; j++) {
        const p = xi * x[j]!;
        a.sxy[row + j]! += sign * p;
        if (b) b.sxy[row + j]! += p;
      }
    }
  }

  /**
   * Whether series i varies within the current (or the previous) window: where it does not, its
   * correlation is undefined (read as 0), and a break detector should not compare it.
   */
  varying(i: number, window: 'current' | 'previous' = 'current'): boolean {
    if (window === 'current') {
      const m = this.observations;
      return m >= 2 && this.varies(this.cur, i, this.pushed - m);
    }
    const m = this.previousObservations;
    return m >= 2 && this.varies(this.prev, i, this.pushed - this.window - m);
  }

  /** Whether series i varies within the window whose first observation has index `first`. */
  private varies(s: WindowSums, i: number, first: number): boolean {
    // a change flagged on the window's first observation is against one outside the window
    const slot = (first % (2 * this.window)) * this.size;
    return s.changes[i]! - this.changed[slot + i]! > 0;
  }

  private corr(s: WindowSums, m: number, first: number, i: number, j: number): number {
    if (i === j) return 1;
    if (m < 2 || !this.varies(s, i, first) || !this.varies(s, j, first)) return 0;
    const [a, b] = i < j ? [i, j] : [j, i];
    const n = this.size;
    const sa = s.sx[a]!;
    const sb = s.sx[b]!;
    const cov = m * s.sxy[a * n + b]! - sa * sb;
    const va = m * s.sxy[a * n + a]! - sa * sa;
    const vb = m * s.sxy[b * n + b]! - sb * sb;
    if (!(va > 0) || !(vb > 0)) return 0;
    const r = cov / Math.sqrt(va * vb);
    return r > 1 ? 1 : r < -1 ? -1 : r === 0 ? 0 : r;
  }

  /** Correlation of series i and j over the current window (1 on the diagonal). */
  correlation(i: number, j: number): number {
    const m = this.observations;
    return this.corr(this.cur, m, this.pushed - m, i, j);
  }

  /** Correlation of series i and j over the previous window. */
  previous(i: number, j: number): number {
    const m = this.previousObservations;
    return this.corr(this.prev, m, this.pushed - this.window - m, i, j);
  }

  /** The current window's correlation matrix (symmetric, 1 on the diagonal). */
  matrix(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.size; i++) {
      const row: number[] = [];
      for (let j = 0; j < this.size; j++) row.push(j < i ? out[j]![i]! : this.correlation(i, j));
      out.push(row);
    }
    return out;
  }
}
