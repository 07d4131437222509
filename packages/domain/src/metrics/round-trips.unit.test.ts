import { describe, expect, it } from 'vitest';
import { D, InvalidDecimalError } from '../money/decimal.js';
import { MetricsInputError } from './metrics-error.js';
import { type RoundTripFill, countRoundTrips } from './round-trips.js';

const buy = (qty: string | number, symbol = 'AAPL'): RoundTripFill => ({ symbol, side: 'buy', qty: String(qty) });
const sell = (qty: string | number, symbol = 'AAPL'): RoundTripFill => ({ symbol, side: 'sell', qty: String(qty) });

describe('countRoundTrips', () => {
  it.each<[string, RoundTripFill[], number]>([
    ['no fills', [], 0],
    ['an open position', [buy(100)], 0],
    ['a buy closed by a sell', [buy(100), sell(100)], 1],
    ['a short covered by a buy', [sell(100), buy(100)], 1],
    ['an exit in two parts', [buy(100), sell(50), sell(50)], 1],
    ['an entry in two parts', [buy(100), buy(50), sell(150)], 1],
    ['a flip from long to short, then cover', [buy(100), sell(150), buy(50)], 2],
    ['three sign changes', [buy(10), sell(20), buy(20), sell(10)], 3],
    ['two trades in a row', [buy(1), sell(1), buy(2), sell(2)], 2],
    ['symbols counted apart', [buy(100, 'AAPL'), buy(100, 'MSFT'), sell(100, 'AAPL')], 1],
    ['fractional shares closed exactly', [buy('0.1'), buy('0.2'), sell('0.30')], 1],
  ])('counts %s', (_what, fills, trips) => {
    expect(countRoundTrips(fills)).toBe(trips);
  });

  it('takes decimals as well as decimal text', () => {
    expect(countRoundTrips([{ symbol: 'X', side: 'buy', qty: new D(3) }, { symbol: 'X', side: 'sell', qty: new D('3.0') }])).toBe(1);
  });

  it.each<[string, RoundTripFill, new (...args: never[]) => Error]>([
    ['a zero quantity', buy(0), MetricsInputError],
    ['a negative quantity', sell(-5), MetricsInputError],
    ['quantity text that is not a number', buy('ten'), InvalidDecimalError],
    ['an unknown side', { symbol: 'X', side: 'short' as 'sell', qty: '1' }, MetricsInputError],
  ])('rejects %s', (_what, fill, error) => {
    expect(() => countRoundTrips([fill])).toThrow(error);
  });
});
