import { describe, expect, it } from 'vitest';
import { D, decText, tryDecimal, parseDecimal, InvalidDecimalError } from './decimal.js';

describe('decimal money', () => {
  it.each([
    ['1', '1'], ['1.50', '1.5'], ['-0.000', '0'], ['1e3', '1000'], ['.5', '0.5'], ['  2.25 ', '2.25'],
  ])('parses %j to canonical %j', (text, canon) => {
    expect(decText(parseDecimal(text))).toBe(canon);
  });

  it.each(['', 'NaN', 'Infinity', '-Infinity', '0x10', '1,5', 'ten', '1.2.3', '--1'])('rejects %j', (text) => {
    expect(tryDecimal(text)).toBeUndefined();
    expect(() => parseDecimal(text, 'qty')).toThrow(InvalidDecimalError);
  });

  it('rounds half to even at precision 34', () => {
    expect(new D('2.5').toDecimalPlaces(0).toString()).toBe('2');
    expect(new D('3.5').toDecimalPlaces(0).toString()).toBe('4');
    expect(new D(1).div(3).toString()).toBe('0.3333333333333333333333333333333333');
  });
});
