import { ZERO, type Dec } from '../money/decimal.js';
import { marketValues, type MarkedPosition } from './symbol-pnl.js';

/** The positions of one book (a PM, an account) at a close. */
export interface BookPositions {
  readonly id: string;
  readonly positions: readonly MarkedPosition[];
}

/** Exposure of one symbol or sector across books. */
export interface ExposureRow {
  readonly key: string;
  /** Σ of the books' long values, and of their short values (≤ 0) */
  readonly long: Dec;
  readonly short: Dec;
  /** long + short: what the firm holds once books net */
  readonly net: Dec;
  /** long − short: the books' exposures added without netting one book against another */
  readonly gross: Dec;
  /** net value per book id (books without a position absent) */
  readonly byBook: ReadonlyMap<string, Dec>;
}

/** Gross and net by symbol and by sector across books, and in total. */
export interface ConsolidatedExposure {
  readonly bySymbol: readonly ExposureRow[];
  readonly bySector: readonly ExposureRow[];
  readonly total: ExposureRow;
}

class RowBuilder {
  long = ZERO;
  short = ZERO;
  readonly byBook = new Map<string, Dec>();
  constructor(readonly key: string) {}
  add(book: string, v: Dec): void {
    if (v.isNeg()) this.short = this.short.plus(v);
    else this.long = this.long.plus(v);
    this.byBook.set(book, (this.byBook.get(book) ?? ZERO).plus(v));
  }
  row(): ExposureRow {
    return { key: this.key, long: this.long, short: this.short, net: this.long.plus(this.short), gross: this.long.minus(this.short), byBook: this.byBook };
  }
}

const sortedRows = (m: Map<string, RowBuilder>) => [...m.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.row());

/**
 * Consolidates books into exposure by symbol and by sector (`sectorOf` names a symbol's sector);
 * pure and exact. Long and short are taken per book and symbol, so two PMs long and short the
 * same name show in gross although they cancel in net. Rows sorted by key.
 */
export function consolidateExposure(books: readonly BookPositions[], sectorOf: (symbol: string) => string): ConsolidatedExposure {
  const symbols = new Map<string, RowBuilder>();
  const sectors = new Map<string, RowBuilder>();
  const total = new RowBuilder('total');
  for (const b of books) {
    for (const [symbol, v] of marketValues(b.positions)) {
      if (v.isZero()) continue;
      const sector = sectorOf(symbol);
      for (const [m, key] of [[symbols, symbol], [sectors, sector]] as const) {
        let r = m.get(key);
        if (!r) m.set(key, (r = new RowBuilder(key)));
        r.add(b.id, v);
      }
      total.add(b.id, v);
    }
  }
  return { bySymbol: sortedRows(symbols), bySector: sortedRows(sectors), total: total.row() };
}
