import type { BadRowPolicy } from '../config/types.js';
import { D, decText } from '../money/decimal.js';
import { BadRowLog, checkDateField, checkOhlcv, type OhlcvNames, type RowProblem } from './bad-rows.js';
import { isDecimalText, LineScanner, readHeader, signOfDecimalText } from './csv-scan.js';
import { DataError } from './data-error.js';
import { assembleSeries, dateWindow, SeriesBuilder, type DatedBar, type ParsedSeries } from './series.js';

/** Options for parseYahooCsv. */
export interface YahooCsvOptions {
  /** The symbol the file holds (Yahoo files do not name it). */
  readonly symbol: string;
  /** Scale Open/High/Low/Close by Adj Close / Close (6 places, HALF_EVEN). Default false. */
  readonly adjust?: boolean;
  /** Inclusive YYYY-MM-DD bounds; rows outside are not kept. */
  readonly start?: string;
  readonly end?: string;
  readonly onBadRow: BadRowPolicy;
  /** Name of the input for messages, e.g. the file name. Default `<yahoo csv>`. */
  readonly source?: string;
}

/** The header names of the Yahoo format, case-sensitive. */
export const YAHOO_COLUMNS = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'] as const;

const NAMES: OhlcvNames = { open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume' };
const ADJ_PLACES = 6;

/** Yahoo writes `null` for a missing value; the bad-row policy treats it like an empty field. */
function orEmpty(text: string): string {
  return text === 'null' ? '' : text;
}

function checkAdjClose(adj: string): RowProblem | undefined {
  if (adj === '') return { category: 'empty', problem: 'empty field "Adj Close"' };
  if (!isDecimalText(adj) || !Number.isFinite(Number(adj))) {
    return { category: 'nonNumeric', problem: `"Adj Close" ${JSON.stringify(adj)} is not a finite number` };
  }
  if (signOfDecimalText(adj, Number(adj)) <= 0) return { category: 'brokenOhlc', problem: `Adj Close ${adj} is not positive` };
  return undefined;
}

/** Scales the prices of a valid bar by adjClose / close, rounded to 6 places HALF_EVEN; pure. */
function adjustBar(bar: DatedBar, adjClose: string): DatedBar {
  const factor = new D(adjClose).div(bar.close);
  const scale = (p: string): string => decText(new D(p).times(factor).toDecimalPlaces(ADJ_PLACES, D.ROUND_HALF_EVEN));
  return { ...bar, open: scale(bar.open), high: scale(bar.high), low: scale(bar.low), close: scale(bar.close) };
}

/**
 * Parses a Yahoo Finance daily CSV (`Date,Open,High,Low,Close,Adj Close,Volume`, columns found by
 * header name) into a one-symbol series; pure. Prices are kept as written unless `adjust`, which
 * scales O/H/L/C by Adj Close / Close; volume is kept as written. `null` counts as empty. Adj Close
 * is required (and validated) only with `adjust`. Same bad-row policy and errors as parseLongCsv.
 */
export function parseYahooCsv(text: string, opts: YahooCsvOptions): ParsedSeries {
  const source = opts.source ?? '<yahoo csv>';
  const symbol = opts.symbol;
  if (typeof symbol !== 'string' || symbol === '') {
    throw new DataError('bad_option', `${source}: a Yahoo file needs a symbol`, { source });
  }
  const window = dateWindow(opts.start, opts.end, source);
  const adjust = opts.adjust === true;
  const required = YAHOO_COLUMNS.filter((c) => adjust || c !== 'Adj Close');
  const header = readHeader(text, required, source);
  const col = (name: string): number => header.index.get(name) ?? 0;
  const iDate = col('Date'), iOpen = col('Open'), iHigh = col('High'), iLow = col('Low');
  const iClose = col('Close'), iVolume = col('Volume'), iAdj = col('Adj Close');
  const width = Math.max(iDate, iOpen, iHigh, iLow, iClose, iVolume, adjust ? iAdj : 0) + 1;

  const b = new SeriesBuilder(symbol);
  const log = new BadRowLog(opts.onBadRow, source);
  const { lo, hi } = window;
  const sc = new LineScanner(text, header.bodyStart, width);

  while (sc.next()) {
    b.present = true;
    const date = sc.field(iDate);
    const badDate = checkDateField(date, 'Date');
    if (badDate) {
      log.reject(sc.line, symbol, date, badDate);
      continue;
    }
    if (date < lo || date > hi) continue;
    let bar: DatedBar = {
      symbol,
      date,
      open: orEmpty(sc.field(iOpen)),
      high: orEmpty(sc.field(iHigh)),
      low: orEmpty(sc.field(iLow)),
      close: orEmpty(sc.field(iClose)),
      volume: orEmpty(sc.field(iVolume)),
    };
    let problem = checkOhlcv(bar, NAMES);
    if (!problem && adjust) {
      const adj = orEmpty(sc.field(iAdj));
      problem = checkAdjClose(adj);
      if (!problem) bar = adjustBar(bar, adj);
    }
    if (problem) {
      log.reject(sc.line, symbol, date, problem);
      continue;
    }
    const earlier = b.add(bar, sc.line);
    if (earlier !== undefined) {
      log.reject(sc.line, symbol, date, { category: 'duplicate', problem: `duplicate of line ${earlier}` });
    }
  }
  return assembleSeries(source, new Map([[symbol, b]]), log, window, undefined);
}
