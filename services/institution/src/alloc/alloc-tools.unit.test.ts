import { describe, expect, it } from 'vitest';
import { AllocInputError, customWeights, splitFromAccounts, splitJson, weightsFromCovariance, weightsFromReturns, weightsJson } from './alloc-tools.js';

// Maillard, Roncalli & Teïletche (2010), p. 65: σ = 10/20/30/40 %, ρ12 = 0.8, ρ34 = −0.5 → ERC 38.4/19.2/24.3/18.2 %
const MRT = JSON.stringify({ ids: ['a', 'b', 'c', 'd'], covariance: [[0.01, 0.016, 0, 0], [0.016, 0.04, 0, 0], [0, 0, 0.09, -0.06], [0, 0, -0.06, 0.16]] });
const accounts = JSON.stringify([{ id: 'a', capital: 5 }, { id: 'b', capital: '3' }, { id: 'c', capital: 2, ratio: 1 }]);

describe('atrium alloc weights', () => {
  it('risk parity from a covariance reproduces the published ERC weights, with equal risk contributions', () => {
    const w = weightsFromCovariance('risk_parity', MRT);
    expect(w.weights.map((x) => Math.round(x * 1000) / 1000)).toEqual([0.384, 0.192, 0.243, 0.182]);
    for (const rc of w.riskContributions!) expect(rc).toBeCloseTo(0.25, 10);
    expect(JSON.parse(weightsJson(w))).toEqual({ ids: ['a', 'b', 'c', 'd'], weights: [...w.weights] });
  });

  it('inverse vol and equal weight from a covariance', () => {
    expect(weightsFromCovariance('inverse_vol', MRT).weights.map((x) => Math.round(x * 100) / 100)).toEqual([0.48, 0.24, 0.16, 0.12]);
    expect(weightsFromCovariance('equal_weight', MRT).weights).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('weights from a returns file, one column per id', () => {
    const csv = 'x,y\n0.01,0.02\n-0.01,-0.02\n0.01,0.02\n-0.01,-0.02\n';
    const w = weightsFromReturns('risk_parity', csv);
    expect(w.ids).toEqual(['x', 'y']);
    expect(w.weights[0]).toBeCloseTo(2 / 3, 10); // perfectly correlated, σ_y = 2σ_x: equal risk at 2:1
  });

  it.each([
    ['a covariance that is not square', 'risk_parity', JSON.stringify({ ids: ['a', 'b'], covariance: [[1, 0], [0]] }), /not square: 2 ids but row 2 \("b"\) has 1 entries/],
    ['a covariance that is not symmetric', 'risk_parity', JSON.stringify({ ids: ['a', 'b'], covariance: [[1, 0.5], [0.4, 1]] }), /not symmetric/],
    ['a covariance that is not PSD', 'risk_parity', JSON.stringify({ ids: ['a', 'b', 'c'], covariance: [[1, -0.9, -0.9], [-0.9, 1, -0.9], [-0.9, -0.9, 1]] }), /not positive semi-definite/],
    ['a correlation above one', 'inverse_vol', JSON.stringify({ ids: ['a', 'b'], covariance: [[1, 3], [3, 1]] }), /not positive semi-definite: "a" and "b" have covariance 3/],
    ['a zero variance for risk parity', 'risk_parity', JSON.stringify({ ids: ['a', 'b'], covariance: [[0, 0], [0, 1]] }), /risk_parity needs a positive variance for every id; "a" has 0/],
    ['a method that needs returns', 'sharpe_optimized', MRT, /needs returns \(--returns <file.csv>\)/],
    ['custom', 'custom', MRT, /method custom takes its weights from --weights or --weights-file, not from a covariance or returns/],
    ['broken JSON', 'risk_parity', '{"ids": [', /not valid JSON/],
    ['duplicate ids', 'risk_parity', JSON.stringify({ ids: ['a', 'a'], covariance: [[1, 0], [0, 1]] }), /id "a" is listed twice/],
  ])('rejects %s', (_n, method, text, message) => {
    expect(() => weightsFromCovariance(method, text)).toThrow(AllocInputError);
    expect(() => weightsFromCovariance(method, text)).toThrow(message);
  });

  it.each([
    ['a value that is not a number', 'x,y\n0.01,abc\n0.02,0.01\n', /returns file line 2, column y: "abc" is not a number/],
    ['a short row', 'x,y\n0.01,0.02\n0.02\n', /line 3: expected 2 values, found 1/],
    ['one row only', 'x,y\n0.01,0.02\n', /at least 2 rows of returns, found 1 rows/],
    ['a column without volatility', 'x,y\n0.01,0\n0.02,0\n', /risk_parity has no answer on these returns \(PM y has zero volatility/],
  ])('rejects returns with %s', (_n, csv, message) => {
    expect(() => weightsFromReturns('risk_parity', csv)).toThrow(message);
  });
});

describe('atrium alloc split', () => {
  it('splits in whole lots, exactly, in input order (worked by hand)', () => {
    // 7 lots × (5, 3, 2)/10 = 3.5, 2.1, 1.4 → 3, 2, 1 and the odd lot to a (remainder 0.5)
    const s = splitFromAccounts({ qty: '700', lot: '100', method: 'pro_rata' }, accounts);
    expect(splitJson(s)).toBe('{"allocations":[{"id":"a","qty":400},{"id":"b","qty":200},{"id":"c","qty":100}]}');
    expect(s.accounts.map((a) => a.quota.toString())).toEqual(['350', '210', '140']);
  });

  it('min lots drops the small account and re-apportions', () => {
    // 10 lots: c's quota 2 < 3 lots → dropped; a, b share 10 as 5:3 → 6.25, 3.75 → 6, 3 + b (0.75)
    const s = splitFromAccounts({ qty: '10', minLots: '3', method: 'pro_rata' }, accounts);
    expect(splitJson(s)).toBe('{"allocations":[{"id":"a","qty":6},{"id":"b","qty":4},{"id":"c","qty":0}]}');
    expect(s.dropped).toEqual(['c']);
  });

  it.each([
    ['a quantity that is not a whole number of lots', { qty: '750', lot: '100', method: 'pro_rata' }, accounts, /--qty 750 is not a whole number of lots of 100 \(50 left over\)/],
    ['a fractional quantity', { qty: '10.5', method: 'pro_rata' }, accounts, /--qty must be a whole number of at least 1, found "10.5"/],
    ['a negative capital', { qty: '10', method: 'pro_rata' }, JSON.stringify([{ id: 'a', capital: -5 }]), /account a: capital must be positive, found -5/],
    ['a zero capital', { qty: '10', method: 'equal' }, JSON.stringify([{ id: 'a', capital: 1 }, { id: 'b', capital: 0 }]), /account b: capital must be positive, found 0/],
    ['custom without ratios', { qty: '10', method: 'custom' }, JSON.stringify([{ id: 'a', capital: 1 }]), /account a: ratio \(method custom\) must be a number, found undefined/],
    ['an unknown remainder account', { qty: '10', method: 'pro_rata', remainderAccount: 'z' }, accounts, /--remainder-account "z" is not in accounts file/],
    ['an unknown method', { qty: '10', method: 'fair' }, accounts, /unknown method "fair"/],
    ['no accounts', { qty: '10', method: 'pro_rata' }, '[]', /expected a non-empty list/],
  ])('rejects %s', (_n, args, text, message) => {
    expect(() => splitFromAccounts(args, text)).toThrow(AllocInputError);
    expect(() => splitFromAccounts(args, text)).toThrow(message);
  });
});

describe('customWeights', () => {
  it.each([
    ['inline, normalised', 'x=1,y=3', false, ['x', 'y'], [0.25, 0.75]],
    ['inline with spaces and a zero', ' x = 2 , y=0, z=2', false, ['x', 'y', 'z'], [0.5, 0, 0.5]],
    ['a JSON object', '{"p": 0.6, "q": 0.3}', true, ['p', 'q'], [2 / 3, 1 / 3]],
  ] as const)('%s', (_n, text, file, ids, weights) => {
    const w = customWeights(text, 'w', file);
    expect(w.ids).toEqual(ids);
    w.weights.forEach((x, i) => expect(x).toBeCloseTo(weights[i]!, 12));
    expect(w.riskContributions).toBeUndefined();
  });
});
