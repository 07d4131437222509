import { describe, expect, it } from 'vitest';
import { DataError } from './data-error.js';
import { parseLongCsv, type LongCsvOptions } from './long-csv.js';
import type { BadRowCategory } from './bad-rows.js';

const HEADER = 'date,open,high,low,close,volume,Name';
const GOOD_1 = '2020-01-02,10,11,9,10.5,1000,AAA';
const GOOD_2 = '2020-01-06,10.5,12,10,11,2000,AAA';
const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n') + '\n';
const parse = (text: string, opts: Partial<LongCsvOptions> = {}) =>
  parseLongCsv(text, { onBadRow: 'skip', source: 't.csv', ...opts });

function thrown(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

// Each bad row sits on line 3, between two good rows of the same symbol.
const BAD_ROWS: readonly [string, string, BadRowCategory, string][] = [
  ['an empty open', '2020-01-03,,11,9,10.5,1000,AAA', 'empty', 'empty field "open"'],
  ['empty open, high and low', '2020-01-03,,,,10.5,1000,AAA', 'empty', 'empty fields "open", "high", "low"'],
  ['an empty volume', '2020-01-03,10,11,9,10.5,,AAA', 'empty', 'empty field "volume"'],
  ['an empty date', ',10,11,9,10.5,1000,AAA', 'empty', 'empty field "date"'],
  ['a text price', '2020-01-03,ten,11,9,10.5,1000,AAA', 'nonNumeric', '"open" "ten" is not a finite number'],
  ['NaN', '2020-01-03,10,NaN,9,10.5,1000,AAA', 'nonNumeric', '"high" "NaN" is not a finite number'],
  ['Infinity', '2020-01-03,10,Infinity,9,10.5,1000,AAA', 'nonNumeric', '"high" "Infinity" is not a finite number'],
  ['an overflowing exponent', '2020-01-03,10,1e999,9,10.5,1000,AAA', 'nonNumeric', '"high" "1e999" is not a finite number'],
  ['hex', '2020-01-03,10,11,0x9,10.5,1000,AAA', 'nonNumeric', '"low" "0x9" is not a finite number'],
  ['a padded number', '2020-01-03,10,11,9, 10.5,1000,AAA', 'nonNumeric', '"close" " 10.5" is not a finite number'],
  ['a thousands separator', '2020-01-03,10,11,9,10.5,1 000,AAA', 'nonNumeric', '"volume" "1 000" is not a finite number'],
  ['a one-digit month', '2020-1-03,10,11,9,10.5,1000,AAA', 'badDate', '"date" "2020-1-03" is not a YYYY-MM-DD date'],
  ['a day that does not exist', '2019-02-29,10,11,9,10.5,1000,AAA', 'badDate', '"date" "2019-02-29" is not a YYYY-MM-DD date'],
  ['a US date', '01/03/2020,10,11,9,10.5,1000,AAA', 'badDate', '"date" "01/03/2020" is not a YYYY-MM-DD date'],
  ['a timestamp', '2020-01-03T00:00:00,10,11,9,10.5,1000,AAA', 'badDate', '"date" "2020-01-03T00:00:00" is not a YYYY-MM-DD date'],
  ['a zero open', '2020-01-03,0,11,9,10.5,1000,AAA', 'brokenOhlc', 'open 0 is not positive'],
  ['a negative low', '2020-01-03,10,11,-9,10.5,1000,AAA', 'brokenOhlc', 'low -9 is not positive'],
  ['high below open', '2020-01-03,12,11,9,10.5,1000,AAA', 'brokenOhlc', 'high 11 is below open 12'],
  ['high below close', '2020-01-03,10,11,9,11.5,1000,AAA', 'brokenOhlc', 'high 11 is below close 11.5'],
  ['low above open', '2020-01-03,10,11,10.2,10.5,1000,AAA', 'brokenOhlc', 'low 10.2 is above open 10'],
  ['low above close', '2020-01-03,10.5,11,10.2,10.1,1000,AAA', 'brokenOhlc', 'low 10.2 is above close 10.1'],
  ['high below low', '2020-01-03,10,9,11,10.5,1000,AAA', 'brokenOhlc', 'high 9 is below low 11'],
  // The next four differ only beyond a double's precision: the float fast path must not wave them through.
  ['a high below open that floats cannot see', '2020-01-03,10.00000000000000000002,10.00000000000000000001,9,9.5,1000,AAA', 'brokenOhlc',
    'high 10.00000000000000000001 is below open 10.00000000000000000002'],
  ['a high below close that floats cannot see', '2020-01-03,9.5,10.00000000000000000001,9,10.00000000000000000002,1000,AAA', 'brokenOhlc',
    'high 10.00000000000000000001 is below close 10.00000000000000000002'],
  ['a low above open that floats cannot see', '2020-01-03,10.00000000000000000001,11,10.00000000000000000002,10.5,1000,AAA', 'brokenOhlc',
    'low 10.00000000000000000002 is above open 10.00000000000000000001'],
  ['a low above close that floats cannot see', '2020-01-03,10.5,11,10.00000000000000000002,10.00000000000000000001,1000,AAA', 'brokenOhlc',
    'low 10.00000000000000000002 is above close 10.00000000000000000001'],
  ['a negative volume', '2020-01-03,10,11,9,10.5,-5,AAA', 'negativeVolume', 'volume -5 is negative'],
  ['a repeated date', '2020-01-02,10,11,9,10.5,1000,AAA', 'duplicate', 'duplicate of line 2'],
];

describe('parseLongCsv bad rows', () => {
  it.each(BAD_ROWS)('skips a row with %s under skip and counts it as %s', (_what, row, category, problem) => {
    const r = parse(csv(GOOD_1, row, GOOD_2));
    expect(r.series.get('AAA')!.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-06']);
    expect(r.skipped[category]).toBe(1);
    expect(Object.values(r.skipped).reduce((a, b) => a + b)).toBe(1);
    expect(r.rejected).toEqual([{ line: 3, symbol: 'AAA', date: row.split(',')[0], category, problem }]);
    expect(r.kept).toBe(2);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^t\.csv: skipped 1 row with /);
  });

  it.each(BAD_ROWS)('fails on a row with %s under fail, naming source, line, symbol, date and problem', (_what, row, _category, problem) => {
    const e = thrown(() => parse(csv(GOOD_1, row, GOOD_2), { onBadRow: 'fail' }));
    const date = row.split(',')[0] || '(no date)';
    expect(e.message).toBe(`t.csv:3: AAA ${date}: ${problem}`);
    expect(e).toMatchObject({ name: 'DataError', code: 'bad_row', source: 't.csv', line: 3, symbol: 'AAA' });
  });

  it.each([
    ['a doji (all four prices equal)', '2020-01-03,10,10,10,10,1000,AAA'],
    ['zero volume', '2020-01-03,10,11,9,10.5,0,AAA'],
    ['equal values written differently', '2020-01-03,10.0,10,9.50,9.5,1000,AAA'],
    ['an exponent', '2020-01-03,1e1,1.1e1,9,10.5,1e3,AAA'],
    ['a fractional volume', '2020-01-03,10,11,9,10.5,0.25,AAA'],
  ])('keeps %s', (_what, row) => {
    const r = parse(csv(row), { onBadRow: 'fail' });
    expect(r.kept).toBe(1);
  });

  it('treats a row missing trailing columns as empty fields', () => {
    const text = 'Name,date,open,high,low,close,volume\nAAA,2020-01-02,10,11,9,10.5,1000\nAAA,2020-01-03,10,11\n';
    const r = parse(text);
    expect(r.rejected[0]).toMatchObject({ line: 3, category: 'empty', problem: 'empty fields "low", "close", "volume"' });
  });

  it('rejects a row without a symbol as an empty field when no filter is given', () => {
    const r = parse(csv(GOOD_1, '2020-01-03,10,11,9,10.5,1000,'));
    expect(r.rejected[0]).toMatchObject({ line: 3, symbol: '(no symbol)', problem: 'empty field "Name"' });
  });

  it('words warnings with counts per category, up to 5 examples and the symbols with most rows', () => {
    const empty = (d: string, s: string) => `${d},,11,9,10.5,1000,${s}`;
    const r = parse(csv(
      empty('2020-01-02', 'AAA'), empty('2020-01-03', 'AAA'), empty('2020-01-02', 'BBB'), empty('2020-01-06', 'AAA'),
      empty('2020-01-07', 'AAA'), empty('2020-01-03', 'BBB'), '2020-01-08,12,11,9,10.5,1000,AAA', GOOD_2,
    ));
    expect(r.warnings).toEqual([
      't.csv: skipped 6 rows with empty fields (AAA 2020-01-02, AAA 2020-01-03, BBB 2020-01-02, AAA 2020-01-06, AAA 2020-01-07, ...); by symbol: AAA 4, BBB 2',
      't.csv: skipped 1 row with broken OHLC (a price <= 0, or the high/low range excludes open or close) (AAA 2020-01-08)',
    ]);
    expect(r.skipped).toEqual({ empty: 6, nonNumeric: 0, badDate: 0, brokenOhlc: 1, negativeVolume: 0, duplicate: 0 });
  });
});

describe('parseLongCsv filters and layout', () => {
  const rows = [
    '2020-01-02,10,11,9,10.5,100,AAA', '2020-01-02,20,21,19,20.5,200,BBB', '2020-01-02,30,31,29,30.5,300,CCC',
    '2020-01-03,10,11,9,10.5,100,AAA', '2020-01-03,20,21,19,20.5,200,BBB', '2020-01-03,30,31,29,30.5,300,CCC',
    '2020-01-06,10,11,9,10.5,100,AAA', '2020-01-06,20,21,19,20.5,200,BBB', '2020-01-06,30,31,29,30.5,300,CCC',
  ];

  it('keeps every symbol when no filter is given, with series sorted by symbol', () => {
    const r = parse(csv(...rows));
    expect([...r.series.keys()]).toEqual(['AAA', 'BBB', 'CCC']);
    expect(r.kept).toBe(9);
    expect(r.series.get('BBB')![0]).toEqual({ symbol: 'BBB', date: '2020-01-02', open: '20', high: '21', low: '19', close: '20.5', volume: '200' });
  });

  it('keeps only the requested symbols', () => {
    const r = parse(csv(...rows), { symbols: ['CCC', 'AAA'] });
    expect([...r.series.keys()]).toEqual(['AAA', 'CCC']);
    expect(r.kept).toBe(6);
  });

  it.each([
    [{ start: '2020-01-03' }, ['2020-01-03', '2020-01-06']],
    [{ end: '2020-01-03' }, ['2020-01-02', '2020-01-03']],
    [{ start: '2020-01-03', end: '2020-01-03' }, ['2020-01-03']],
    [{ start: '2020-01-01', end: '2020-01-31' }, ['2020-01-02', '2020-01-03', '2020-01-06']],
    [{ start: '2020-01-04', end: '2020-01-05' }, undefined],
  ])('keeps rows inside the inclusive window %j', (window, dates) => {
    if (dates === undefined) {
      expect(thrown(() => parse(csv(...rows), window)).code).toBe('no_rows');
      return;
    }
    const r = parse(csv(...rows), window);
    for (const s of ['AAA', 'BBB', 'CCC']) expect(r.series.get(s)!.map((b) => b.date)).toEqual(dates);
  });

  it('does not judge rows it does not keep: other symbols and dates outside the window', () => {
    const text = csv(...rows, '2020-01-03,,,,1,1,ZZZ', '2019-12-31,,,,1,1,AAA', 'not-a-date,1,1,1,1,1,ZZZ');
    const r = parse(text, { symbols: ['AAA'], start: '2020-01-01', onBadRow: 'fail' });
    expect(r.kept).toBe(3);
    expect(r.warnings).toEqual([]);
  });

  it('names every requested symbol the file lacks', () => {
    const e = thrown(() => parse(csv(...rows), { symbols: ['AAA', 'ZZZ', 'YYY'] }));
    expect(e.code).toBe('missing_symbols');
    expect(e.message).toBe('t.csv: symbols not in the file: YYY, ZZZ');
  });

  it('warns about a requested symbol that is in the file but has no row in the window', () => {
    const r = parse(csv(...rows, '2019-06-03,5,6,4,5,1,DDD'), { symbols: ['AAA', 'DDD'], start: '2020-01-01' });
    expect(r.warnings).toEqual(['t.csv: kept no rows for DDD: no good row dated on or after 2020-01-01']);
  });

  it.each([
    [{ start: '2020-02-01', end: '2020-01-01' }, 't.csv: start 2020-02-01 is after end 2020-01-01'],
    [{ start: '2020-1-1' }, 't.csv: start "2020-1-1" is not a YYYY-MM-DD date'],
    [{ end: 'tomorrow' }, 't.csv: end "tomorrow" is not a YYYY-MM-DD date'],
    [{ symbols: [] }, 't.csv: symbols is empty; omit it to load every symbol'],
  ])('rejects options %j', (opts, message) => {
    const e = thrown(() => parse(csv(...rows), opts));
    expect(e.code).toBe('bad_option');
    expect(e.message).toBe(message);
  });

  it('says so when bad rows leave nothing', () => {
    const e = thrown(() => parse(csv('2020-01-02,,,,1,1,AAA')));
    expect(e.code).toBe('no_rows');
    expect(e.message).toBe('t.csv: no rows left after filtering (1 bad row skipped)');
  });

  it.each([
    ['date,open,high,low,close,Volume,name', 't.csv:1: header lacks columns "volume", "Name" (found "date", "open", "high", "low", "close", "Volume", "name")'],
    ['', 't.csv:1: header lacks columns "date", "open", "high", "low", "close", "volume", "Name" (found nothing)'],
    ['2020-01-02,10,11,9,10.5,1000,AAA', 't.csv:1: header lacks columns "date", "open", "high", "low", "close", "volume", "Name" (found "2020-01-02", "10", "11", "9", "10.5", "1000", "AAA")'],
  ])('names the missing header columns of %j', (header, message) => {
    const e = thrown(() => parse(`${header}\n${GOOD_1}\n`));
    expect(e.code).toBe('missing_columns');
    expect(e.message).toBe(message);
  });

  it('finds columns by name in any order and ignores extra columns', () => {
    const text = 'Name,extra,volume,close,low,high,open,date\nAAA,x,1000,10.5,9,11,10,2020-01-02\n';
    const r = parse(text, { onBadRow: 'fail' });
    expect(r.series.get('AAA')).toEqual([{ symbol: 'AAA', date: '2020-01-02', open: '10', high: '11', low: '9', close: '10.5', volume: '1000' }]);
  });

  it('reads CRLF line ends, a byte-order mark and blank lines, counting lines as an editor does', () => {
    const text = `\uFEFF${HEADER}\r\n${GOOD_1}\r\n\r\n2020-01-03,,11,9,10.5,1000,AAA\r\n${GOOD_2}\r\n\r\n`;
    const r = parse(text);
    expect(r.series.get('AAA')!.map((b) => b.close)).toEqual(['10.5', '11']);
    expect(r.rejected[0]!.line).toBe(4);
  });

  it('sorts rows that are out of date order and still finds duplicates among them', () => {
    const r = parse(csv(GOOD_2, GOOD_1, '2020-01-06,1,1,1,1,1,AAA', '2020-01-03,10,11,9,10.5,1000,AAA'));
    expect(r.series.get('AAA')!.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(r.rejected).toEqual([{ line: 4, symbol: 'AAA', date: '2020-01-06', category: 'duplicate', problem: 'duplicate of line 2' }]);
  });

  it('allows the same date for different symbols', () => {
    const r = parse(csv(GOOD_1, GOOD_1.replace('AAA', 'BBB')), { onBadRow: 'fail' });
    expect(r.kept).toBe(2);
  });
});
