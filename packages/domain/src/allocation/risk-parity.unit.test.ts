import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { riskContributions, type Matrix } from './covariance.js';
import { riskBudgetWeights } from './risk-parity.js';

/** Σ = diag(σ) C diag(σ). */
const covFrom = (vols: readonly number[], corr: Matrix): number[][] => vols.map((si, i) => vols.map((sj, j) => si * sj * corr[i]![j]!));
const identity = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

describe('riskBudgetWeights (equal risk contributions)', () => {
  it.each([
    {
      // Maillard, Roncalli & Teïletche (2010), "The properties of equally weighted risk contribution
      // portfolios", J. Portfolio Management 36(4), p. 65, example with σ = 10%, 20%, 30%, 40% and
      // zero correlation: ERC = 48%, 24%, 16%, 12% (inverse volatility, as it must be when ρ = 0).
      source: 'MRT 2010 p. 65, ρ = 0',
      cov: covFrom([0.1, 0.2, 0.3, 0.4], identity(4)),
      want: [0.48, 0.24, 0.16, 0.12],
      digits: 2,
    },
    {
      // Same paper and page, σ = 10%, 20%, 30%, 40% with ρ12 = 80%, ρ34 = −50%, other pairs 0:
      // ERC = 38.4%, 19.2%, 24.3%, 18.2% (published to one decimal of a percent).
      source: 'MRT 2010 p. 65, ρ12 = 0.8, ρ34 = -0.5',
      cov: covFrom([0.1, 0.2, 0.3, 0.4], [
        [1, 0.8, 0, 0],
        [0.8, 1, 0, 0],
        [0, 0, 1, -0.5],
        [0, 0, -0.5, 1],
      ]),
      want: [0.384, 0.192, 0.243, 0.182],
      digits: 3,
    },
    {
      // Bai, Scheinberg & Tütüncü (2016), "Least-squares approach to risk parity in portfolio
      // selection", Quantitative Finance 16(3): the five-asset covariance of their example, ERC
      // weights 0.125, 0.047, 0.083, 0.613, 0.132 (portfolio volatility 3.0406).
      source: 'Bai, Scheinberg & Tütüncü 2016, five assets',
      cov: [
        [94.868, 33.75, 12.325, -1.178, 8.778],
        [33.75, 445.642, 98.955, -7.901, 84.954],
        [12.325, 98.955, 117.265, 0.503, 45.184],
        [-1.178, -7.901, 0.503, 5.46, 1.057],
        [8.778, 84.954, 45.184, 1.057, 34.126],
      ],
      want: [0.125, 0.047, 0.083, 0.613, 0.132],
      digits: 3,
    },
    {
      // MathWorks Financial Toolbox, riskBudgetingPortfolio reference page (R2022a), example with
      // σ = 10%, 15%, 20%, 30%: weights 0.4101, 0.2734, 0.1899, 0.1266, each contributing 25%.
      source: 'MathWorks riskBudgetingPortfolio example',
      cov: [
        [0.01, 0.0075, 0.01, 0.015],
        [0.0075, 0.0225, 0.015, 0.0225],
        [0.01, 0.015, 0.04, 0.045],
        [0.015, 0.0225, 0.045, 0.09],
      ],
      want: [0.4101, 0.2734, 0.1899, 0.1266],
      digits: 4,
    },
  ])('reproduces $source', ({ cov, want, digits }) => {
    const r = riskBudgetWeights(cov);
    expect(r.converged).toBe(true);
    expect(r.residual).toBeLessThanOrEqual(1e-10);
    const scale = 10 ** digits;
    expect(r.weights.map((w) => Math.round(w * scale) / scale)).toEqual(want);
    for (const rc of riskContributions(r.weights, cov)) expect(rc).toBeCloseTo(1 / cov.length, 9);
  });

  it('gives the portfolio volatility Bai, Scheinberg & Tütüncü report (3.0406)', () => {
    const cov = [
      [94.868, 33.75, 12.325, -1.178, 8.778],
      [33.75, 445.642, 98.955, -7.901, 84.954],
      [12.325, 98.955, 117.265, 0.503, 45.184],
      [-1.178, -7.901, 0.503, 5.46, 1.057],
      [8.778, 84.954, 45.184, 1.057, 34.126],
    ];
    const w = riskBudgetWeights(cov).weights;
    const variance = cov.reduce((s, row, i) => s + row.reduce((t, c, j) => t + w[i]! * c * w[j]!, 0), 0);
    expect(Math.sqrt(variance)).toBeCloseTo(3.0406, 4);
  });

  it('matches the closed form for two assets and any budget (Roncalli 2013, Introduction to Risk Parity and Budgeting, §2.2)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.double({ min: -0.95, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (s1, s2, rho, b) => {
        const cov = [
          [s1 * s1, rho * s1 * s2],
          [rho * s1 * s2, s2 * s2],
        ];
        const w = riskBudgetWeights(cov, [b, 1 - b]).weights[0]!;
        const num = (b - 0.5) * rho * s1 * s2 - b * s2 * s2 + s1 * s2 * Math.sqrt((b - 0.5) ** 2 * rho * rho + b * (1 - b));
        const den = (1 - b) * s1 * s1 - b * s2 * s2 + 2 * (b - 0.5) * rho * s1 * s2;
        // the closed form is 0/0 when the two assets are identical in risk and budget
        if (Math.abs(den) < 1e-9) return;
        expect(w).toBeCloseTo(num / den, 8);
      }),
    );
  });

  it('equalises risk contributions to the stated tolerance on random covariance matrices', () => {
    const covArb = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.tuple(fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n + 2, maxLength: n + 2 }), { minLength: n, maxLength: n }), fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n })),
    );
    fc.assert(
      fc.property(covArb, ([factors, idio]) => {
        // Σ = F Fᵀ + diag(d): positive definite
        const cov = factors.map((fi, i) => factors.map((fj, j) => fi.reduce((s, x, k) => s + x * fj[k]!, 0) + (i === j ? idio[i]! : 0)));
        const r = riskBudgetWeights(cov);
        expect(r.converged).toBe(true);
        expect(r.weights.every((w) => w > 0)).toBe(true);
        expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
        for (const rc of riskContributions(r.weights, cov)) expect(Math.abs(rc - 1 / cov.length)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });

  it('converges on an ill-conditioned covariance fast-check once found (the line search allows for rounding)', () => {
    const factors = [[0,0,0,0,0,0,-0.748292908086568,0,0,0,0,0,0,0],[0.9999999999999978,0,0.9999999980810208,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,0,0,-0.9999999998909663,0,0],[0,0.9999999925566936,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0.9999999999999843,0,0,0,0,0,0,0,0.9999999999999968,0,0.9999999999999992,0],[0,0,0,0,0,0,0,0,0,0,0,0,0,0.680058488689434],[0,0,0,0,0,0,0,0,0,0,0.9999980945140113,0,0,0],[0,0,0,-0.8114625001490521,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,0,-0.9843902587854269,-0.030864229902941773,0,0,0],[0,-8.190741458583197e-8,0,0,0,0,0,0,0,0,0,0,0,0],[0,0.1141372243222709,0,0,0,0,0,0,0,0,0,0,0,0],[0,0,0,0,0,0,0,0,-2.2211848157898272e-8,0,0,-0.02259307345299524,0,0]];
    const idio = [0.9999487304194701,0.08053426680102428,0.6963472023099654,0.3215778981180752,0.01,0.01,0.9999999999999957,0.01,0.05474403871931544,0.050846300670684325,0.3527017623865298,0.026463740158613587];
    const cov = factors.map((fi, i) => factors.map((fj, j) => fi.reduce((s, x, k) => s + x * fj[k]!, 0) + (i === j ? idio[i]! : 0)));
    const r = riskBudgetWeights(cov);
    expect(r.converged).toBe(true);
    for (const rc of riskContributions(r.weights, cov)) expect(Math.abs(rc - 1 / cov.length)).toBeLessThanOrEqual(1e-9);
  });

  it('converges in a few Newton steps on a large, strongly correlated covariance (300 PMs, 5 factors)', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    const loadings = Array.from({ length: 300 }, () => Array.from({ length: 5 }, () => 0.01 * rand()));
    const cov = loadings.map((bi, i) => loadings.map((bj, j) => bi.reduce((s, x, k) => s + x * bj[k]!, 0) + (i === j ? 1e-5 * (1 + i / 300) : 0)));
    const r = riskBudgetWeights(cov);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(30);
    for (const rc of riskContributions(r.weights, cov)) expect(Math.abs(rc - 1 / 300)).toBeLessThanOrEqual(1e-10);
  });

  it('is not inverse volatility when correlations differ', () => {
    const cov = covFrom([0.1, 0.1, 0.1], [
      [1, 0.9, 0],
      [0.9, 1, 0],
      [0, 0, 1],
    ]);
    const w = riskBudgetWeights(cov).weights;
    // by hand: w1 = w2 = a, w3 = c; RC1 = a(σ²a + 0.9σ²a) = 1.9a²σ², RC3 = c²σ², so c = a√1.9 and
    // a = 1 / (2 + √1.9) = 0.29600 — where inverse volatility would give a third each
    const a = 1 / (2 + Math.sqrt(1.9));
    expect(w[0]).toBeCloseTo(a, 9);
    expect(w[1]).toBeCloseTo(a, 9);
    expect(w[2]).toBeCloseTo(a * Math.sqrt(1.9), 9);
  });

  it('reports a covariance it cannot solve (a zero variance) as not converged', () => {
    const r = riskBudgetWeights([
      [0, 0],
      [0, 1],
    ]);
    expect(r.converged).toBe(false);
  });
});
