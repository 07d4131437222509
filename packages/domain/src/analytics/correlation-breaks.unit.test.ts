import { describe, expect, it } from 'vitest';
import { CorrelationBreakDetector, type CorrelationBreak } from './correlation-breaks.js';
import { RollingCorrelation } from './rolling-correlation.js';

/** Feeds rows (one value per series) and collects the breaks with the step they began at. */
function run(rows: number[][], window: number, rule: { alertThreshold: number; changeThreshold: number; minPeriods: number }, related?: (i: number, j: number) => boolean): (CorrelationBreak & { step: number })[] {
  const rc = new RollingCorrelation(rows[0]!.length, window);
  const d = new CorrelationBreakDetector(rows[0]!.length, rule, related);
  return rows.flatMap((row, step) => {
    rc.push(row);
    return d.check(rc).map((b) => ({ ...b, step }));
  });
}

// b follows a for steps 0-5 (same sign moves), then mirrors it from step 6 on.
const a = [0.01, -0.02, 0.015, -0.01, 0.02, -0.005, 0.01, -0.02, 0.015, -0.01, 0.02, -0.005];
const b = a.map((v, t) => (t < 6 ? v * 2 : -v));
const rows = a.map((v, t) => [v, b[t]!]);

describe('CorrelationBreakDetector', () => {
  it('reports a pair once when it rises to the alert level, not on every step it stays there', () => {
    const breaks = run(rows, 4, { alertThreshold: 0.8, changeThreshold: 2.5, minPeriods: 3 });
    expect(breaks.map((x) => [x.kind, x.step, x.i, x.j])).toEqual([['level', 2, 0, 1]]);
    expect(breaks[0]!.correlation).toBeCloseTo(1, 12);
    expect(breaks[0]!.threshold).toBe(0.8);
    expect(breaks[0]!.observations).toBe(3);
  });

  it('reports again after the pair fell below the level and rose back', () => {
    const back = [...rows, ...a.map((v) => [v, v])];
    const steps = run(back, 4, { alertThreshold: 0.8, changeThreshold: 2.5, minPeriods: 3 }).map((x) => x.step);
    expect(steps).toEqual([2, 14]);
  });

  it('reports a change between consecutive windows, with both correlations', () => {
    // windows of 3: steps 6-8 (b mirrors a: -1) against steps 3-5 (b follows a: +1)
    const breaks = run(rows, 3, { alertThreshold: 1.1, changeThreshold: 1.5, minPeriods: 3 });
    expect(breaks.map((x) => [x.kind, x.step])).toEqual([['change', 7]]);
    expect(breaks[0]!.correlation).toBeLessThan(-0.5);
    expect(breaks[0]!.previous).toBeCloseTo(1, 12);
  });

  it('reads nothing before a window has minPeriods observations', () => {
    expect(run(rows.slice(0, 4), 4, { alertThreshold: 0.5, changeThreshold: 0.1, minPeriods: 5 })).toEqual([]);
  });

  it('compares nothing against a window in which a series did not vary (a PM warming up)', () => {
    // b holds cash for the first 6 steps, then follows a: every previous window up to step 8 is flat
    const warm = a.slice(0, 9).map((v, t) => [v, t < 6 ? 0 : v]);
    const breaks = run(warm, 3, { alertThreshold: 1.1, changeThreshold: 0.5, minPeriods: 3 });
    expect(breaks).toEqual([]);
    // while the same data with b moving against a at first does break
    const moving = a.slice(0, 9).map((v, t) => [v, t < 3 ? -v : v]);
    expect(run(moving, 3, { alertThreshold: 1.1, changeThreshold: 0.5, minPeriods: 3 }).map((x) => [x.kind, x.step])).toEqual([['change', 5]]);
  });

  it('checks every pair, in (i, j) order', () => {
    const three = a.map((v, t) => [v, v * 3, -v + (t % 2) * 0.001]);
    const pairs = run(three, 5, { alertThreshold: 0.9, changeThreshold: 2.5, minPeriods: 3 }).map((x) => `${x.i}-${x.j}`);
    expect(pairs).toEqual(['0-1']);
  });

  it('leaves out pairs related by construction', () => {
    const three = a.map((v) => [v, v * 3, v * 2]);
    const pairs = run(three, 5, { alertThreshold: 0.9, changeThreshold: 2.5, minPeriods: 3 }, (i, j) => i === 0 && j === 1).map((x) => `${x.i}-${x.j}`);
    expect(pairs).toEqual(['0-2', '1-2']);
  });
});
