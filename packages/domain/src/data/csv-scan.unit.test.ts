import { describe, expect, it } from 'vitest';
import { compareDecimalText, isDecimalText, LineScanner, readHeader, scanDecimal } from './csv-scan.js';

describe('scanDecimal', () => {
  it.each([
    '0', '1', '-1', '+1', '31.5078', '.5', '5.', '-0', '0.000001', '123456789012345', '1234567890123456789',
    '0.1', '0.3', '158.2818', '9007199254740993', '1e3', '1.5E-3', '-2e+2', '45.660000', '1.7976931348623157e308',
  ])('reads %j to the same double as Number()', (text) => {
    expect(Object.is(scanDecimal(text), Number(text))).toBe(true);
    expect(isDecimalText(text)).toBe(true);
  });

  it.each(['', '-', '+', '.', 'e3', '1e', '1e+', '1.2.3', '0x10', ' 1', '1 ', 'NaN', 'Infinity', '1,5', '--1', '1_000', 'null'])(
    'rejects %j', (text) => {
      expect(scanDecimal(text)).toBeNaN();
      expect(isDecimalText(text)).toBe(false);
    },
  );

  it('reads an overflowing exponent as infinite, which isDecimalText rejects', () => {
    expect(scanDecimal('1e999')).toBe(Infinity);
    expect(isDecimalText('1e999')).toBe(false);
  });

  it('agrees with Number() on many random prices with up to 6 decimals', () => {
    let x = 12345;
    for (let i = 0; i < 20000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const text = `${x % 100000}.${String(x % 1000000).padStart(6, '0')}`;
      if (scanDecimal(text) !== Number(text)) throw new Error(text);
    }
    expect(true).toBe(true);
  });
});

describe('compareDecimalText', () => {
  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['10', '10.0', 0],
    ['10.00000000000000000001', '10.00000000000000000002', -1],
    ['10.00000000000000000002', '10.00000000000000000001', 1],
  ])('orders %s against %s as %i, exactly', (a, b, sign) => {
    expect(compareDecimalText(a, Number(a), b, Number(b))).toBe(sign);
  });
});

describe('readHeader and LineScanner', () => {
  it('finds columns by exact name and starts the body after the header', () => {
    const h = readHeader('a,B, c \nrow', ['B', 'c'], 'x.csv');
    expect(h.index.get('B')).toBe(1);
    expect(h.index.get('c')).toBe(2);
    expect(h.bodyStart).toBe(8);
  });

  it('splits lines into fields, reporting missing trailing fields as empty', () => {
    const text = 'h\n1,2,3\n\n4,5\n6,,7,8';
    const sc = new LineScanner(text, 2, 3);
    const seen: [number, string[]][] = [];
    while (sc.next()) seen.push([sc.line, [sc.field(0), sc.field(1), sc.field(2)]]);
    expect(seen).toEqual([[2, ['1', '2', '3']], [4, ['4', '5', '']], [5, ['6', '', '7']]]);
  });
});
