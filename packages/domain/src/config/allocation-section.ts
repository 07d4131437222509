import { D, decText, tryDecimal } from '../money/decimal.js';
import type { AllocationConfig, PmConfig, RebalanceSchedule, SplitConfig, SplitMethod, WeightMethod } from './types.js';
import { type Fields, type IssueList, type Reader, childPath, compact, decimal, describeValue, intAtLeast, isPlainObject, mapping, oneOf, positiveInt, reader } from './schema.js';

const METHODS: readonly WeightMethod[] = ['equal_weight', 'inverse_vol', 'risk_parity', 'performance_weighted', 'sharpe_optimized', 'custom'];
const SCHEDULES: readonly RebalanceSchedule[] = ['never', 'daily', 'weekly', 'monthly', 'quarterly'];
const SPLIT_METHODS: readonly SplitMethod[] = ['pro_rata', 'equal', 'custom', 'rotation'];
/** Methods that estimate a volatility or covariance, so they need at least 2 returns. */
const NEEDS_TWO: readonly WeightMethod[] = ['inverse_vol', 'risk_parity', 'sharpe_optimized'];
const SPLIT_KEYS = ['method', 'lot', 'min_lots', 'remainder_account', 'ratios'];
const CONSTRAINT_KEYS = ['min_weight', 'max_weight', 'max_turnover', 'drawdown_reduction'];

/** A decimal in a range of fractions, e.g. [0, 1) or (0, 1]; kept as canonical decimal text. */
function fraction(low: 'open' | 'closed', high: 'open' | 'closed'): Reader<string> {
  const what = `a fraction in ${low === 'open' ? '(' : '['}0, 1${high === 'open' ? ')' : ']'}`;
  return reader(what, (v) => {
    const d = typeof v === 'number' || typeof v === 'string' ? tryDecimal(String(v)) : undefined;
    if (!d) return undefined;
    if (low === 'open' ? !d.gt(0) : d.isNeg()) return undefined;
    if (high === 'open' ? !d.lt(1) : d.gt(1)) return undefined;
    return decText(d);
  });
}

/** A lot: a positive whole number of shares, as a YAML number or decimal text. */
const wholeLot: Reader<string> = reader('a positive whole number of shares', (v) => {
  const d = typeof v === 'number' || typeof v === 'string' ? tryDecimal(String(v)) : undefined;
  return d && d.gt(0) && d.isInteger() ? decText(d) : undefined;
});

