import type { Bar, MarketData, MarketStepData } from '../market/bar.js';
import { DataError } from './data-error.js';
import { compareText, type DatedBar, type ParsedSeries } from './series.js';

/**
 * Builds MarketData from one or more parsed inputs (e.g. one long file, or one Yahoo file per
 * symbol); pure. Dates are the ascending union of every series' dates; each step holds the bars of
 * the symbols that traded that day, sorted by symbol; `symbols` is sorted; warnings are the inputs'
 * warnings in order. Throws DataError('duplicate_symbol') when two inputs hold the same symbol and
 * DataError('no_rows') when there is nothing to merge.
 */
export function mergeSeries(...parts: readonly ParsedSeries[]): MarketData {
  const owner = new Map<string, string>();
  for (const part of parts) {
    for (const symbol of part.series.keys()) {
      const first = owner.get(symbol);
      if (first !== undefined) {
        throw new DataError('duplicate_symbol', `symbol ${symbol} is in both ${first} and ${part.source}`, { symbol, source: part.source });
      }
      owner.set(symbol, part.source);
    }
  }
  if (owner.size === 0) throw new DataError('no_rows', 'no series to merge');

  const symbols = [...owner.keys()].sort(compareText);
  const seriesOf = new Map<string, readonly DatedBar[]>();
  const dateSet = new Set<string>();
  for (const part of parts) {
    for (const [symbol, bars] of part.series) {
      seriesOf.set(symbol, bars);
      for (const bar of bars) dateSet.add(bar.date);
    }
  }
  const dates = [...dateSet].sort(compareText);
  const buckets: Bar[][] = dates.map(() => []);
  // Visiting symbols in sorted order leaves every bucket sorted by symbol without a sort per step;
  // each series is date-ascending, so one forward cursor over `dates` finds every bar's step.
  for (const symbol of symbols) {
    let i = 0;
    for (const b of seriesOf.get(symbol)!) {
      while (dates[i]! < b.date) i++;
      buckets[i]!.push({ symbol, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
    }
  }
  const steps: MarketStepData[] = dates.map((date, i) => ({ date, bars: buckets[i]! }));
  return { symbols, steps, warnings: parts.flatMap((p) => p.warnings) };
}
