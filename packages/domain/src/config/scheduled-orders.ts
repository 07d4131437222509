import type { ScheduledOrder } from './types.js';
import { type ConfigFileAccess, readConfigFile, resolveConfigPath } from './config-files.js';
import { formatConfigIssue } from './config-error.js';
import { type Fields, IssueList, type Reader, date, describeValue, id, mapping, oneOf, positiveInt, symbol, text } from './schema.js';

const SIDE = oneOf(['buy', 'sell'] as const);
const COLUMNS = ['date', 'symbol', 'side', 'qty'] as const;
/** An optional last column: the lots the order closes, `;`-separated (a list in YAML). */
const LOT_IDS = 'lot_ids';

type Column = (typeof COLUMNS)[number] | typeof LOT_IDS;
type ReadColumn = <T>(column: Column, read: Reader<T>) => T | undefined;

/**
 * Lot ids of `sym` (`<symbol>-<n>`, as accounts number their lots), given as a list or as one
 * `;`-separated text; an empty text is no lots.
 */
const lotIdList = (sym: string | undefined): Reader<string[]> => (value, path, issues) => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(';').map((x) => x.trim()).filter(Boolean) : undefined;
  if (!items || !items.every((x): x is string => typeof x === 'string')) {
    issues.add(path, `expected lot ids (a list, or text separated by ";"), found ${describeValue(value)}`);
    return undefined;
  }
  const bad = items.find((x) => sym !== undefined && !(x.startsWith(`${sym}-`) && /^[1-9]\d*$/.test(x.slice(sym.length + 1))));
  if (bad !== undefined) {
    issues.add(path, `expected lot ids of ${sym} (<symbol>-<n>, e.g. ${sym}-1), found ${JSON.stringify(bad)}`);
    return undefined;
  }
  return items;
};

/** One order row, each column read through `read`; undefined when any is bad (issues added). */
function readRow(read: ReadColumn, hasLotIds: boolean): ScheduledOrder | undefined {
  const row = { date: read('date', date), symbol: read('symbol', symbol), side: read('side', SIDE), qty: read('qty', positiveInt) };
  const lotIds = hasLotIds ? read(LOT_IDS, lotIdList(row.symbol)) : [];
  if (row.date === undefined || row.symbol === undefined || row.side === undefined || row.qty === undefined || lotIds === undefined) return undefined;
  return { date: row.date, symbol: row.symbol, side: row.side, qty: String(row.qty), ...(lotIds.length ? { lotIds } : {}) };
}

/** Reads `orders:` rows written in the YAML (`{ date, symbol, side, qty }` each); pure. */
export function readOrderList(values: readonly unknown[], path: string, issues: IssueList): ScheduledOrder[] {
  const orders: ScheduledOrder[] = [];
  values.forEach((value, i) => {
    const f = mapping(value, `${path}[${i}]`, issues, [...COLUMNS, LOT_IDS]);
    const order = f && readRow((column, read) => f.required(column, read), f.has(LOT_IDS));
    if (order) orders.push(order);
  });
  return orders;
}

/**
 * Parses a blotter CSV with the header `date,symbol,side,qty[,lot_ids]` (any column order, blank
 * lines ignored; lot ids `;`-separated); pure. Problems are reported at `path` (the config key naming the file) with the file
 * and line: `/abs/blotter.csv line 3: qty: expected a positive integer, found "1.5"`.
 */
export function parseBlotterCsv(content: string, absPath: string, path: string, issues: IssueList): ScheduledOrder[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const index = new Map(header.map((name, i) => [name, i]));
  const hasLotIds = index.has(LOT_IDS);
  if (header.length !== COLUMNS.length + (hasLotIds ? 1 : 0) || !COLUMNS.every((c) => index.has(c))) {
    issues.add(path, `${absPath} line 1: expected the header date,symbol,side,qty (and optionally lot_ids), found ${describeValue(lines[0] ?? '')}`);
    return [];
  }
  const orders: ScheduledOrder[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const where = `${absPath} line ${i + 1}`;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== header.length) {
      issues.add(path, `${where}: expected ${header.length} fields, found ${fields.length}`);
      return;
    }
    const scratch = new IssueList();
    const order = readRow((column, read) => {
      const raw = fields[index.get(column) ?? -1] ?? '';
      return read(column === 'qty' && /^\d+$/.test(raw) ? Number(raw) : raw, column, scratch);
    }, hasLotIds);
    for (const issue of scratch.items) issues.add(path, `${where}: ${formatConfigIssue(issue)}`);
    if (order) orders.push(order);
  });
  return orders;
}

/**
 * Reads scheduled_orders params: `account` (optional: the one account the blotter trades) and
 * exactly one of `orders` (a list in the YAML) or `file` (a CSV
 * resolved against the config directory and read with `readText`). At least one order is required.
 * Returns the orders and, for messages about them, where they came from.
 */
export function readScheduledOrders(p: Fields, files: ConfigFileAccess): { orders: ScheduledOrder[]; source: string; account?: string } | undefined {
  const read = readOrders(p, files);
  const account = p.optional('account', id);
  return read && { ...read, ...(account !== undefined ? { account } : {}) };
}

function readOrders(p: Fields, files: ConfigFileAccess): { orders: ScheduledOrder[]; source: string } | undefined {
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
