import type { ScheduledOrder } from './types.js';
import { type ConfigFileAccess, readConfigFile, resolveConfigPath } from './config-files.js';
import { formatConfigIssue } from './config-error.js';
import { type Fields, IssueList, type Reader, date, describeValue, mapping, oneOf, positiveInt, symbol, text } from './schema.js';

const SIDE = oneOf(['buy', 'sell'] as const);
const COLUMNS = ['date', 'symbol', 'side', 'qty'] as const;

type Column = (typeof COLUMNS)[number];
type ReadColumn = <T>(column: Column, read: Reader<T>) => T | undefined;

/** One order row, each column read through `read`; undefined when any is bad (issues added). */
function readRow(read: ReadColumn): ScheduledOrder | undefined {
  const row = { date: read('date', date), symbol: read('symbol', symbol), side: read('side', SIDE), qty: read('qty', positiveInt) };
  if (row.date === undefined || row.symbol === undefined || row.side === undefined || row.qty === undefined) return undefined;
  return { date: row.date, symbol: row.symbol, side: row.side, qty: String(row.qty) };
}

/** Reads `orders:` rows written in the YAML (`{ date, symbol, side, qty }` each); pure. */
export function readOrderList(values: readonly unknown[], path: string, issues: IssueList): ScheduledOrder[] {
  const orders: ScheduledOrder[] = [];
  values.forEach((value, i) => {
    const f = mapping(value, `${path}[${i}]`, issues, COLUMNS);
    const order = f && readRow((column, read) => f.required(column, read));
    if (order) orders.push(order);
  });
  return orders;
}

/**
 * Parses a blotter CSV with the header `date,symbol,side,qty` (any column order, blank lines
 * ignored); pure. Problems are reported at `path` (the config key naming the file) with the file
 * and line: `/abs/blotter.csv line 3: qty: expected a positive integer, found "1.5"`.
 */
export function parseBlotterCsv(content: string, absPath: string, path: string, issues: IssueList): ScheduledOrder[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const index = new Map(header.map((name, i) => [name, i]));
  if (header.length !== COLUMNS.length || !COLUMNS.every((c) => index.has(c))) {
    issues.add(path, `${absPath} line 1: expected the header date,symbol,side,qty, found ${describeValue(lines[0] ?? '')}`);
    return [];
  }
  const orders: ScheduledOrder[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const where = `${absPath} line ${i + 1}`;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== COLUMNS.length) {
      issues.add(path, `${where}: expected 4 fields, found ${fields.length}`);
      return;
    }
    const scratch = new IssueList();
    const order = readRow((column, read) => {
      const raw = fields[index.get(column) ?? -1] ?? '';
      return read(column === 'qty' && /^\d+$/.test(raw) ? Number(raw) : raw, column, scratch);
    });
    for (const issue of scratch.items) issues.add(path, `${where}: ${formatConfigIssue(issue)}`);
    if (order) orders.push(order);
  });
  return orders;
}

/**
 * Reads scheduled_orders params: exactly one of `orders` (a list in the YAML) or `file` (a CSV
 * resolved against the config directory and read with `readText`). At least one order is required.
 * Returns the orders and, for messages about them, where they came from.
 */
export function readScheduledOrders(p: Fields, files: ConfigFileAccess): { orders: ScheduledOrder[]; source: string } | undefined {
  const { issues } = p;
  if (p.has('orders') && p.has('file')) {
    issues.add(p.path, 'give orders or file, not both');
    return undefined;
  }
  if (p.has('file')) {
    const name = p.optional('file', text);
    if (name === undefined) return undefined;
    const abs = resolveConfigPath(files.baseDir, name);
    const content = readConfigFile(files, abs, p.at('file'), issues);
    if (content === undefined) return undefined;
    const before = issues.items.length;
    const orders = parseBlotterCsv(content, abs, p.at('file'), issues);
    if (orders.length === 0 && issues.items.length === before) issues.add(p.at('file'), `${abs} has no orders`);
    return { orders, source: p.at('file') };
  }
  if (!p.has('orders')) {
    issues.add(p.at('orders'), 'required (a list of { date, symbol, side, qty }, or file: a CSV of them)');
    return undefined;
  }
  const values = p.list('orders');
  if (values === undefined) return undefined;
  if (values.length === 0) {
    issues.add(p.at('orders'), 'expected at least one order, found an empty list');
    return undefined;
  }
  return { orders: readOrderList(values, p.at('orders'), issues), source: p.at('orders') };
}
