import { D, decText, tryDecimal } from '../money/decimal.js';
import { ISO_DATE } from '../market/bar.js';
import type { ConfigIssue } from './config-error.js';
import { suggestKey } from './suggest.js';

/**
 * A tiny schema toolkit for the config validator. Readers never throw: a bad value adds an issue
 * (`path: expected …, found …`) and reads as undefined, so that validation goes on and every
 * problem of a file is reported at once. The caller throws one ConfigError at the end.
 */

/** Where the issues of one validation run are collected, in the order they are found. */
export class IssueList {
  readonly items: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }
}

/** Reads one value at a path; undefined (with an issue added) when it is invalid. */
export type Reader<T> = (value: unknown, path: string, issues: IssueList) => T | undefined;

/** The path of a child: `a.b` for a key, `a[3]` for an index; pure. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** How a found value reads in a message: strings quoted, numbers as written, containers by kind; pure. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return 'a timestamp';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** A reader from a predicate and a conversion; the message says `expected <what>, found <value>`. */
export function reader<T>(what: string, convert: (v: unknown) => T | undefined): Reader<T> {
  return (value, path, issues) => {
    const out = convert(value);
    if (out === undefined) issues.add(path, `expected ${what}, found ${describeValue(value)}`);
    return out;
  };
}

/** Whether a value is a YAML mapping (a plain object); pure. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Reads an integer > 0 (a YAML number, not a string); pure. */
export const positiveInt: Reader<number> = reader('a positive integer', (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);

/** Reads an integer >= 0; pure. */
export const nonNegativeInt: Reader<number> = reader('a non-negative integer', (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/** An integer of at least `min`. */
export function intAtLeast(min: number): Reader<number> {
  return reader(`an integer >= ${min}`, (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? v : undefined));
}

/** Reads any finite number (no .nan, no .inf); pure. */
export const finiteNumber: Reader<number> = reader('a finite number', (v) =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads a finite number > 0; pure. */
export const positiveNumber: Reader<number> = reader('a positive number', (v) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** Reads true or false (YAML 1.2: `yes` is a string, not a boolean); pure. */
export const bool: Reader<boolean> = reader('true or false', (v) => (typeof v === 'boolean' ? v : undefined));

/** Reads a string with something besides spaces; pure. */
export const text: Reader<string> = reader('a non-empty string', (v) =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Ids appear in NATS subjects, so they are limited to one safe token. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Reads an id (firm, PM, strategy, account); pure. */
export const id: Reader<string> = reader('an id matching [A-Za-z0-9_-]{1,64}', (v) =>
  typeof v === 'string' && ID_PATTERN.test(v) ? v : undefined);

/** Ticker symbols: letters, digits and `.`, `-`, `_`, `^` (BRK.B, ^GSPC), up to 32 characters. */
export const SYMBOL_PATTERN = /^[A-Za-z0-9._^-]{1,32}$/;
/** Reads a ticker symbol; pure. */
export const symbol: Reader<string> = reader('a symbol matching [A-Za-z0-9._^-]{1,32}', (v) =>
  typeof v === 'string' && SYMBOL_PATTERN.test(v) ? v : undefined);

/** Whether YYYY-MM-DD text names a real calendar date (2014-02-29 does not); pure. */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/** Reads YYYY-MM-DD text naming a real calendar date; pure. */
export const date: Reader<string> = (value, path, issues) => {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    issues.add(path, `expected a date YYYY-MM-DD, found ${describeValue(value)}`);
    return undefined;
  }
  if (!isCalendarDate(value)) {
    issues.add(path, `expected a real calendar date, found ${describeValue(value)}`);
    return undefined;
  }
  return value;
};

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[]): Reader<T> {
  const what = values.length === 1 ? String(values[0]) : values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
  return reader(what, (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined));
}

/** Which decimals `decimal()` accepts. */
export type DecimalKind = 'positive' | 'non-negative' | 'percent';

/**
 * A decimal given as a YAML number or a string, as canonical decimal text (`decText`). Numbers are
 * read through their shortest JS spelling, so values with more than 15 significant digits should
 * be quoted. `percent` means in (0, 100].
 */
export function decimal(kind: DecimalKind): Reader<string> {
  const what = kind === 'percent' ? 'a percentage in (0, 100]' : `a ${kind} decimal`;
  return reader(what, (v) => {
    if (typeof v !== 'number' && typeof v !== 'string') return undefined;
    const d = tryDecimal(String(v));
    if (!d) return undefined;
    if (kind === 'positive' && !d.gt(0)) return undefined;
    if (kind === 'non-negative' && d.isNeg() && !d.isZero()) return undefined;
    if (kind === 'percent' && !(d.gt(0) && d.lte(new D(100)))) return undefined;
    return decText(d);
  });
}

/** A list; undefined with an issue when the value is not one. */
export function list(value: unknown, path: string, issues: IssueList): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  issues.add(path, `expected a list, found ${describeValue(value)}`);
  return undefined;
}

/**
 * A mapping whose keys are checked against `keys`: each unknown key is an issue, with the closest
 * known key suggested when one is close. Returns a Fields view, or undefined when not a mapping.
 */
export function mapping(value: unknown, path: string, issues: IssueList, keys: readonly string[]): Fields | undefined {
  if (!isPlainObject(value)) {
    issues.add(path, `expected a mapping, found ${describeValue(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const hint = suggestKey(key, keys);
    issues.add(childPath(path, key), hint ? `unknown key (did you mean ${hint}?)` : `unknown key (expected one of ${keys.join(', ')})`);
  }
  return new Fields(value, path, issues);
}

/** The keys of one validated mapping, read through Readers. */
export class Fields {
  constructor(
    private readonly entries: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly issues: IssueList,
  ) {}

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.entries, key);
  }

  raw(key: string): unknown {
    return this.has(key) ? this.entries[key] : undefined;
  }

  at(key: string): string {
    return childPath(this.path, key);
  }

  /** The value read, or undefined when absent (no issue) or invalid (issue added). */
  optional<T>(key: string, read: Reader<T>): T | undefined {
    return this.has(key) ? read(this.entries[key], this.at(key), this.issues) : undefined;
  }

  /** The value read; an absent key is the issue `required` (with a hint when given). */
  required<T>(key: string, read: Reader<T>, hint?: string): T | undefined {
    if (!this.has(key)) {
      this.issues.add(this.at(key), hint ? `required (${hint})` : 'required');
      return undefined;
    }
    return read(this.entries[key], this.at(key), this.issues);
  }

  /** The value read, or `fallback` when absent; an invalid value also reads as `fallback`. */
  withDefault<T>(key: string, read: Reader<T>, fallback: T): T {
    return this.optional(key, read) ?? fallback;
  }

  /** A nested mapping under `key` with its own known keys; undefined when absent or not a mapping. */
  mapping(key: string, keys: readonly string[]): Fields | undefined {
    return this.has(key) ? mapping(this.entries[key], this.at(key), this.issues, keys) : undefined;
  }

  /** A list under `key`; undefined when absent or not a list. */
  list(key: string): readonly unknown[] | undefined {
    return this.has(key) ? list(this.entries[key], this.at(key), this.issues) : undefined;
  }

  /** A key that is known but does not belong in this context: an issue when present. */
  forbid(key: string, reason: string): void {
    if (this.has(key)) this.issues.add(this.at(key), reason);
  }
}

/** A copy without the keys whose value is undefined, so optional fields are absent, not undefined; pure. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