/** A mapping of ids to positive decimals (custom weights, split ratios, group allocations); pure. */
export function positiveById(value: unknown, path: string, issues: IssueList): Record<string, string> | undefined {
  if (!isPlainObject(value)) {
    issues.add(path, `expected a mapping of ids to positive numbers, found ${describeValue(value)}`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    const v = decimal('positive')(raw, childPath(path, key), issues);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Reads a split mapping; `perPm` allows the keys that name accounts (they are per PM). */
function readSplit(f: Fields | undefined, perPm: boolean): Partial<SplitConfig> {
  if (!f) return {};
  if (!perPm) {
    f.forbid('remainder_account', 'only in pms[i].split (account ids are per PM)');
    f.forbid('ratios', 'only in pms[i].split (account ids are per PM)');
  }
  const remainder = perPm ? f.optional('remainder_account', reader('an account id', (v) => (typeof v === 'string' && v !== '' ? v : undefined))) : undefined;
  const ratios = perPm && f.has('ratios') ? positiveById(f.raw('ratios'), f.at('ratios'), f.issues) : undefined;
  return compact({
    method: f.optional('method', oneOf(SPLIT_METHODS)),
    lot: f.optional('lot', wholeLot),
    minLots: f.optional('min_lots', positiveInt),
    remainderAccount: remainder,
    ratios,
  });
}

/** Reads `pms[i].split:` (overrides of allocation.split for that PM); pure. */
export function readPmSplit(f: Fields): Partial<SplitConfig> | undefined {
  return f.has('split') ? readSplit(f.mapping('split', SPLIT_KEYS), true) : undefined;
}

/** The split settings in force for a PM: allocation.split with the PM's overrides; pure. */
export function effectiveSplit(firm: SplitConfig, pm: Partial<SplitConfig> | undefined): SplitConfig {
  return { ...firm, ...(pm ?? {}) };
}

/**
 * Reads and checks `allocation:`; pure. Without a method PM capitals stay fixed, so rebalance
 * defaults to monthly only when a method is given, and a schedule or a weight constraint without
 * a method is an error rather than silently nothing. Methods that estimate volatility need a
 * lookback of at least 2 returns. `weights` belongs to method custom and only there.
 */
export function readAllocation(value: unknown, issues: IssueList): AllocationConfig {
  const f = value === undefined ? undefined : mapping(value, 'allocation', issues, ['method', 'rebalance', 'lookback', 'weights', ...CONSTRAINT_KEYS, 'split']);
  const method = f?.optional('method', oneOf(METHODS));
  const rebalance = f?.optional('rebalance', oneOf(SCHEDULES));
  if (f && !f.has('method')) {
    if (rebalance !== undefined && rebalance !== 'never') issues.add(f.at('rebalance'), `${rebalance} rebalancing needs allocation.method (one of ${METHODS.join(', ')})`);
    for (const key of CONSTRAINT_KEYS) f.forbid(key, 'needs allocation.method (weights are only constrained when they are decided)');
  }
  const lookback = f?.optional('lookback', method && NEEDS_TWO.includes(method) ? intAtLeast(2) : positiveInt);
  const weights = f?.has('weights') ? positiveById(f.raw('weights'), f.at('weights'), issues) : undefined;
  if (f && method === 'custom' && !f.has('weights')) issues.add(f.at('weights'), 'required for method custom (a weight per PM id)');
  if (f && method !== undefined && method !== 'custom') f.forbid('weights', 'only for method custom');
  const minWeight = f?.optional('min_weight', fraction('closed', 'open'));
  const maxWeight = f?.optional('max_weight', fraction('open', 'closed'));
  if (f && minWeight !== undefined && maxWeight !== undefined && new D(minWeight).gt(maxWeight)) issues.add(f.at('min_weight'), `min_weight ${minWeight} is above max_weight ${maxWeight}`);
  const dd = f?.mapping('drawdown_reduction', ['threshold_pct', 'scale']);
  const thresholdPct = dd?.required('threshold_pct', decimal('percent'));
  const scale = dd?.required('scale', fraction('open', 'open'));
  const s = f?.mapping('split', SPLIT_KEYS);
  const split = readSplit(s, false);
  return compact({
    method,
    rebalance: rebalance ?? (method ? 'monthly' : 'never'),
    lookback: lookback ?? 63,
    weights,
    minWeight,
    maxWeight,
    maxTurnover: f?.optional('max_turnover', fraction('open', 'closed')),
    drawdownReduction: thresholdPct !== undefined && scale !== undefined ? { thresholdPct, scale } : undefined,
    split: { method: split.method ?? 'pro_rata', lot: split.lot ?? '1', ...(split.minLots !== undefined ? { minLots: split.minLots } : {}) },
  });
}

/**
 * Checks what allocation settings say about PMs and accounts once those are known: custom
 * weights name exactly the PMs; the weight bounds can be met by the number of PMs; a PM's split
 * ratios name exactly its accounts and are given when its split method is custom; its
 * remainder account is one of its accounts. `paths[i]` is where PM i was read (`pms[i]`); pure.
 */
export function checkAllocation(a: AllocationConfig, pms: readonly PmConfig[], paths: readonly string[], issues: IssueList): void {
  const ids = pms.map((p) => p.id);
  if (a.weights) {
    for (const key of Object.keys(a.weights)) if (!ids.includes(key)) issues.add(`allocation.weights.${key}`, `unknown PM (PMs: ${ids.join(', ')})`);
    for (const id of ids) if (!(id in a.weights)) issues.add('allocation.weights', `missing a weight for PM ${id}`);
  }
  const n = pms.length;
  if (a.minWeight !== undefined && new D(a.minWeight).times(n).gt(1)) issues.add('allocation.min_weight', `min_weight ${a.minWeight} × ${n} PMs = ${decText(new D(a.minWeight).times(n))} exceeds 1`);
  if (a.maxWeight !== undefined && new D(a.maxWeight).times(n).lt(1)) issues.add('allocation.max_weight', `max_weight ${a.maxWeight} × ${n} PMs = ${decText(new D(a.maxWeight).times(n))} is under 1: the weights could not add up`);
  pms.forEach((pm, i) => {
    const path = `${paths[i] ?? `pms[${i}]`}.split`;
    const split = effectiveSplit(a.split, pm.split);
    const accounts = pm.accounts.map((x) => x.id);
    const ratios = pm.split?.ratios;
    if (split.method === 'custom' && !ratios) issues.add(pm.split ? `${path}.ratios` : path, `required: the split method is custom, so give ratios: { <account>: <ratio> } for ${accounts.join(', ')}`);
    if (ratios && split.method !== 'custom') issues.add(`${path}.ratios`, `only for split method custom (the method here is ${split.method})`);
    if (ratios && split.method === 'custom') {
      for (const key of Object.keys(ratios)) if (!accounts.includes(key)) issues.add(`${path}.ratios.${key}`, `unknown account (accounts: ${accounts.join(', ')})`);
      for (const id of accounts) if (!(id in ratios)) issues.add(`${path}.ratios`, `missing a ratio for account ${id}`);
    }
    const r = pm.split?.remainderAccount;
    if (r !== undefined && !accounts.includes(r)) issues.add(`${path}.remainder_account`, `unknown account ${JSON.stringify(r)} (accounts: ${accounts.join(', ')})`);
  });
}
