import type { BadRowPolicy, DataConfig, DataFormat } from './types.js';
import { type ConfigFileAccess, checkFileExists, resolveConfigPath } from './config-files.js';
import {
  type Fields, type IssueList, bool, childPath, date, describeValue, isPlainObject, mapping, nonNegativeInt, oneOf, symbol, text,
} from './schema.js';

const DATA_KEYS = ['source', 'format', 'path', 'files', 'symbol', 'symbols', 'start', 'end', 'adjust', 'on_bad_row', 'seed'];

/**
 * `data:` as read. `symbols` is set when the data itself fixes them (given in the config, or the
 * yahoo file symbols); otherwise they default to every symbol the strategies name.
 */
export interface DataDraft {
  readonly source: 'csv' | 'synthetic';
  readonly format: DataFormat;
  readonly files: readonly { readonly path: string; readonly symbol?: string }[];
  readonly symbols: readonly string[] | undefined;
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly adjust: boolean;
  readonly onBadRow: BadRowPolicy;
  readonly seed: number;
}

const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** Reads an explicit `symbols:` list (sorted, duplicates dropped). */
function readSymbolList(f: Fields): string[] | undefined {
  const values = f.list('symbols');
  if (values === undefined) return undefined;
  if (values.length === 0) f.issues.add(f.at('symbols'), 'expected at least one symbol, found an empty list (leave it out to use the strategies\' symbols)');
  return sortedUnique(values.flatMap((v, i) => symbol(v, childPath(f.at('symbols'), i), f.issues) ?? []));
}

/** Reads yahoo `files: { SYMBOL: path }` into absolute paths, sorted by symbol. */
function readYahooFiles(f: Fields, files: ConfigFileAccess): { path: string; symbol: string }[] {
  const raw = f.raw('files');
  if (!isPlainObject(raw)) {
    f.issues.add(f.at('files'), `expected a mapping of symbol to file, found ${describeValue(raw)}`);
    return [];
  }
  if (Object.keys(raw).length === 0) f.issues.add(f.at('files'), 'expected at least one symbol: file entry, found an empty mapping');
  return Object.keys(raw).sort().flatMap((key) => {
    const at = childPath(f.at('files'), key);
    const sym = symbol(key, at, f.issues);
    const rel = text(raw[key], at, f.issues);
    if (sym === undefined || rel === undefined) return [];
    const abs = resolveConfigPath(files.baseDir, rel);
    checkFileExists(files, abs, at, f.issues);
    return [{ path: abs, symbol: sym }];
  });
}

/** The csv part of `data:`: format, files and the symbols the files fix. */
function readCsv(f: Fields, files: ConfigFileAccess): Pick<DataDraft, 'format' | 'files' | 'symbols'> {
  f.forbid('seed', 'only for source synthetic');
  const format = f.withDefault('format', oneOf(['long', 'yahoo'] as const), 'long');
  const explicit = f.has('symbols') ? readSymbolList(f) : undefined;
  const single = (): { path: string }[] => {
    const rel = f.required('path', text, format === 'yahoo' ? 'or files: { SYMBOL: path }' : 'the CSV file, relative to the config file');
    if (rel === undefined) return [];
    const abs = resolveConfigPath(files.baseDir, rel);
    checkFileExists(files, abs, f.at('path'), f.issues);
    return [{ path: abs }];
  };
  if (format === 'long') {
    f.forbid('files', 'only for format yahoo (long takes one path)');
    f.forbid('symbol', 'only for format yahoo with a single path');
    f.forbid('adjust', 'only for format yahoo');
    return { format, files: single(), symbols: explicit };
  }
  if (f.has('files')) {
    f.forbid('path', 'give path or files, not both');
    f.forbid('symbol', 'only for format yahoo with a single path (files name their symbols)');
    const all = readYahooFiles(f, files);
    const have = all.map((file) => file.symbol);
    const missing = (explicit ?? []).filter((s) => !have.includes(s));
    if (missing.length > 0) f.issues.add(f.at('symbols'), `no file in data.files for ${missing.join(', ')}`);
    const chosen = explicit ?? have;
    return { format, files: all.filter((file) => chosen.includes(file.symbol)), symbols: chosen };
  }
  // One yahoo file holds one symbol, which the file itself does not name.
  let sym = f.optional('symbol', symbol);
  if (f.has('symbol') && f.has('symbols')) f.issues.add(f.at('symbols'), 'give symbol or symbols for a single yahoo file, not both');
  else if (explicit !== undefined && explicit.length > 1) {
    f.issues.add(f.at('symbols'), `a single yahoo file holds one symbol, found ${explicit.length} (use files: { SYMBOL: path } for several)`);
  } else if (explicit !== undefined) sym = explicit[0];
  else if (!f.has('symbol')) f.issues.add(f.at('symbol'), 'required for a single yahoo file (or use files: { SYMBOL: path })');
  return { format, files: single().map((file) => ({ ...file, symbol: sym ?? '' })), symbols: sym === undefined ? undefined : [sym] };
}

