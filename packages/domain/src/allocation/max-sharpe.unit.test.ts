import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maxSharpeWeights } from './max-sharpe.js';

const sharpe = (w: readonly number[], mu: readonly number[], cov: readonly (readonly number[])[]) => {
  const m = w.reduce((s, x, i) => s + x * mu[i]!, 0);
  const v = cov.reduce((s, row, i) => s + row.reduce((t, c, j) => t + w[i]! * c * w[j]!, 0), 0);
  return m / Math.sqrt(v);
};

describe('maxSharpeWeights (long-only)', () => {
  it.each([
    // uncorrelated: the tangency portfolio is w_i ∝ μ_i / σ_i² = (0.1/0.04, 0.05/0.01) = (2.5, 5) → (1/3, 2/3)
    ['uncorrelated', [0.1, 0.05], [[0.04, 0], [0, 0.01]], [1 / 3, 2 / 3]],
    // ρ = 0.5, σ = (0.2, 0.1): Σ⁻¹μ ∝ (0.01·0.08 − 0.01·0.06, −0.01·0.08 + 0.04·0.06) = (0.0002, 0.0016) → (1/9, 8/9)
    ['correlated, interior', [0.08, 0.06], [[0.04, 0.01], [0.01, 0.01]], [1 / 9, 8 / 9]],
    // ρ = 0.9: Σ⁻¹μ ∝ (0.00082, −0.0014) has a short leg, so the long-only optimum is the corner (1, 0)
    ['correlated, the constraint binds', [0.1, 0.01], [[0.04, 0.018], [0.018, 0.01]], [1, 0]],
    // a PM with a negative mean gets nothing
    ['a losing PM gets nothing', [0.05, -0.02, 0.05], [[0.01, 0, 0], [0, 0.01, 0], [0, 0, 0.04]], [0.8, 0, 0.2]],
  ] as const)('%s (worked by hand)', (_n, mu, cov, want) => {
    const r = maxSharpeWeights(mu, cov);
    expect(r.converged).toBe(true);
    r.weights.forEach((w, i) => expect(w).toBeCloseTo(want[i]!, 9));
  });

  it('is at least as good as any long-only portfolio (random problems, random competitors)', () => {
    const problem = fc.integer({ min: 2, max: 6 }).chain((n) =>
      fc.tuple(
        fc.array(fc.double({ min: -0.02, max: 0.05, noNaN: true }), { minLength: n, maxLength: n }),
        fc.array(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: 20, maxLength: 20 }),
      ),
    );
    fc.assert(
      fc.property(problem, ([mu, f, competitors]) => {
        fc.pre(mu.some((m) => m > 1e-4));
        const cov = f.map((fi, i) => f.map((fj, j) => fi.reduce((s, x, k) => s + x * fj[k]!, 0) + (i === j ? 0.001 : 0)));
        const r = maxSharpeWeights(mu, cov);
        expect(r.converged).toBe(true);
        expect(r.weights.every((w) => w >= 0)).toBe(true);
        expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
        const best = sharpe(r.weights, mu, cov);
        for (const c of competitors) {
          const s = c.reduce((a, b) => a + b, 0);
          if (s <= 0) continue;
          expect(sharpe(c.map((x) => x / s), mu, cov)).toBeLessThanOrEqual(best + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('has no answer when no PM has a positive mean', () => {
    const r = maxSharpeWeights([-0.01, 0], [[0.01, 0], [0, 0.01]]);
    expect(r.converged).toBe(false);
    expect(r.weights.every(Number.isNaN)).toBe(true);
  });

  it('has no answer when a PM gains without any variance (a riskless gain)', () => {
    expect(maxSharpeWeights([0.01, 0.02], [[0, 0], [0, 0.01]]).converged).toBe(false);
  });
});
