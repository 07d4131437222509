import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { riskContributions, sampleCovariance } from './covariance.js';
import { decideWeights, type WeightPolicy, type WeightState } from './decide-weights.js';
import { cutForDrawdown, limitTurnover, projectToBounds, turnover } from './weight-constraints.js';

const state = (returns: number[][], over: Partial<WeightState> = {}): WeightState => ({
  ids: returns.map((_, i) => ['a', 'b', 'c', 'd'][i]!),
  returns,
  previous: returns.map(() => 1 / returns.length),
  drawdowns: returns.map(() => 0),
  ...over,
});
const policy = (method: WeightPolicy['method'], over: Partial<WeightPolicy> = {}): WeightPolicy => ({ method, lookback: 4, ...over });
const calm = [0.01, -0.01, 0.01, -0.01];
const wild = [0.02, -0.02, 0.02, -0.02]; // σ twice calm's
const third = [0.005, 0.012, -0.007, 0.001];

describe('decideWeights: methods', () => {
  it('inverse vol gives the calmer PM weight in proportion to 1/σ', () => {
    const d = decideWeights(policy('inverse_vol'), state([calm, wild]));
    expect(d.method).toBe('inverse_vol');
    expect(d.weights[0]).toBeCloseTo(2 / 3, 12);
    expect(d.weights[1]).toBeCloseTo(1 / 3, 12);
    expect(d.note).toBe('');
  });

  it('risk parity equalises risk contributions over the window and records its solver', () => {
    const d = decideWeights(policy('risk_parity'), state([calm, wild, third]));
    expect(d.method).toBe('risk_parity');
    for (const rc of riskContributions(d.weights, sampleCovariance([calm, wild, third]))) expect(rc).toBeCloseTo(1 / 3, 9);
    expect(d.inputs.riskContributions.every((rc) => Math.abs(rc - 1 / 3) < 1e-9)).toBe(true);
    expect(d.inputs.iterations).toBeGreaterThan(0);
    expect(d.inputs.residual).toBeLessThanOrEqual(1e-10);
    expect(d.inputs.covariance).toHaveLength(3);
    expect(d.inputs.observations).toBe(4);
  });

  it('performance weighted is proportional to the positive trailing return (worked by hand)', () => {
    // compounded: a 1.1·1.1 − 1 = 0.21, b 1.05 − 1 = 0.05, c 0.9 − 1 = −0.1 → 0; weights 0.21/0.26, 0.05/0.26, 0
    const d = decideWeights(policy('performance_weighted', { lookback: 2 }), state([[0.1, 0.1], [0.05, 0], [-0.1, 0]]));
    expect(d.weights[0]).toBeCloseTo(0.21 / 0.26, 12);
    expect(d.weights[1]).toBeCloseTo(0.05 / 0.26, 12);
    expect(d.weights[2]).toBe(0);
    expect(d.inputs.trailingReturns[0]).toBeCloseTo(0.21, 12);
  });

  it('sharpe optimized puts more on the better risk-adjusted PM', () => {
    const good = [0.011, -0.009, 0.012, -0.008];
    const d = decideWeights(policy('sharpe_optimized'), state([good, wild]));
    expect(d.method).toBe('sharpe_optimized');
    expect(d.weights[0]).toBeGreaterThan(0.99);
    expect(d.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it('custom weights are normalised over the PMs present, with no history needed', () => {
    const custom = new Map([['a', 3], ['b', 1], ['c', 4]]);
    const d = decideWeights(policy('custom', { customWeights: custom }), state([[], []]));
    expect(d.weights).toEqual([0.75, 0.25]);
    expect(d.method).toBe('custom');
  });

  it('uses only the last lookback returns', () => {
    const a = [0.5, -0.5, 0.01, -0.01, 0.01];
    const b = [0.01, -0.01, 0.02, -0.02, 0.02];
    const d = decideWeights(policy('inverse_vol', { lookback: 3 }), state([a, b]));
    expect(d.weights[0]).toBeGreaterThan(d.weights[1]!);
  });
});

describe('decideWeights: the equal-weight fallback', () => {
  it.each(['inverse_vol', 'risk_parity', 'performance_weighted', 'sharpe_optimized'] as const)('%s falls back to equal weight before lookback returns exist, and says so', (method) => {
    const d = decideWeights(policy(method, { lookback: 10 }), state([calm, wild]));
    expect(d.weights).toEqual([0.5, 0.5]);
    expect(d.method).toBe('equal_weight');
    expect(d.note).toBe('fallback to equal_weight: 4 returns of history < lookback 10');
  });

  it.each(['inverse_vol', 'risk_parity', 'sharpe_optimized'] as const)('%s falls back when a PM has no volatility, naming it', (method) => {
    const d = decideWeights(policy(method), state([[0, 0, 0, 0], wild]));
    expect(d.weights).toEqual([0.5, 0.5]);
    expect(d.note).toMatch(/PM a has zero volatility/);
  });

  it.each([
    ['performance_weighted', /no PM has a positive trailing return/],
    ['sharpe_optimized', /no PM has a positive mean return/],
  ] as const)('%s falls back when every PM lost', (method, note) => {
    const d = decideWeights(policy(method), state([[-0.01, 0.005, -0.01, 0.001], [-0.02, 0.01, -0.02, 0.001]]));
    expect(d.weights).toEqual([0.5, 0.5]);
    expect(d.note).toMatch(note);
  });
});

describe('decideWeights: constraints, in order', () => {
  it('bounds move the weights to the nearest ones within [min, max] (worked by hand)', () => {
    // target (0.7, 0.2, 0.1), max 0.5, min 0.15: a is capped at 0.5, b and c shift by τ = 0.1 → (0.5, 0.3, 0.2)
    const w = projectToBounds([0.7, 0.2, 0.1], 0.15, 0.5);
    expect(w[0]).toBeCloseTo(0.5, 12);
    expect(w[1]).toBeCloseTo(0.3, 12);
    expect(w[2]).toBeCloseTo(0.2, 12);
  });

  it('the drawdown cut leaves the weight taken away unallocated', () => {
    const r = cutForDrawdown([0.5, 0.5], [0.2, 0.05], 10, 0.5);
    expect(r.weights).toEqual([0.25, 0.5]);
    expect(r.cut).toEqual([0]);
  });

  it('the turnover limit moves only part of the way (worked by hand)', () => {
    // from (0.5, 0.5) to (0.9, 0.1): turnover ½(0.4 + 0.4) = 0.4; limit 0.1 → λ = 0.25 → (0.6, 0.4)
    const r = limitTurnover([0.5, 0.5], [0.9, 0.1], 0.1);
    expect(r.turnover).toBeCloseTo(0.4, 12);
    expect(r.weights[0]).toBeCloseTo(0.6, 12);
    expect(r.weights[1]).toBeCloseTo(0.4, 12);
  });

  it('applies bounds, then the drawdown cut, then the turnover limit, and records each', () => {
    const d = decideWeights(
      policy('custom', { customWeights: new Map([['a', 8], ['b', 1], ['c', 1]]), minWeight: 0.2, maxWeight: 0.6, drawdownReduction: { thresholdPct: 10, scale: 0.5 }, maxTurnover: 0.05 }),
      state([[], [], []], { previous: [1 / 3, 1 / 3, 1 / 3], drawdowns: [0, 0.15, 0] }),
    );
    // target (0.8, 0.1, 0.1) → bounds (0.6, 0.2, 0.2) → b cut to 0.1 → turnover from thirds ½(0.2667+0.2333+0.1333)=0.3167 > 0.05
    expect(d.inputs.constraints).toHaveLength(3);
    expect(d.inputs.constraints[0]).toMatch(/^bounds \[0.2, 0.6\]: moved a 80.000% → 60.000%, b 10.000% → 20.000%, c 10.000% → 20.000%/);
    expect(d.inputs.constraints[1]).toMatch(/^drawdown_reduction: b drawdown 15.000% > 10%: weight × 0.5/);
    expect(d.inputs.constraints[2]).toMatch(/^max_turnover: turnover 31.667% limited to 5.000%/);
    expect(turnover([1 / 3, 1 / 3, 1 / 3], d.weights)).toBeCloseTo(0.05, 12);
    expect(d.unallocated).toBeCloseTo(1 - d.weights.reduce((s, w) => s + w, 0), 12);
    expect(d.unallocated).toBeGreaterThan(0);
  });

  it('bounds: the result lies within them, sums to one and keeps the order of the targets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (raw, a, b) => {
          const n = raw.length;
          const lo = Math.min(a, b) / n;
          const hi = Math.max(Math.max(a, b), 1 / n + 1e-9);
          const s = raw.reduce((x, y) => x + y, 0) || 1;
          const t = raw.map((x) => x / s);
          const w = projectToBounds(t, lo, hi);
          expect(w.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
          for (const x of w) {
            expect(x).toBeGreaterThanOrEqual(lo - 1e-12);
            expect(x).toBeLessThanOrEqual(hi + 1e-12);
          }
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (t[i]! < t[j]!) expect(w[i]!).toBeLessThanOrEqual(w[j]! + 1e-12);
        },
      ),
    );
  });
});
