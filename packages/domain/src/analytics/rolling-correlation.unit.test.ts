import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng.js';
import { correlationMatrix } from '../metrics/correlation.js';
import { MetricsInputError } from '../metrics/metrics-error.js';
import { RollingCorrelation } from './rolling-correlation.js';

// Expected values from python3 (math only): for each step t, Pearson sxy / sqrt(sxx * syy) of the
// last min(t, 3) points, and of the min(t - 3, 3) points before them (the previous window).
const x = [0.01, -0.02, 0.015, 0.0, -0.005, 0.03, 0.002];
const y = [0.005, -0.01, 0.02, 0.01, -0.01, 0.02, -0.004];
const worked: [number, number | null, number | null][] = [
  [1, null, null],
  [2, 1.0, null],
  [3, 0.9244734516419051, null],
  [4, 0.9941916256019201, null],
  [5, 0.8910421112136305, 1.0],
  [6, 0.8357661056711407, 0.9244734516419051],
  [7, 1.0, 0.9941916256019201],
];

describe('RollingCorrelation', () => {
  it.each(worked)('after %i observations of a worked example (window 3) reads %s, previous window %s', (t, current, previous) => {
    const rc = new RollingCorrelation(2, 3);
    for (let k = 0; k < t; k++) rc.push([x[k]!, y[k]!]);
    expect(rc.correlation(0, 1)).toBeCloseTo(current ?? 0, 12);
    expect(rc.previous(0, 1)).toBeCloseTo(previous ?? 0, 12);
    expect(rc.correlation(1, 1)).toBe(1);
  });

  it('matches a full recomputation of both windows after every step (8 series, 1500 steps, window 60)', () => {
    const rng = createRng(5);
    const n = 8;
    const w = 60;
    const rc = new RollingCorrelation(n, w);
    const rows: number[][] = [];
    let worst = 0;
    for (let t = 0; t < 1500; t++) {
      const market = rng.normal() * 0.01;
      const row = Array.from({ length: n }, (_, i) => {
        // series 6 holds cash (exact zeros) for a stretch longer than the window; series 7 is
        // constant at a non-zero value for a while: both must read 0, not float residue
        if (i === 6 && t >= 300 && t < 500) return 0;
        if (i === 7 && t >= 700 && t < 800) return 0.0003;
        return (i % 3) * 0.5 * market + rng.normal() * 0.01 * (1 + i / 4) + (i === 5 ? 0.2 * Math.sin(t / 40) : 0);
      });
      rows.push(row);
      rc.push(row);
      if (t % 7 !== 0 && t < 1400) continue;
      const m = Math.min(rows.length, w);
      const cols = (from: number, to: number) => Array.from({ length: n }, (_, i) => rows.slice(from, to).map((r) => r[i]!));
      const full = correlationMatrix(cols(rows.length - m, rows.length));
      const pm = rc.previousObservations;
      const prevFull = correlationMatrix(cols(rows.length - w - pm, rows.length - w));
      const inc = rc.matrix();
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          worst = Math.max(worst, Math.abs(inc[i]![j]! - full[i]![j]!));
          if (pm >= 2) worst = Math.max(worst, Math.abs(rc.previous(i, j) - prevFull[i]![j]!));
        }
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('reads 0 for a series that does not vary in the window, and 1 with itself', () => {
    const rc = new RollingCorrelation(2, 4);
    for (const v of [0.01, -0.02, 0.03, 0, 0, 0, 0]) rc.push([v, v * 2]);
    expect(rc.matrix()).toEqual([[1, 0], [0, 1]]);
    expect([rc.varying(0), rc.varying(0, 'previous')]).toEqual([false, true]);
    rc.push([0.01, 0.02]);
    expect(rc.varying(0)).toBe(true);
    expect(rc.correlation(0, 1)).toBeCloseTo(1, 12);
  });

  it('counts observations of both windows', () => {
    const rc = new RollingCorrelation(1, 3);
    const seen: [number, number][] = [];
    for (let t = 0; t < 8; t++) {
      rc.push([t]);
      seen.push([rc.observations, rc.previousObservations]);
    }
    expect(seen).toEqual([[1, 0], [2, 0], [3, 0], [3, 1], [3, 2], [3, 3], [3, 3], [3, 3]]);
  });

  it.each([
    ['a row of the wrong length', [0.1]],
    ['a NaN', [0.1, NaN]],
    ['an infinity', [Infinity, 0]],
  ])('rejects %s', (_what, row) => {
    expect(() => new RollingCorrelation(2, 3).push(row)).toThrow(MetricsInputError);
  });

  it('rejects a window below 2', () => {
    expect(() => new RollingCorrelation(2, 1)).toThrow(MetricsInputError);
  });
});
