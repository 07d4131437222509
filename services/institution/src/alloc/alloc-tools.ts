import {
  checkCovariance,
  CovarianceError,
  D,
  decideWeights,
  decText,
  riskBudgetWeights,
  riskContributions,
  sampleCovariance,
  splitBlock,
  SplitInputError,
  tryDecimal,
  type Dec,
  type SplitMethodName,
  type WeightMethod,
} from '@atrium/domain';

/** Bad input to an `atrium alloc` command: the message says what and where (exit 2). */
export class AllocInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AllocInputError';
  }
}

export const WEIGHT_METHODS = ['equal_weight', 'inverse_vol', 'risk_parity', 'performance_weighted', 'sharpe_optimized'] as const;
/** The methods of `atrium alloc weights`: those decided from data, and custom (fixed weights given). */
export const WEIGHTS_CLI_METHODS = [...WEIGHT_METHODS, 'custom'] as const;
export const SPLIT_METHODS = ['pro_rata', 'equal', 'custom', 'rotation'] as const;

/** Weights per id, with each one's relative risk contribution when a covariance is known. */
export interface WeightsOut {
  readonly ids: readonly string[];
  readonly weights: readonly number[];
  readonly riskContributions?: readonly number[];
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AllocInputError(`${what}: not valid JSON (${(err as Error).message})`);
  }
}

function uniqueIds(ids: readonly unknown[], what: string): string[] {
  const seen = new Set<string>();
  return ids.map((id, i) => {
    if (typeof id !== 'string' || id.trim() === '') throw new AllocInputError(`${what}: id #${i + 1} must be a non-empty string, found ${JSON.stringify(id)}`);
    if (seen.has(id)) throw new AllocInputError(`${what}: id ${JSON.stringify(id)} is listed twice`);
    seen.add(id);
    return id;
  });
}

/**
 * Weights from a covariance file `{"ids": [...], "covariance": [[...]]}`: checked square,
 * symmetric and positive semi-definite first. Only the methods a covariance determines:
 * equal_weight, inverse_vol, risk_parity (exact ERC to 1e-10). Pure; throws AllocInputError.
 */
export function weightsFromCovariance(method: string, text: string, what = 'covariance file'): WeightsOut {
  const m = weightMethod(method);
  if (m === 'performance_weighted' || m === 'sharpe_optimized') throw new AllocInputError(`method ${m} needs returns (--returns <file.csv>): a covariance has no means`);
  const doc = parseJson(text, what) as { ids?: unknown; covariance?: unknown };
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.ids) || !Array.isArray(doc.covariance)) throw new AllocInputError(`${what}: expected {"ids": [...], "covariance": [[...], ...]}`);
  const ids = uniqueIds(doc.ids, what);
  const rows = doc.covariance as unknown[];
  const cov = rows.map((row, i) => {
    if (!Array.isArray(row)) throw new AllocInputError(`${what}: covariance row ${i + 1} is not a list`);
    return row.map((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new AllocInputError(`${what}: covariance[${i}][${j}] is not a finite number, found ${JSON.stringify(v)}`);
      return v;
    });
  });
  try {
    checkCovariance(ids, cov);
  } catch (err) {
    if (err instanceof CovarianceError) throw new AllocInputError(`${what}: ${err.message}`);
    throw err;
  }
  const flat = ids.findIndex((_, i) => !(cov[i]![i]! > 0));
  if (m !== 'equal_weight' && flat >= 0) throw new AllocInputError(`${what}: ${m} needs a positive variance for every id; ${JSON.stringify(ids[flat])} has ${cov[flat]![flat]}`);
  let weights: number[];
  if (m === 'equal_weight') weights = ids.map(() => 1 / ids.length);
  else if (m === 'inverse_vol') {
    const inv = ids.map((_, i) => 1 / Math.sqrt(cov[i]![i]!));
    const s = inv.reduce((a, b) => a + b, 0);
    weights = inv.map((x) => x / s);
  } else {
    const r = riskBudgetWeights(cov);
    if (!r.converged) throw new AllocInputError(`${what}: risk_parity did not converge (residual ${r.residual.toExponential(2)} after ${r.iterations} Newton steps)`);
    weights = [...r.weights];
  }
  return { ids, weights, riskContributions: riskContributions(weights, cov) };
}

/**
 * Weights from a returns CSV, one column per id (header of ids, one row per period, plain
 * numbers, no quoting), all rows as the lookback. A method that has no answer on these returns
 * (a column without volatility, no positive return) is an error, not a silent fallback. Pure.
 */
