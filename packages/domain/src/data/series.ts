import type { Bar } from '../market/bar.js';
import type { BadRowCounts, BadRowLog, RejectedRow } from './bad-rows.js';
import { isIsoDate } from './calendar.js';
import { DataError } from './data-error.js';

/** A bar that still carries its date, as a loader reads it (one symbol's series). */
export interface DatedBar extends Bar {
  readonly date: string;
}

/**
 * What a CSV loader returns: each symbol's bars with dates ascending, plus what it skipped.
 * Turn one or more of these into MarketData with mergeSeries.
 */
export interface ParsedSeries {
  /** Name of the input, as used in messages. */
  readonly source: string;
  /** Symbol → bars, dates strictly ascending; only symbols with at least one kept bar. */
  readonly series: ReadonlyMap<string, readonly DatedBar[]>;
  /** Bad rows skipped, per category (all zero under 'fail', which throws instead). */
  readonly skipped: BadRowCounts;
  /** Every skipped bad row, in line order. */
  readonly rejected: readonly RejectedRow[];
  /** Rows kept (sum of series lengths). */
  readonly kept: number;
  /** Sentences about skipped rows and requested symbols that kept nothing. */
  readonly warnings: readonly string[];
}

/**
 * Collects one symbol's bars while a loader runs and spots duplicate dates. Files are nearly always
 * in date order, so the check is a string comparison with the last date; a date index is only
 * built once a row arrives out of order. Mutable, owned by one parse call.
 */
export class SeriesBuilder {
  private readonly bars: DatedBar[] = [];
  private readonly lines: number[] = [];
  private last = '';
  private byDate: Map<string, number> | undefined;
  /** Whether the input had any row for this symbol, kept or not. */
  present = false;

  constructor(readonly symbol: string) {}

  get size(): number {
    return this.bars.length;
  }

  /** Adds a bar unless its date is already present; returns the earlier line when it is. */
  add(bar: DatedBar, line: number): number | undefined {
    const date = bar.date;
    if (date > this.last) {
      this.last = date;
    } else {
      if (!this.byDate) {
        this.byDate = new Map();
        for (let i = 0; i < this.bars.length; i++) this.byDate.set(this.bars[i]!.date, this.lines[i]!);
      }
      const earlier = this.byDate.get(date);
      if (earlier !== undefined) return earlier;
    }
    this.byDate?.set(date, line);
    this.bars.push(bar);
    this.lines.push(line);
    return undefined;
  }

  /** The bars with dates ascending (sorts only when rows arrived out of order). */
  finish(): DatedBar[] {
    if (this.byDate) this.bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return this.bars;
  }
}

/** Code-unit order for symbols and dates: deterministic, locale-free; pure. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An inclusive date window as two comparable texts (open ends become sentinels). */
export interface DateWindow {
  readonly lo: string;
  readonly hi: string;
  /** The window in words, e.g. `2014-01-01..2014-12-31` or `on or after 2014-01-01`; '' when unbounded. */
  readonly text: string;
}

/**
 * Validates optional start/end (YYYY-MM-DD, start <= end) into a window; pure.
 * Throws DataError('bad_option') otherwise.
 */
export function dateWindow(start: string | undefined, end: string | undefined, source: string): DateWindow {
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (v !== undefined && !isIsoDate(v)) {
      throw new DataError('bad_option', `${source}: ${name} ${JSON.stringify(v)} is not a YYYY-MM-DD date`, { source });
    }
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new DataError('bad_option', `${source}: start ${start} is after end ${end}`, { source });
  }
  const text =
    start !== undefined && end !== undefined ? `${start}..${end}`
    : start !== undefined ? `on or after ${start}`
    : end !== undefined ? `on or before ${end}`
    : '';
  return { lo: start ?? '0000-00-00', hi: end ?? '9999-99-99', text };
}

/**
 * Turns a finished parse into ParsedSeries; pure apart from finishing the builders. Throws
 * DataError('missing_symbols') when a requested symbol never appeared and DataError('no_rows')
 * when nothing was kept.
 */
export function assembleSeries(
  source: string,
  builders: ReadonlyMap<string, SeriesBuilder>,
  log: BadRowLog,
  window: DateWindow,
  requested: readonly string[] | undefined,
): ParsedSeries {
  const missing = (requested ?? []).filter((s) => !builders.get(s)?.present);
  if (missing.length > 0) {
    const names = [...new Set(missing)].sort(compareText);
    throw new DataError('missing_symbols', `${source}: ${names.length === 1 ? 'symbol' : 'symbols'} not in the file: ${names.join(', ')}`, { source });
  }
  const series = new Map<string, DatedBar[]>();
  let kept = 0;
  for (const symbol of [...builders.keys()].sort(compareText)) {
    const b = builders.get(symbol)!;
    if (b.size === 0) continue;
    series.set(symbol, b.finish());
    kept += b.size;
  }
  const skipped = log.counts();
  if (kept === 0) {
    const bad = log.rejected.length;
    const why = [window.text && `dates ${window.text}`, requested && `symbols ${requested.join(', ')}`, bad > 0 && `${bad} bad ${bad === 1 ? 'row' : 'rows'} skipped`]
      .filter(Boolean).join('; ');
    throw new DataError('no_rows', `${source}: no rows left after filtering${why ? ` (${why})` : ''}`, { source });
  }
  const empty = (requested ?? []).filter((s) => builders.get(s)!.size === 0);
  const warnings = log.warnings();
  if (empty.length > 0) {
    const where = window.text ? `no good row dated ${window.text}` : 'no good row';
    warnings.push(`${source}: kept no rows for ${[...new Set(empty)].sort(compareText).join(', ')}: ${where}`);
  }
  return { source, series, skipped, rejected: log.rejected, kept, warnings };
}
