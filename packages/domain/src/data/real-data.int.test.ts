import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataError } from './data-error.js';
import { parseLongCsv } from './long-csv.js';
import { mergeSeries } from './merge-series.js';
import { parseYahooCsv } from './yahoo-csv.js';

// Real third-party files live beside the repository (see ../shared/data/README.md) and are never
// copied into it; without them these tests are skipped.
const DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const ALL = `${DATA}sp500_iex_5yr_all.csv`;
const TOP50 = `${DATA}sp500_iex_5yr_top50.csv`;
const hasData = existsSync(ALL) && existsSync(TOP50);
const read = (file: string): string => readFileSync(file, 'utf8');

/**
 * A deliberately naive second opinion on the long file: split every line, and classify rows with
 * plain Number() comparisons. Shares no code with the loader.
 */
function scanIndependently(text: string) {
  const empty: string[] = [];
  const broken: number[] = [];
  const brokenBySymbol = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const [date, open, high, low, close, volume, name] = lines[i]!.split(',') as [string, string, string, string, string, string, string];
    if ([open, high, low, close, volume].some((f) => f === '')) {
      empty.push(`${name} ${date}`);
      continue;
    }
    const [o, h, l, c] = [open, high, low, close].map(Number) as [number, number, number, number];
    if (Math.min(o, h, l, c) <= 0 || h < Math.max(o, c) || l > Math.min(o, c) || h < l) {
      broken.push(i + 1);
      brokenBySymbol.set(name, (brokenBySymbol.get(name) ?? 0) + 1);
    }
  }
  return { rows: lines.filter((l) => l !== '').length - 1, empty, broken, brokenBySymbol };
}

const README_EMPTY_ROWS = [
  'VRTX 2015-05-12', 'REGN 2015-06-09', 'WRK 2015-06-26', 'DHR 2015-07-17', 'ES 2015-07-17', 'O 2015-07-17',
  'DHR 2016-01-12', 'O 2016-01-12', 'UA 2016-04-07', 'FTV 2016-07-01', 'BHF 2017-07-26',
];

