import { D } from '../money/decimal.js';
import { DataError } from './data-error.js';

/*
 * Low-level scanning shared by the CSV loaders. Plain comma-separated text without quoting (the
 * formats we read never quote), LF or CRLF line ends, an optional BOM. Everything works on offsets
 * into the one input string so that rows a filter rejects cost a few indexOf calls and one short
 * slice, not an array of fields.
 */

/** A located header: the column index of every requested name, and where the body starts. */
export interface CsvHeader {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Offset of the first body line. */
  readonly bodyStart: number;
}

/**
 * Reads the header line and locates the required columns by exact (case-sensitive) name; pure.
 * Throws DataError('missing_columns') naming every absent column.
 */
export function readHeader(text: string, required: readonly string[], source: string): CsvHeader {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = text.indexOf('\n', start);
  const bodyStart = end === -1 ? text.length : end + 1;
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  const names = text.slice(start, end).split(',').map((n) => n.trim());
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const missing = required.filter((r) => !index.has(r));
  if (missing.length > 0) {
    const found = names.filter((n) => n !== '').map((n) => JSON.stringify(n)).join(', ') || 'nothing';
    throw new DataError(
      'missing_columns',
      `${source}:1: header lacks ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((m) => JSON.stringify(m)).join(', ')} (found ${found})`,
      { source, line: 1 },
    );
  }
  return { names, index, bodyStart };
}

/**
 * Walks the body line by line and splits the current line into field offsets on demand. Mutable
 * by design (one per parse, never shared) so the hot loop allocates nothing per row.
 */
export class LineScanner {
  /** 1-based line number of the current line. */
  line = 1;
  private pos: number;
  private lineStart = 0;
  private lineEnd = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** How many fields the current line has, counted up to the header's width. */
  fieldCount = 0;

  constructor(private readonly text: string, bodyStart: number, private readonly width: number) {
    this.pos = bodyStart;
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
  }

  /** Advances to the next non-blank line; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const len = text.length;
    while (this.pos < len) {
      let end = text.indexOf('\n', this.pos);
      if (end === -1) end = len;
      const start = this.pos;
      this.pos = end + 1;
      this.line++;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end > start) {
        this.lineStart = start;
        this.lineEnd = end;
        this.split();
        return true;
      }
    }
    return false;
  }

  private split(): void {
    const text = this.text;
    const end = this.lineEnd;
    let p = this.lineStart;
    let k = 0;
    for (; k < this.width; k++) {
      this.starts[k] = p;
      const comma = text.indexOf(',', p);
      if (comma === -1 || comma >= end) {
        this.ends[k] = end;
        k++;
        break;
      }
      this.ends[k] = comma;
      p = comma + 1;
    }
    this.fieldCount = k;
  }

  /** The text of field k of the current line; '' when the line has fewer fields. */
  field(k: number): string {
    return k < this.fieldCount ? this.text.slice(this.starts[k]!, this.ends[k]!) : '';
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The value of plain decimal text (optional sign, digits with an optional point, optional exponent;
 * no spaces, hex, NaN or Infinity), or NaN when the text is not one; pure. One character scan that
 * validates and converts together, because a regex plus Number() per field is the slowest part of
 * a naive loader. Up to 15 significant digits and no exponent, the value is digits / 10^k, which
 * is correctly rounded (both operands exact); anything else goes through Number(). Overflow gives
 * ±Infinity, so callers still check finiteness.
 */
export function scanDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  const negative = c === 45;
  if (negative || c === 43) i++;
  let digits = 0;
  let mantissa = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) { mantissa = mantissa * 10 + (c - 48); i++; digits++; }
  let fraction = 0;
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) { mantissa = mantissa * 10 + (c - 48); i++; digits++; fraction++; }
  }
  if (digits === 0) return NaN;
  if (i === n) {
    if (digits <= 15) {
      const v = mantissa / POW10[fraction]!;
      return negative ? -v : v;
    }
    return Number(text);
  }
  if ((c = text.charCodeAt(i)) !== 101 && c !== 69) return NaN;
  i++;
  c = text.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  let exp = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) { i++; exp++; }
  return exp > 0 && i === n ? Number(text) : NaN;
}

/** True when text is plain decimal text with a finite value (see scanDecimal); pure. */
export function isDecimalText(text: string): boolean {
  return Number.isFinite(scanDecimal(text));
}

/**
 * Exact comparison of two decimal texts whose float values are also given: the floats decide
 * unless they are equal for different texts, where decimal math decides; pure. Returns -1, 0 or 1.
 */
export function compareDecimalText(a: string, an: number, b: string, bn: number): number {
  if (an < bn) return -1;
  if (an > bn) return 1;
  if (a === b) return 0;
  return new D(a).cmp(new D(b));
}

/** Sign (-1, 0, 1) of a decimal text whose float value is given, exact at underflow; pure. */
export function signOfDecimalText(text: string, n: number): number {
  if (n > 0) return 1;
  if (n < 0) return -1;
  return new D(text).cmp(0);
}