export function weightsFromReturns(method: string, text: string, what = 'returns file'): WeightsOut {
  const m = weightMethod(method);
  const lines = text.split(/\r?\n/).map((l, i) => ({ line: i + 1, text: l.trim() })).filter((l) => l.text !== '');
  if (lines.length < 3) throw new AllocInputError(`${what}: expected a header of ids and at least 2 rows of returns, found ${Math.max(0, lines.length - 1)} rows`);
  const ids = uniqueIds(lines[0]!.text.split(',').map((s) => s.trim()), what);
  const columns: number[][] = ids.map(() => []);
  for (const l of lines.slice(1)) {
    const cells = l.text.split(',');
    if (cells.length !== ids.length) throw new AllocInputError(`${what} line ${l.line}: expected ${ids.length} values, found ${cells.length}`);
    cells.forEach((c, j) => {
      const v = Number(c.trim());
      if (c.trim() === '' || !Number.isFinite(v)) throw new AllocInputError(`${what} line ${l.line}, column ${ids[j]}: ${JSON.stringify(c.trim())} is not a number`);
      columns[j]!.push(v);
    });
  }
  const d = decideWeights({ method: m, lookback: columns[0]!.length }, { ids, returns: columns, previous: [], drawdowns: [] });
  if (d.note) throw new AllocInputError(`${what}: ${m} has no answer on these returns (${d.note.replace(/^fallback to equal_weight: /, '')})`);
  return { ids, weights: d.weights, riskContributions: riskContributions(d.weights, sampleCovariance(columns)) };
}

/**
 * Custom weights, normalised to add up to 1, from `id=weight,...` (`--weights`) or, with
 * `file` set, from a JSON object `{"id": weight, ...}` (`--weights-file`), in the order given.
 * Each weight a non-negative finite number, each id once, some weight positive. Pure; throws
 * AllocInputError naming the entry.
 */
export function customWeights(text: string, what = '--weights', file = false): WeightsOut {
  let entries: [string, unknown][];
  if (file) {
    const doc = parseJson(text, what);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new AllocInputError(`${what}: expected {"id": weight, ...}`);
    entries = Object.entries(doc);
  } else {
    entries = text.split(',').map((part, i) => {
      const eq = part.indexOf('=');
      if (eq < 0) throw new AllocInputError(`${what}: entry ${i + 1} ${JSON.stringify(part.trim())} is not id=weight`);
      return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    });
  }
  if (entries.length === 0) throw new AllocInputError(`${what}: no weights given`);
  const ids = uniqueIds(entries.map(([id]) => id), what);
  const raw = entries.map(([id, given]) => {
    // inline weights are text; a file's must be JSON numbers
    const v = typeof given === 'string' && !file && given !== '' ? Number(given) : given;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new AllocInputError(`${what}: weight of ${JSON.stringify(id)} must be a non-negative number, found ${JSON.stringify(given)}`);
    return v;
  });
  const total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new AllocInputError(`${what}: the weights add up to 0; give at least one positive weight`);
  return { ids, weights: raw.map((x) => x / total) };
}

function weightMethod(method: string): WeightMethod {
  if (method === 'custom') throw new AllocInputError('method custom takes its weights from --weights or --weights-file, not from a covariance or returns');
  if (!(WEIGHT_METHODS as readonly string[]).includes(method)) throw new AllocInputError(`unknown method ${JSON.stringify(method)} (one of ${WEIGHT_METHODS.join(', ')})`);
  return method as WeightMethod;
}

/** The options of `atrium alloc split`, as given on the command line. */
export interface SplitArgs {
  readonly qty: string;
  readonly lot?: string;
  readonly minLots?: string;
  readonly method: string;
  readonly remainderAccount?: string;
  readonly rotationAfter?: string;
}

/** A split for the command line: each account's quantity and exact quota, in input order. */
export interface SplitOut {
  readonly accounts: readonly { readonly id: string; readonly capital: Dec; readonly qty: Dec; readonly quota: Dec }[];
  readonly dropped: readonly string[];
  readonly oddLots: readonly string[];
}

const whole = (text: string | undefined, what: string, min: number): Dec | undefined => {
  if (text === undefined) return undefined;
  const d = tryDecimal(text.trim());
  if (!d || !d.isInteger() || d.lt(min)) throw new AllocInputError(`${what} must be a whole number of at least ${min}, found ${JSON.stringify(text)}`);
  return d;
};

