import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, decText, ZERO } from '@atrium/domain';
import { fractionDigits, scaledNumber, scaledText, sumSeries, toScaled } from './exact.js';

// decimal text as the wire carries it (decText of a decimal), up to 8 places
const decimalText = fc.tuple(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.integer({ min: 0, max: 8 })).map(([units, places]) => decText(new D(units.toString()).div(new D(10).pow(places))));

describe('exact scaled sums', () => {
  it.each<[string, number, string]>([
    ['0', 0, '0'],
    ['-0.5', 1, '-0.5'],
    ['1234.5', 4, '1234.5'],
    ['0.000001', 6, '0.000001'],
    ['-1000000', 2, '-1000000'],
    ['1e-7', 7, '0.0000001'],
  ])('reads %s at scale %i and writes it back as decText does', (text, scale, out) => {
    expect(scaledText(toScaled(text, scale), scale)).toBe(out);
    expect(out).toBe(decText(new D(text)));
  });

  it('refuses text with more places than the scale', () => {
    expect(() => toScaled('1.234', 2)).toThrow(RangeError);
  });

  it('sums series exactly as decimal.js does, to the same text and the same float', () => {
    fc.assert(
      fc.property(fc.array(fc.array(decimalText, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (series) => {
        const scale = Math.max(...series.flat().map(fractionDigits));
        const sums = sumSeries(series.map((s) => s.map((x) => toScaled(x, scale))), 5);
        sums.forEach((v, t) => {
          const exact = series.reduce((s, x) => s.plus(x[t]!), ZERO);
          expect(scaledText(v, scale)).toBe(decText(exact));
          expect(scaledNumber(v, scale)).toBe(exact.toNumber());
        });
      }),
    );
  });
});
