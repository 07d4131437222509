import { describe, expect, it } from 'vitest';
import { DataError } from './data-error.js';
import { mergeSeries } from './merge-series.js';
import { parseLongCsv } from './long-csv.js';
import { parseYahooCsv } from './yahoo-csv.js';

const yahoo = (symbol: string, ...rows: string[]) =>
  parseYahooCsv(['Date,Open,High,Low,Close,Adj Close,Volume', ...rows].join('\n'), { symbol, onBadRow: 'skip', source: `${symbol}.csv` });

describe('mergeSeries', () => {
  it('makes one step per date in the union of all dates, each with the bars of that day sorted by symbol', () => {
    const md = mergeSeries(
      yahoo('ZZZ', '2020-01-03,3,3,3,3,3,3', '2020-01-02,2,2,2,2,2,2'),
      yahoo('AAA', '2020-01-06,6,6,6,6,6,6', '2020-01-03,30,30,30,30,30,30'),
    );
    expect(md.symbols).toEqual(['AAA', 'ZZZ']);
    expect(md.steps.map((s) => [s.date, s.bars.map((b) => `${b.symbol}:${b.close}`)])).toEqual([
      ['2020-01-02', ['ZZZ:2']],
      ['2020-01-03', ['AAA:30', 'ZZZ:3']],
      ['2020-01-06', ['AAA:6']],
    ]);
  });

  it('gives bars without their date, exactly as Bar', () => {
    const md = mergeSeries(yahoo('AAA', '2020-01-02,1,2,0.5,1.5,1.5,100'));
    expect(md.steps[0]!.bars[0]).toStrictEqual({ symbol: 'AAA', open: '1', high: '2', low: '0.5', close: '1.5', volume: '100' });
  });

  it('sorts a long file with many symbols per day by symbol (code-unit order, not locale)', () => {
    const text = 'date,open,high,low,close,volume,Name\n2020-01-02,1,1,1,1,1,b\n2020-01-02,1,1,1,1,1,BRK.B\n2020-01-02,1,1,1,1,1,A\n2020-01-02,1,1,1,1,1,BF.B\n';
    const md = mergeSeries(parseLongCsv(text, { onBadRow: 'fail' }));
    expect(md.symbols).toEqual(['A', 'BF.B', 'BRK.B', 'b']);
    expect(md.steps[0]!.bars.map((b) => b.symbol)).toEqual(['A', 'BF.B', 'BRK.B', 'b']);
  });

  it('carries the warnings of every input, in order', () => {
    const md = mergeSeries(yahoo('AAA', '2020-01-02,1,1,1,1,1,1', '2020-01-03,,1,1,1,1,1'), yahoo('BBB', '2020-01-02,1,1,1,1,1,-1', '2020-01-03,1,1,1,1,1,1'));
    expect(md.warnings).toEqual([
      'AAA.csv: skipped 1 row with empty fields (AAA 2020-01-03)',
      'BBB.csv: skipped 1 row with negative volume (BBB 2020-01-02)',
    ]);
  });

  it('refuses two inputs that hold the same symbol', () => {
    const again = { ...yahoo('AAA', '2020-01-03,1,1,1,1,1,1'), source: 'aaa-2020.csv' };
    let error: unknown;
    try {
      mergeSeries(yahoo('AAA', '2020-01-02,1,1,1,1,1,1'), again);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: 'duplicate_symbol', symbol: 'AAA', message: 'symbol AAA is in both AAA.csv and aaa-2020.csv' });
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeSeries()).toThrow(/no series to merge/);
  });
});
