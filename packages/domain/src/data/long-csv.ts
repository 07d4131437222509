import type { BadRowPolicy } from '../config/types.js';
import { BadRowLog, checkDateField, checkOhlcv, type OhlcvNames } from './bad-rows.js';
import { LineScanner, readHeader } from './csv-scan.js';
import { DataError } from './data-error.js';
import { assembleSeries, dateWindow, SeriesBuilder, type DatedBar, type ParsedSeries } from './series.js';

/** Options for parseLongCsv. */
export interface LongCsvOptions {
  /** Keep only these symbols (each must occur in the file). Default: every symbol. */
  readonly symbols?: readonly string[];
  /** Inclusive YYYY-MM-DD bounds; rows outside are not kept (and not validated beyond the date). */
  readonly start?: string;
  readonly end?: string;
  readonly onBadRow: BadRowPolicy;
  /** Name of the input for messages, e.g. the file name. Default `<long csv>`. */
  readonly source?: string;
}

/** The header names of the long format, case-sensitive. */
export const LONG_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume', 'Name'] as const;

const NAMES: OhlcvNames = { open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' };

/**
 * Parses the long CSV format `date,open,high,low,close,volume,Name` (columns found by header name,
 * in any order, extra columns ignored) into per-symbol series; pure.
 *
 * Rows of other symbols cost one field slice and a map miss; rows outside [start, end] are dropped
 * before their prices are looked at. Bad rows (see checkOhlcv, checkDateField, duplicate
 * (date, symbol)) follow `onBadRow`. Throws DataError for missing columns, unknown requested
 * symbols, bad options, nothing kept, and any bad row under 'fail'.
 */
export function parseLongCsv(text: string, opts: LongCsvOptions): ParsedSeries {
  const source = opts.source ?? '<long csv>';
  const window = dateWindow(opts.start, opts.end, source);
  const requested = opts.symbols;
  if (requested) {
    if (requested.length === 0) throw new DataError('bad_option', `${source}: symbols is empty; omit it to load every symbol`, { source });
    const blank = requested.findIndex((s) => typeof s !== 'string' || s === '');
    if (blank >= 0) throw new DataError('bad_option', `${source}: symbols[${blank}] is not a symbol`, { source });
  }
  const header = readHeader(text, LONG_COLUMNS, source);
  const col = (name: (typeof LONG_COLUMNS)[number]): number => header.index.get(name)!;
  const iDate = col('date'), iOpen = col('open'), iHigh = col('high'), iLow = col('low');
  const iClose = col('close'), iVolume = col('volume'), iName = col('Name');
  const width = Math.max(iDate, iOpen, iHigh, iLow, iClose, iVolume, iName) + 1;

  const builders = new Map<string, SeriesBuilder>();
  if (requested) for (const s of requested) builders.set(s, new SeriesBuilder(s));
  const log = new BadRowLog(opts.onBadRow, source);
  const { lo, hi } = window;
  const sc = new LineScanner(text, header.bodyStart, width);

  while (sc.next()) {
    const name = sc.field(iName);
    let b = builders.get(name);
    if (b === undefined) {
      if (requested) continue;
      if (name === '') {
        log.reject(sc.line, '(no symbol)', sc.field(iDate), { category: 'empty', problem: 'empty field "Name"' });
        continue;
      }
      builders.set(name, (b = new SeriesBuilder(name)));
    }
    b.present = true;
    const date = sc.field(iDate);
    const bad = checkDateField(date, 'date');
    if (bad) {
      log.reject(sc.line, b.symbol, date, bad);
      continue;
    }
    if (date < lo || date > hi) continue;
    const bar: DatedBar = {
      symbol: b.symbol,
      date,
      open: sc.field(iOpen),
      high: sc.field(iHigh),
      low: sc.field(iLow),
      close: sc.field(iClose),
      volume: sc.field(iVolume),
    };
    const problem = checkOhlcv(bar, NAMES);
    if (problem) {
      log.reject(sc.line, b.symbol, date, problem);
      continue;
    }
    const earlier = b.add(bar, sc.line);
    if (earlier !== undefined) {
      log.reject(sc.line, b.symbol, date, { category: 'duplicate', problem: `duplicate of line ${earlier}` });
    }
  }
  return assembleSeries(source, builders, log, window, requested);
}
