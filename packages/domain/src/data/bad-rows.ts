import type { BadRowPolicy } from '../config/types.js';
import { compareDecimalText, isDecimalText, scanDecimal, signOfDecimalText } from './csv-scan.js';
import { isIsoDate } from './calendar.js';
import { DataError } from './data-error.js';

/*
 * The one bad-row policy both CSV formats share: what makes a row bad, and what happens to it
 * (skip and count, or fail naming the line). Validation looks only at fields the loader uses.
 */

/** Why a row was rejected. */
export type BadRowCategory = 'empty' | 'nonNumeric' | 'badDate' | 'brokenOhlc' | 'negativeVolume' | 'duplicate';

/** Every category, in the order warnings list them. */
export const BAD_ROW_CATEGORIES: readonly BadRowCategory[] = [
  'empty', 'nonNumeric', 'badDate', 'brokenOhlc', 'negativeVolume', 'duplicate',
];

/** Rows skipped per category (all zero when nothing was skipped). */
export type BadRowCounts = Readonly<Record<BadRowCategory, number>>;

/** One row a loader skipped, with the reason in words. */
export interface RejectedRow {
  readonly line: number;
  readonly symbol: string;
  readonly date: string;
  readonly category: BadRowCategory;
  readonly problem: string;
}

/** What is wrong with a row: the category and a sentence such as `empty field "open"`. */
export interface RowProblem {
  readonly category: BadRowCategory;
  readonly problem: string;
}

/** The price and volume texts of a row, before validation. */
export interface OhlcvText {
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** Column names as the file spells them, so messages quote the file's own header. */
export type OhlcvNames = Readonly<Record<keyof OhlcvText, string>>;

const PRICE_KEYS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Checks a date field: present and a real YYYY-MM-DD day; pure. Undefined when fine. */
export function checkDateField(date: string, name: string): RowProblem | undefined {
  if (date === '') return { category: 'empty', problem: `empty field ${JSON.stringify(name)}` };
  if (!isIsoDate(date)) return { category: 'badDate', problem: `${JSON.stringify(name)} ${JSON.stringify(date)} is not a YYYY-MM-DD date` };
  return undefined;
}

/**
 * Checks the OHLCV texts of a row; pure. Undefined when the row is good. Bad means: an empty field,
 * a field that is not a finite decimal, a price <= 0, high below open/close/low, low above
 * open/close, or a negative volume. Comparisons are exact (see compareDecimalText).
 */
export function checkOhlcv(row: OhlcvText, names: OhlcvNames): RowProblem | undefined {
  return isPlainlyGood(row) ? undefined : diagnose(row, names);
}

/**
 * The hot path: true only when the row is certainly good, judged with float comparisons. Floats
 * order decimals monotonically, so a strict float inequality is exact; a float tie between different
 * texts (more than ~15 significant digits) is left to the exact path.
 */
function isPlainlyGood(row: OhlcvText): boolean {
  const { open: o, high: h, low: l, close: c, volume: v } = row;
  const on = scanDecimal(o), hn = scanDecimal(h), ln = scanDecimal(l), cn = scanDecimal(c), vn = scanDecimal(v);
  // NaN fails every comparison below, so invalid text never passes.
  return (
    ln > 0 && hn < Infinity && vn < Infinity && vn >= 0 && (vn !== 0 || v === '0') &&
    hn >= on && hn >= cn && ln <= on && ln <= cn &&
    (hn !== on || h === o) && (hn !== cn || h === c) && (ln !== on || l === o) && (ln !== cn || l === c)
  );
}

function diagnose(row: OhlcvText, names: OhlcvNames): RowProblem | undefined {
  let empty: string[] | undefined;
  for (const k of PRICE_KEYS) if (row[k] === '') (empty ??= []).push(JSON.stringify(names[k]));
  if (empty) return { category: 'empty', problem: `empty ${empty.length === 1 ? 'field' : 'fields'} ${empty.join(', ')}` };

  for (const k of PRICE_KEYS) {
    if (!isDecimalText(row[k])) {
      return { category: 'nonNumeric', problem: `${JSON.stringify(names[k])} ${JSON.stringify(row[k])} is not a finite number` };
    }
  }
  const o = Number(row.open), h = Number(row.high), l = Number(row.low), c = Number(row.close);
  for (const k of ['open', 'high', 'low', 'close'] as const) {
    if (signOfDecimalText(row[k], Number(row[k])) <= 0) {
      return { category: 'brokenOhlc', problem: `${names[k]} ${row[k]} is not positive` };
    }
  }
  const broken = (what: string): RowProblem => ({ category: 'brokenOhlc', problem: what });
  if (compareDecimalText(row.high, h, row.low, l) < 0) return broken(`${names.high} ${row.high} is below ${names.low} ${row.low}`);
  if (compareDecimalText(row.high, h, row.open, o) < 0) return broken(`${names.high} ${row.high} is below ${names.open} ${row.open}`);
  if (compareDecimalText(row.high, h, row.close, c) < 0) return broken(`${names.high} ${row.high} is below ${names.close} ${row.close}`);
  if (compareDecimalText(row.low, l, row.open, o) > 0) return broken(`${names.low} ${row.low} is above ${names.open} ${row.open}`);
  if (compareDecimalText(row.low, l, row.close, c) > 0) return broken(`${names.low} ${row.low} is above ${names.close} ${row.close}`);
  if (signOfDecimalText(row.volume, Number(row.volume)) < 0) {
    return { category: 'negativeVolume', problem: `${names.volume} ${row.volume} is negative` };
  }
  return undefined;
}

const PHRASE: Readonly<Record<BadRowCategory, string>> = {
  empty: 'empty fields',
  nonNumeric: 'non-numeric fields',
  badDate: 'dates not in YYYY-MM-DD form',
  brokenOhlc: 'broken OHLC (a price <= 0, or the high/low range excludes open or close)',
  negativeVolume: 'negative volume',
  duplicate: 'a duplicate (date, symbol)',
};

const EXAMPLES = 5;

interface Tally {
  count: number;
  readonly examples: string[];
  readonly bySymbol: Map<string, number>;
}

/**
 * Applies a BadRowPolicy while a loader runs: under 'fail' the first bad row throws
 * DataError('bad_row') as `source:line: SYMBOL DATE: problem`; under 'skip' rows are counted per
 * category and per symbol. Mutable, owned by one parse call.
 */
export class BadRowLog {
  readonly rejected: RejectedRow[] = [];
  private readonly tallies = new Map<BadRowCategory, Tally>();

