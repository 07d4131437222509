import { describe, expect, it } from 'vitest';
import type { SizingConfig } from '../config/types.js';
import { D, decText, InvalidDecimalError } from '../money/decimal.js';
import { InvalidSizingError, sizeTarget, sizingIssues } from './sizing.js';
import type { Direction } from './strategy.js';

const fixed = (shares: string): SizingConfig => ({ type: 'fixed_shares', shares });
const percent = (p: string): SizingConfig => ({ type: 'percent_equity', percent: p });

describe('sizeTarget', () => {
  it.each([
    // [sizing, direction, price, equity, expected]
    [fixed('100'), 1, '50', '1000', '100'],
    [fixed('100'), -1, '50', '1000', '-100'],
    [fixed('100'), 0, '50', '1000', '0'],
    [fixed('0'), -1, '50', '1000', '0'],
    [fixed('100'), 1, '0', '1000', '0'], //             no price, no target
    // 10% of 10000 = 1000; 1000 / 33 = 30.30 → 30; a short rounds toward zero too: −30, not −31.
    [percent('10'), 1, '33', '10000', '30'],
    [percent('10'), -1, '33', '10000', '-30'],
    // 2.5% of 1000 = 25; 25 / 7 = 3.57 → 3
    [percent('2.5'), 1, '7', '1000', '3'],
    [percent('2.5'), -1, '7', '1000', '-3'],
    // exactly 10 shares: 50% of 200 = 100; 100 / 10 = 10
    [percent('50'), 1, '10', '200', '10'],
    // tiny equity: 100% of 5 = 5; 5 / 10 = 0.5 → 0 either way
    [percent('100'), 1, '10', '5', '0'],
    [percent('100'), -1, '10', '5', '0'],
    // fractional price: 1% of 1234.56 = 12.3456; / 0.37 = 33.366 → 33
    [percent('1'), -1, '0.37', '1234.56', '-33'],
    [percent('10'), 1, '0', '10000', '0'],
    [percent('10'), -1, '-5', '10000', '0'],
    [percent('10'), 1, '33', '0', '0'],
    [percent('10'), 1, '33', '-500', '0'],
    [percent('10'), 0, '33', '10000', '0'],
  ] as [SizingConfig, Direction, string, string, string][])(
    '%j direction %i at price %s with equity %s gives %s',
    (sizing, direction, price, equity, expected) => {
      const got = sizeTarget(sizing, direction, new D(price), new D(equity));
      expect(decText(got)).toBe(expected);
      expect(got.isInteger()).toBe(true);
      // No negative zero leaks out.
      if (got.isZero()) expect(got.isNegative()).toBe(false);
    },
  );

  it('floors exactly where the 34-digit quotient would round up to a whole number', () => {
    // 100% of 8.999…9 (33 nines) / 3 = 2.999…97: precision 34 rounds that to 3, the floor is 2.
    const equity = new D(`8.${'9'.repeat(33)}`);
    expect(decText(sizeTarget(percent('100'), 1, new D(3), equity))).toBe('2');
  });

  it.each([
    [fixed('-5'), InvalidSizingError],
    [fixed('2.5'), InvalidSizingError],
    [percent('-1'), InvalidSizingError],
    [fixed('ten'), InvalidDecimalError],
  ] as const)('rejects %j', (sizing, error) => {
    expect(() => sizeTarget(sizing, 1, new D(10), new D(1000))).toThrow(error);
  });
});

describe('sizingIssues', () => {
  it.each([
    [fixed('100'), []],
    [percent('12.5'), []],
    [fixed('-1'), ['sizing.shares']],
    [fixed('1.5'), ['sizing.shares']],
    [percent('0'), ['sizing.percent']],
    [percent('abc'), ['sizing.percent']],
    [{ type: 'kelly' } as unknown as SizingConfig, ['sizing.type']],
  ])('for %j flags %j', (sizing, params) => {
    expect(sizingIssues(sizing).map((i) => i.param)).toEqual(params);
  });
});