/**
 * Splits a block across the accounts of a file `[{"id": ..., "capital": ..., "ratio"?: ...}]`
 * (capital positive; ratio for method custom). The quantity must be a whole number of lots.
 * Pure; throws AllocInputError.
 */
export function splitFromAccounts(args: SplitArgs, text: string, what = 'accounts file'): SplitOut {
  const method = args.method;
  if (!(SPLIT_METHODS as readonly string[]).includes(method)) throw new AllocInputError(`unknown method ${JSON.stringify(method)} (one of ${SPLIT_METHODS.join(', ')})`);
  const qty = whole(args.qty, '--qty', 1)!;
  const lot = whole(args.lot, '--lot', 1) ?? new D(1);
  const minLots = whole(args.minLots, '--min-lots', 1);
  if (!qty.mod(lot).isZero()) throw new AllocInputError(`--qty ${decText(qty)} is not a whole number of lots of ${decText(lot)} (${decText(qty.mod(lot))} left over)`);
  const doc = parseJson(text, what);
  if (!Array.isArray(doc) || doc.length === 0) throw new AllocInputError(`${what}: expected a non-empty list [{"id": ..., "capital": ...}, ...]`);
  const ids = uniqueIds(doc.map((a: unknown) => (a as { id?: unknown })?.id), what);
  const number = (v: unknown, field: string, id: string) => {
    const d = typeof v === 'number' || typeof v === 'string' ? tryDecimal(String(v)) : undefined;
    if (!d) throw new AllocInputError(`${what}: account ${id}: ${field} must be a number, found ${JSON.stringify(v)}`);
    if (!d.gt(0)) throw new AllocInputError(`${what}: account ${id}: ${field} must be positive, found ${decText(d)}`);
    return d;
  };
  const accounts = (doc as { capital?: unknown; ratio?: unknown }[]).map((a, i) => ({ id: ids[i]!, capital: number(a.capital, 'capital', ids[i]!) }));
  const ratios = method === 'custom' ? new Map((doc as { ratio?: unknown }[]).map((a, i) => [ids[i]!, number(a.ratio, 'ratio (method custom)', ids[i]!)])) : undefined;
  if (args.remainderAccount !== undefined && !ids.includes(args.remainderAccount)) throw new AllocInputError(`--remainder-account ${JSON.stringify(args.remainderAccount)} is not in ${what}`);
  try {
    const s = splitBlock(qty, accounts, {
      method: method as SplitMethodName,
      lot,
      ...(minLots ? { minLots: minLots.toNumber() } : {}),
      ...(args.remainderAccount !== undefined ? { remainderAccount: args.remainderAccount } : {}),
      ...(ratios ? { ratios } : {}),
    }, args.rotationAfter);
    return { accounts: accounts.map((a, i) => ({ ...a, qty: s.allocations[i]!.qty, quota: s.targets[i]!.qty })), dropped: s.dropped, oddLots: s.oddLots };
  } catch (err) {
    if (err instanceof SplitInputError) throw new AllocInputError(err.message);
    throw err;
  }
}

/** `{"ids": [...], "weights": [...]}`; pure. */
export function weightsJson(w: WeightsOut): string {
  return JSON.stringify({ ids: w.ids, weights: w.weights });
}

/** `{"allocations": [{"id": ..., "qty": ...}]}` with exact integer quantities; pure. */
export function splitJson(s: SplitOut): string {
  return `{"allocations":[${s.accounts.map((a) => `{"id":${JSON.stringify(a.id)},"qty":${decText(a.qty)}}`).join(',')}]}`;
}

function columns(rows: readonly (readonly string[])[]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')).join('\n') + '\n';
}

/** A text table of weights (and risk contributions); pure. */
export function weightsTable(w: WeightsOut): string {
  const pct = (x: number) => `${(x * 100).toFixed(4)}%`;
  return columns([['id', 'weight', 'risk contribution'], ...w.ids.map((id, i) => [id, pct(w.weights[i]!), w.riskContributions ? pct(w.riskContributions[i]!) : ''])]);
}

/** A text table of a split; pure. */
export function splitTable(s: SplitOut): string {
  const rows = s.accounts.map((a) => [a.id, decText(a.capital), decText(a.qty), a.quota.toFixed(4), s.dropped.includes(a.id) ? 'dropped (min lots)' : s.oddLots.includes(a.id) ? `${s.oddLots.filter((x) => x === a.id).length} odd lot(s)` : '-']);
  return columns([['id', 'capital', 'qty', 'exact quota', 'note'], ...rows]);
}
