/** What kind of data problem a DataError reports, for callers that branch on it. */
export type DataErrorCode =
  | 'bad_row'
  | 'missing_columns'
  | 'missing_symbols'
  | 'no_rows'
  | 'bad_option'
  | 'duplicate_symbol';

/** Where in the input a DataError points, when it points at one row. */
export interface DataErrorSite {
  readonly source?: string;
  /** 1-based line number in the source text (the header is line 1). */
  readonly line?: number;
  readonly symbol?: string;
  readonly date?: string;
}

/**
 * Thrown by the pure data loaders and the synthetic generator when input cannot be turned into
 * market data: a bad row under `onBadRow: 'fail'`, missing columns or symbols, nothing left after
 * filtering, or inconsistent options. The message names the source, line, symbol and date.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly source: string | undefined;
  readonly line: number | undefined;
  readonly symbol: string | undefined;
  readonly date: string | undefined;

  constructor(code: DataErrorCode, message: string, site: DataErrorSite = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    this.code = code;
    this.source = site.source;
    this.line = site.line;
    this.symbol = site.symbol;
    this.date = site.date;
  }
}
