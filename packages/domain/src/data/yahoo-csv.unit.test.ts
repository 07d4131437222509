import { describe, expect, it } from 'vitest';
import { DataError } from './data-error.js';
import { parseYahooCsv, type YahooCsvOptions } from './yahoo-csv.js';
import type { BadRowCategory } from './bad-rows.js';

const HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';
const GOOD_1 = '2014-12-30,45.549999,45.660000,45.290001,45.340000,42.651192,9968400';
const GOOD_2 = '2014-12-31,45.450001,45.560001,44.970001,44.970001,42.303135,13269200';
const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n') + '\n';
const parse = (text: string, opts: Partial<YahooCsvOptions> = {}) =>
  parseYahooCsv(text, { symbol: 'ORCL', onBadRow: 'skip', source: 'orcl.txt', ...opts });

function thrown(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

const BAD_ROWS: readonly [string, string, BadRowCategory, string][] = [
  ['an empty open', '2014-12-29,,11,9,10.5,10.5,1000', 'empty', 'empty field "Open"'],
  ['null prices', '2014-12-29,null,null,null,null,null,null', 'empty', 'empty fields "Open", "High", "Low", "Close", "Volume"'],
  ['a null volume', '2014-12-29,10,11,9,10.5,10.5,null', 'empty', 'empty field "Volume"'],
  ['a text price', '2014-12-29,10,11,9,n/a,10.5,1000', 'nonNumeric', '"Close" "n/a" is not a finite number'],
  ['a bad date', '2014-12-32,10,11,9,10.5,10.5,1000', 'badDate', '"Date" "2014-12-32" is not a YYYY-MM-DD date'],
  ['a zero close', '2014-12-29,10,11,9,0,10.5,1000', 'brokenOhlc', 'Close 0 is not positive'],
  ['high below close', '2014-12-29,10,11,9,11.5,10.5,1000', 'brokenOhlc', 'High 11 is below Close 11.5'],
  ['low above open', '2014-12-29,10,11,10.2,10.5,10.5,1000', 'brokenOhlc', 'Low 10.2 is above Open 10'],
  ['high below low', '2014-12-29,10,9,11,10.5,10.5,1000', 'brokenOhlc', 'High 9 is below Low 11'],
  ['a negative volume', '2014-12-29,10,11,9,10.5,10.5,-1', 'negativeVolume', 'Volume -1 is negative'],
  ['a repeated date', GOOD_1, 'duplicate', 'duplicate of line 2'],
];

describe('parseYahooCsv bad rows', () => {
  it.each(BAD_ROWS)('skips a row with %s under skip and counts it as %s', (_what, row, category, problem) => {
    const r = parse(csv(GOOD_1, row, GOOD_2));
    expect(r.series.get('ORCL')!.map((b) => b.date)).toEqual(['2014-12-30', '2014-12-31']);
    expect(r.skipped[category]).toBe(1);
    expect(r.rejected).toEqual([{ line: 3, symbol: 'ORCL', date: row.split(',')[0], category, problem }]);
    expect(r.warnings).toHaveLength(1);
  });

  it.each(BAD_ROWS)('fails on a row with %s under fail, naming source, line, symbol, date and problem', (_what, row, _category, problem) => {
    const e = thrown(() => parse(csv(GOOD_1, row, GOOD_2), { onBadRow: 'fail' }));
    expect(e.message).toBe(`orcl.txt:3: ORCL ${row.split(',')[0]}: ${problem}`);
    expect(e.code).toBe('bad_row');
  });

  it.each([
    ['empty', '2014-12-29,10,11,9,10.5,,1000', 'empty', 'empty field "Adj Close"'],
    ['null', '2014-12-29,10,11,9,10.5,null,1000', 'empty', 'empty field "Adj Close"'],
    ['text', '2014-12-29,10,11,9,10.5,x,1000', 'nonNumeric', '"Adj Close" "x" is not a finite number'],
    ['zero', '2014-12-29,10,11,9,10.5,0,1000', 'brokenOhlc', 'Adj Close 0 is not positive'],
  ])('judges an Adj Close that is %s only when adjusting', (_what, row, category, problem) => {
    expect(parse(csv(row), { onBadRow: 'fail' }).kept).toBe(1);
    const r = parse(csv(GOOD_1, row), { adjust: true });
    expect(r.rejected).toEqual([{ line: 3, symbol: 'ORCL', date: '2014-12-29', category, problem }]);
  });
});

describe('parseYahooCsv values', () => {
  it('keeps prices and volume exactly as written when not adjusting', () => {
    const r = parse(csv(GOOD_1, GOOD_2), { onBadRow: 'fail' });
    expect(r.series.get('ORCL')).toEqual([
      { symbol: 'ORCL', date: '2014-12-30', open: '45.549999', high: '45.660000', low: '45.290001', close: '45.340000', volume: '9968400' },
      { symbol: 'ORCL', date: '2014-12-31', open: '45.450001', high: '45.560001', low: '44.970001', close: '44.970001', volume: '13269200' },
    ]);
  });

  it('scales open, high, low and close by Adj Close / Close and leaves volume alone', () => {
    const r = parse(csv('2014-12-29,10,12,8,10,5,777'), { adjust: true, onBadRow: 'fail' });
    expect(r.series.get('ORCL')).toEqual([{ symbol: 'ORCL', date: '2014-12-29', open: '5', high: '6', low: '4', close: '5', volume: '777' }]);
  });

  it.each([
    ['10.123457', '5.061728'], // 5.0617285: the tie goes to the even digit 8
    ['10.123459', '5.06173'], // 5.0617295: the tie goes to the even digit 0
    ['10.123458', '5.061729'],
  ])('rounds an adjusted open of %s to 6 places half-even (%s)', (open, adjusted) => {
    const r = parse(csv(`2014-12-29,${open},11,9,10,5,1`), { adjust: true, onBadRow: 'fail' });
    expect(r.series.get('ORCL')![0]!.open).toBe(adjusted);
  });

  it('makes the adjusted close equal Adj Close', () => {
    const r = parse(csv(GOOD_1, GOOD_2), { adjust: true, onBadRow: 'fail' });
    expect(r.series.get('ORCL')!.map((b) => b.close)).toEqual(['42.651192', '42.303135']);
    expect(r.series.get('ORCL')![1]!.high).toBe('42.858146');
  });

  it('needs the Adj Close column only when adjusting', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2014-12-29,10,11,9,10.5,1000\n';
    expect(parse(text).kept).toBe(1);
    const e = thrown(() => parse(text, { adjust: true }));
    expect(e.code).toBe('missing_columns');
    expect(e.message).toBe('orcl.txt:1: header lacks column "Adj Close" (found "Date", "Open", "High", "Low", "Close", "Volume")');
  });

  it('keeps rows inside the inclusive window', () => {
    const r = parse(csv('2014-12-29,10,11,9,10.5,10.5,1', GOOD_1, GOOD_2), { start: '2014-12-30', end: '2014-12-30' });
    expect(r.series.get('ORCL')!.map((b) => b.date)).toEqual(['2014-12-30']);
  });

  it('sorts rows that are out of date order', () => {
    const r = parse(csv(GOOD_2, GOOD_1), { onBadRow: 'fail' });
    expect(r.series.get('ORCL')!.map((b) => b.date)).toEqual(['2014-12-30', '2014-12-31']);
  });

  it.each([
    [{ symbol: '' }, 'bad_option', 'orcl.txt: a Yahoo file needs a symbol'],
    [{ start: '2015-01-01', end: '2014-01-01' }, 'bad_option', 'orcl.txt: start 2015-01-01 is after end 2014-01-01'],
    [{ start: '2015-01-01' }, 'no_rows', 'orcl.txt: no rows left after filtering (dates on or after 2015-01-01)'],
  ])('rejects %j', (opts, code, message) => {
    const e = thrown(() => parse(csv(GOOD_1, GOOD_2), opts));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });

  it('says there are no rows when the file has only a header', () => {
    expect(thrown(() => parse(csv())).message).toBe('orcl.txt: no rows left after filtering');
  });
});