/**
 * Reads and checks `data:`; pure apart from `files.fileExists`. Undefined when it is not a mapping
 * with a known source.
 */
export function readData(value: unknown, issues: IssueList, files: ConfigFileAccess): DataDraft | undefined {
  if (value === undefined) {
    issues.add('data', 'required (source: csv or synthetic)');
    return undefined;
  }
  const f = mapping(value, 'data', issues, DATA_KEYS);
  const source = f?.required('source', oneOf(['csv', 'synthetic'] as const));
  if (!f || source === undefined) return undefined;
  const start = f.optional('start', date);
  const end = f.optional('end', date);
  if (start !== undefined && end !== undefined && end < start) issues.add(f.at('end'), `expected a date on or after data.start (${start}), found ${JSON.stringify(end)}`);
  if (source === 'synthetic') {
    for (const key of ['format', 'path', 'files', 'symbol', 'adjust', 'on_bad_row']) f.forbid(key, 'only for source csv');
    if (!f.has('start')) issues.add(f.at('start'), 'required for synthetic data');
    if (!f.has('end')) issues.add(f.at('end'), 'required for synthetic data');
    const symbols = f.has('symbols') ? readSymbolList(f) : undefined;
    return { source, format: 'long', files: [], symbols, start, end, adjust: false, onBadRow: 'skip', seed: f.withDefault('seed', nonNegativeInt, 7) };
  }
  const csv = readCsv(f, files);
  const adjust = f.withDefault('adjust', bool, false);
  const onBadRow = f.withDefault('on_bad_row', oneOf(['skip', 'fail'] as const), 'skip');
  return { source, ...csv, start, end, adjust, onBadRow, seed: 7 };
}

/** What a strategy trades, and where that is written, for messages about symbols without data. */
export interface SymbolUse {
  readonly path: string;
  readonly symbols: readonly string[];
  /** a benchmark's use: whose it is (`PM desk`, `account desk/a1`, `group g1`) */
  readonly benchmarkOf?: string;
}

/**
 * Resolves the data symbols against what the strategies trade and the benchmarks; pure. Without
 * fixed symbols, CSV data loads every symbol a strategy or benchmark names (sorted; the file must
 * hold them), synthetic data generates the symbols the strategies trade (a benchmark must be one
 * of them: synthetic data would make up any other); with fixed symbols, a strategy or benchmark
 * naming another symbol is an issue at that strategy or benchmark. `crossCheck: false` skips the
 * checks, for when `data:` or `pms:` already had problems that would only echo here.
 */
export function resolveData(draft: DataDraft, uses: readonly SymbolUse[], issues: IssueList, crossCheck: boolean): DataConfig {
  const universe = draft.source === 'synthetic' ? uses.filter((u) => u.benchmarkOf === undefined) : uses;
  const symbols = draft.symbols ?? sortedUnique(universe.flatMap((u) => u.symbols));
  const shown = symbols.length > 10 ? `${symbols.slice(0, 10).join(', ')}, ...` : symbols.join(', ');
  const whose = (u: SymbolUse) => (u.benchmarkOf ? ` (the benchmark of ${u.benchmarkOf})` : '');
  if (crossCheck && draft.symbols === undefined && symbols.length === 0) {
    issues.add('data.symbols', 'no symbols to load: list them here or name them in a strategy');
  }
  if (crossCheck && draft.symbols !== undefined) {
    for (const use of uses) {
      const missing = use.symbols.filter((s) => !symbols.includes(s));
      if (missing.length > 0) issues.add(use.path, `${missing.join(', ')} not in the data (data symbols: ${shown})${whose(use)}`);
    }
  }
  if (crossCheck && draft.symbols === undefined && draft.source === 'synthetic') {
    for (const use of uses) {
      const missing = use.benchmarkOf === undefined ? [] : use.symbols.filter((s) => !symbols.includes(s));
      if (missing.length > 0) {
        issues.add(use.path, `${missing.join(', ')} not in the data${whose(use)}: synthetic data without data.symbols holds only the symbols the strategies trade (${shown}); list ${missing.join(', ')} in data.symbols to generate it`);
      }
    }
  }
  if (draft.source === 'synthetic') {
    return { source: 'synthetic', seed: draft.seed, symbols, start: draft.start ?? '', end: draft.end ?? '' };
  }
  const { format, files, adjust, onBadRow, start, end } = draft;
  return { source: 'csv', format, files, symbols, ...(start ? { start } : {}), ...(end ? { end } : {}), adjust, onBadRow };
}
