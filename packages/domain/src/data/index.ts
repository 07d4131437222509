export { DataError, type DataErrorCode, type DataErrorSite } from './data-error.js';
export { isIsoDate, isoDateToDays, daysToIsoDate, weekdayOfDays, businessDays } from './calendar.js';
export {
  BAD_ROW_CATEGORIES, checkDateField, checkOhlcv,
  type BadRowCategory, type BadRowCounts, type RejectedRow, type RowProblem, type OhlcvText, type OhlcvNames,
} from './bad-rows.js';
export type { DatedBar, ParsedSeries } from './series.js';
export { parseLongCsv, LONG_COLUMNS, type LongCsvOptions } from './long-csv.js';
export { parseYahooCsv, YAHOO_COLUMNS, type YahooCsvOptions } from './yahoo-csv.js';
export { mergeSeries } from './merge-series.js';
export { createRng, deriveSeed, type Rng } from './rng.js';
export { generateSynthetic, sectorOf, SECTORS, type SyntheticOptions, type SyntheticMarket, type Regime } from './synthetic.js';