describe.skipIf(!hasData)('real S&P 500 data (IEX, 2013-05-21..2018-05-18)', () => {
  const text = hasData ? read(ALL) : '';

  it('loads all 505 symbols on 1,259 dates, skipping exactly the 11 empty rows and the 212 broken ones', () => {
    const independent = scanIndependently(text);
    expect(independent.rows).toBe(619_608);
    expect(independent.empty).toEqual(README_EMPTY_ROWS);
    expect(independent.broken).toHaveLength(212);
    expect(independent.brokenBySymbol.get('LB')).toBe(184);
    expect(Math.max(...[...independent.brokenBySymbol].filter(([s]) => s !== 'LB').map(([, n]) => n))).toBe(2);

    const parsed = parseLongCsv(text, { onBadRow: 'skip', source: 'sp500_iex_5yr_all.csv' });
    expect(parsed.skipped).toEqual({ empty: 11, nonNumeric: 0, badDate: 0, brokenOhlc: 212, negativeVolume: 0, duplicate: 0 });
    expect(parsed.rejected.filter((r) => r.category === 'empty').map((r) => `${r.symbol} ${r.date}`)).toEqual(README_EMPTY_ROWS);
    expect(parsed.rejected.filter((r) => r.category === 'brokenOhlc').map((r) => r.line)).toEqual(independent.broken);
    expect(parsed.kept).toBe(619_608 - 11 - 212);
    expect(parsed.warnings[0]).toBe(
      'sp500_iex_5yr_all.csv: skipped 11 rows with empty fields (VRTX 2015-05-12, REGN 2015-06-09, WRK 2015-06-26, DHR 2015-07-17, ES 2015-07-17, ...); by symbol: DHR 2, O 2, BHF 1, ES 1, FTV 1 and 4 more',
    );
    expect(parsed.warnings[1]).toMatch(/^sp500_iex_5yr_all\.csv: skipped 212 rows with broken OHLC .*; by symbol: LB 184, O 2, /);

    const md = mergeSeries(parsed);
    expect(md.symbols).toHaveLength(505);
    expect(md.steps).toHaveLength(1259);
    expect(md.steps[0]!.date).toBe('2013-05-21');
    expect(md.steps.at(-1)!.date).toBe('2018-05-18');
    expect(md.steps.reduce((n, s) => n + s.bars.length, 0)).toBe(619_385);
  });

  it('fails at the first bad row in file order under fail', () => {
    let error: unknown;
    try {
      parseLongCsv(text, { onBadRow: 'fail', source: 'sp500_iex_5yr_all.csv' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe('sp500_iex_5yr_all.csv:261: LB 2013-05-21: low 40.9566 is above close 39.677');
  });

  it('fails on the first empty row of a symbol that has no broken rows', () => {
    expect(() => parseLongCsv(text, { symbols: ['VRTX'], onBadRow: 'fail', source: 'sp500.csv' }))
      .toThrow('sp500.csv:240967: VRTX 2015-05-12: empty fields "open", "high", "low"');
  });

  it('reads 10 symbols out of the 33 MB file in well under 2 s', () => {
    const symbols = ['AAPL', 'MSFT', 'AMZN', 'GOOGL', 'JPM', 'XOM', 'GE', 'ORCL', 'GOOG', 'APTV'];
    const times: number[] = [];
    let md;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      md = mergeSeries(parseLongCsv(text, { symbols, onBadRow: 'fail', source: 'sp500.csv' }));
      times.push(performance.now() - t0);
    }
    expect(Math.max(...times)).toBeLessThan(2000);
    const counts = Object.fromEntries(md!.symbols.map((s) => [s, md!.steps.filter((st) => st.bars.some((b) => b.symbol === s)).length]));
    expect(counts).toEqual({ AAPL: 1259, AMZN: 1259, APTV: 114, GE: 1259, GOOG: 1045, GOOGL: 1259, JPM: 1259, MSFT: 1259, ORCL: 1257, XOM: 1259 });
  });

  it('keeps only the inclusive window: AAPL traded on 251 days of 2017', () => {
    const p = parseLongCsv(text, { symbols: ['AAPL'], start: '2017-01-03', end: '2017-12-29', onBadRow: 'fail' });
    const bars = p.series.get('AAPL')!;
    expect(bars).toHaveLength(251);
    expect([bars[0]!.date, bars.at(-1)!.date]).toEqual(['2017-01-03', '2017-12-29']);
  });

  it('names requested symbols that are not in the file', () => {
    expect(() => parseLongCsv(text, { symbols: ['AAPL', 'TSLA', 'BRK.A'], onBadRow: 'skip', source: 'sp500.csv' }))
      .toThrow('sp500.csv: symbols not in the file: BRK.A, TSLA');
  });

  it('loads the top-50 subset: 50 symbols, 1,259 dates, and only GM and UNH on 2016-09-06 broken', () => {
    const p = parseLongCsv(read(TOP50), { onBadRow: 'skip', source: 'top50.csv' });
    expect(p.rejected.map((r) => [r.symbol, r.date, r.category, r.line])).toEqual([
      ['GM', '2016-09-06', 'brokenOhlc', 40475],
      ['UNH', '2016-09-06', 'brokenOhlc', 40499],
    ]);
    const md = mergeSeries(p);
    expect(md.symbols).toHaveLength(50);
    expect(md.steps).toHaveLength(1259);
    expect(p.kept).toBe(61_596 - 2);
    expect([p.series.get('DWDP')!.length, p.series.get('PCLN')!.length, p.series.get('ORCL')!.length]).toEqual([179, 1201, 1257]);
  });
});

describe.skipIf(!existsSync(`${DATA}backtrader`))('real Yahoo files (backtrader)', () => {
  it.each([
    ['orcl-1995-2014.txt', 'ORCL', 5036, '1995-01-03', '2014-12-31'],
    ['nvda-1999-2014.txt', 'NVDA', 4012, '1999-01-22', '2014-12-31'],
    ['yhoo-1996-2014.txt', 'YHOO', 4713, '1996-04-12', '2014-12-31'],
  ])('reads %s as %s: %i rows from %s to %s, none bad', (file, symbol, rows, first, last) => {
    const p = parseYahooCsv(read(`${DATA}backtrader/${file}`), { symbol, onBadRow: 'fail', source: file });
    const bars = p.series.get(symbol)!;
    expect(bars).toHaveLength(rows);
    expect([bars[0]!.date, bars.at(-1)!.date]).toEqual([first, last]);
    expect(mergeSeries(p).steps).toHaveLength(rows);
  });

  it('adjusts ORCL so the last close is the Adj Close 42.303135 and the first open scales with it', () => {
    const text = read(`${DATA}backtrader/orcl-1995-2014.txt`);
    const raw = parseYahooCsv(text, { symbol: 'ORCL', onBadRow: 'fail' }).series.get('ORCL')!;
    const adj = parseYahooCsv(text, { symbol: 'ORCL', adjust: true, onBadRow: 'fail' }).series.get('ORCL')!;
    expect(raw[0]).toMatchObject({ open: '2.179012', close: '2.117284', volume: '36301200' });
    // 2.179012 * 1.883304 / 2.117284 = 1.93821046..., 6 places: 1.938210, canonical text 1.93821
    expect(adj[0]).toMatchObject({ open: '1.93821', close: '1.883304', volume: '36301200' });
    expect(adj.at(-1)!.close).toBe('42.303135');
  });
});