  constructor(private readonly policy: BadRowPolicy, private readonly source: string) {}

  /** Records a bad row, or throws under 'fail'. */
  reject(line: number, symbol: string, date: string, p: RowProblem): void {
    if (this.policy === 'fail') {
      throw new DataError('bad_row', `${this.source}:${line}: ${symbol} ${date || '(no date)'}: ${p.problem}`, {
        source: this.source, line, symbol, date,
      });
    }
    this.rejected.push({ line, symbol, date, category: p.category, problem: p.problem });
    let t = this.tallies.get(p.category);
    if (!t) this.tallies.set(p.category, (t = { count: 0, examples: [], bySymbol: new Map() }));
    t.count++;
    if (t.examples.length < EXAMPLES) t.examples.push(`${symbol} ${date || '(no date)'}`);
    t.bySymbol.set(symbol, (t.bySymbol.get(symbol) ?? 0) + 1);
  }

  /** Rows skipped per category so far. */
  counts(): BadRowCounts {
    const out = {} as Record<BadRowCategory, number>;
    for (const c of BAD_ROW_CATEGORIES) out[c] = this.tallies.get(c)?.count ?? 0;
    return out;
  }

  /**
   * One sentence per category that had rows, e.g. `a.csv: skipped 11 rows with empty fields
   * (VRTX 2015-05-12, ..., ...); by symbol: DHR 2, O 2, BHF 1, ES 1, FTV 1 and 4 more`.
   */
  warnings(): string[] {
    const out: string[] = [];
    for (const c of BAD_ROW_CATEGORIES) {
      const t = this.tallies.get(c);
      if (!t) continue;
      const more = t.count > t.examples.length ? ', ...' : '';
      let sentence = `${this.source}: skipped ${t.count} ${t.count === 1 ? 'row' : 'rows'} with ${PHRASE[c]} (${t.examples.join(', ')}${more})`;
      if (t.bySymbol.size > 1) {
        const ranked = [...t.bySymbol].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const shown = ranked.slice(0, EXAMPLES).map(([s, n]) => `${s} ${n}`).join(', ');
        const rest = ranked.length - EXAMPLES;
        sentence += `; by symbol: ${shown}${rest > 0 ? ` and ${rest} more` : ''}`;
      }
      out.push(sentence);
    }
    return out;
  }
}
