import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DataError, generateSynthetic, mergeSeries, parseLongCsv, parseYahooCsv, type AtriumConfig, type MarketData, type ParsedSeries } from '@atrium/domain';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataError('no_rows', `cannot read data file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * Loads the session's market data as the config says: a long CSV, Yahoo CSVs (one per symbol) or
 * the seeded synthetic generator. Only bars inside [start, end] are kept; bad rows are skipped
 * with counted warnings or fail the load (`data.on_bad_row`).
 */
export function loadMarketData(config: AtriumConfig): MarketData {
  const d = config.data;
  if (d.source === 'synthetic') return generateSynthetic({ seed: d.seed, symbols: d.symbols, start: d.start, end: d.end });
  const parts: ParsedSeries[] = d.files.map((f) => {
    const text = read(f.path);
    const source = basename(f.path);
    if (d.format === 'long') return parseLongCsv(text, { symbols: d.symbols.length ? d.symbols : undefined, start: d.start, end: d.end, onBadRow: d.onBadRow, source });
    return parseYahooCsv(text, { symbol: f.symbol ?? d.symbols[0] ?? source, adjust: d.adjust, start: d.start, end: d.end, onBadRow: d.onBadRow, source });
  });
  return mergeSeries(...parts);
}
