import type { EnsembleComponent, SignalStrategyParams, SizingConfig, StrategyConfig, StrategyParams, StrategyType } from './types.js';
import type { ConfigFileAccess } from './config-files.js';
import { readScheduledOrders } from './scheduled-orders.js';
import {
  type Fields, type IssueList, bool, decimal, finiteNumber, id, intAtLeast, mapping, oneOf, positiveInt, positiveNumber, symbol,
} from './schema.js';

/** Strategy types that emit a direction the PM sizes; the only ones an ensemble may combine. */
export const SIGNAL_TYPES = ['sma_crossover', 'momentum', 'mean_reversion'] as const;
/** Every strategy `type` a config may name. */
export const STRATEGY_TYPES: readonly StrategyType[] = [...SIGNAL_TYPES, 'ensemble', 'scheduled_orders'];
type SignalType = (typeof SIGNAL_TYPES)[number];

const PARAM_KEYS: Record<StrategyType, readonly string[]> = {
  sma_crossover: ['fast', 'slow', 'allow_short'],
  momentum: ['fast_period', 'slow_period', 'threshold', 'allow_short'],
  mean_reversion: ['lookback', 'entry_threshold', 'exit_threshold', 'allow_short'],
  ensemble: ['components', 'threshold', 'allow_short'],
  scheduled_orders: ['orders', 'file', 'account'],
};

/** The default when a strategy gives no sizing: 100 shares per entry. */
export const DEFAULT_SIZING: SizingConfig = { type: 'fixed_shares', shares: '100' };

/** A strategy as read, with where its symbols came from (for messages about missing data). */
export interface StrategyDraft {
  readonly config: StrategyConfig;
  readonly path: string;
  /** Where its symbols are written: `symbols`, or the orders they default from. */
  readonly symbolsPath: string;
}

/** Reports `slow` unless it is above `fast` (both already valid). */
function checkFastBelowSlow(p: Fields, fastKey: string, slowKey: string, fast?: number, slow?: number): void {
  if (fast !== undefined && slow !== undefined && fast >= slow) {
    p.issues.add(p.at(slowKey), `expected an integer greater than ${fastKey} (${fast}), found ${slow}`);
  }
}

/**
 * Reads the params of a signal strategy; `allowShort` comes from the caller for ensemble components
 * (whose own allow_short is an error: the ensemble decides). Invalid values read as placeholders:
 * the result is only used when no issue was found.
 */
function readSignalParams(type: SignalType, p: Fields, allowShort: boolean | undefined): SignalStrategyParams {
  if (allowShort === undefined) allowShort = p.withDefault('allow_short', bool, false);
  else p.forbid('allow_short', "set allow_short on the ensemble's params, not on a component's");
  switch (type) {
    case 'sma_crossover': {
      const fast = p.required('fast', positiveInt);
      const slow = p.required('slow', positiveInt);
      checkFastBelowSlow(p, 'fast', 'slow', fast, slow);
      return { type, fast: fast ?? 0, slow: slow ?? 0, allowShort };
    }
    case 'momentum': {
      const fastPeriod = p.required('fast_period', positiveInt);
      const slowPeriod = p.required('slow_period', positiveInt);
      checkFastBelowSlow(p, 'fast_period', 'slow_period', fastPeriod, slowPeriod);
      return { type, fastPeriod: fastPeriod ?? 0, slowPeriod: slowPeriod ?? 0, threshold: p.withDefault('threshold', finiteNumber, 0), allowShort };
    }
    case 'mean_reversion': {
      // A z-score needs a standard deviation, hence at least two closes; entering needs a distance.
      const lookback = p.required('lookback', intAtLeast(2));
      const entryThreshold = p.required('entry_threshold', positiveNumber);
      const exitThreshold = p.optional('exit_threshold', finiteNumber);
      if (entryThreshold !== undefined && exitThreshold !== undefined && exitThreshold >= entryThreshold) {
        p.issues.add(p.at('exit_threshold'), `expected a number below entry_threshold (${entryThreshold}), found ${exitThreshold}`);
      }
      return { type, lookback: lookback ?? 0, entryThreshold: entryThreshold ?? 0, exitThreshold: exitThreshold ?? 0, allowShort };
    }
  }
}

/** Reads ensemble params: weighted signal components (weights finite, not all zero) and a threshold. */
function readEnsembleParams(p: Fields): StrategyParams {
  const allowShort = p.withDefault('allow_short', bool, false);
  const threshold = p.withDefault('threshold', finiteNumber, 0);
  if (!p.has('components')) p.issues.add(p.at('components'), 'required (a list of { type, weight, params })');
  const values = p.list('components') ?? [];
  if (p.has('components') && Array.isArray(p.raw('components')) && values.length === 0) {
    p.issues.add(p.at('components'), 'expected at least one component, found an empty list');
  }
  const components: EnsembleComponent[] = [];
  const weights: (number | undefined)[] = [];
  values.forEach((value, i) => {
    const c = mapping(value, `${p.at('components')}[${i}]`, p.issues, ['type', 'weight', 'params']);
    const type = c?.required('type', oneOf(SIGNAL_TYPES));
    const weight = c?.has('weight') ? c.optional('weight', finiteNumber) : 1;
    weights.push(weight);
    const params = c && type ? paramsFields(c, type) : undefined;
    if (params && type) components.push({ weight: weight ?? 0, params: readSignalParams(type, params, allowShort) });
  });
  if (weights.length > 0 && weights.every((w) => w === 0)) {
    p.issues.add(p.at('components'), 'expected at least one non-zero weight, found all weights 0');
  }
  return { type: 'ensemble', components, threshold, allowShort };
}

/** The params mapping of a strategy or component; an absent one reads as empty, so each missing key is named. */
function paramsFields(f: Fields, type: StrategyType): Fields | undefined {
  return f.has('params') ? f.mapping('params', PARAM_KEYS[type]) : mapping({}, f.at('params'), f.issues, PARAM_KEYS[type]);
}

/** Reads `sizing:`; fixed_shares takes `shares` (positive integer), percent_equity `percent` in (0, 100]. */
function readSizing(f: Fields): SizingConfig | undefined {
  const s = f.mapping('sizing', ['type', 'shares', 'percent']);
  if (!s) return undefined;
  const type = s.required('type', oneOf(['fixed_shares', 'percent_equity'] as const));
  if (type === 'fixed_shares') {
    s.forbid('percent', 'only for sizing type percent_equity');
    const shares = s.required('shares', positiveInt);
    return shares ? { type, shares: String(shares) } : undefined;
  }
  if (type === 'percent_equity') {
    s.forbid('shares', 'only for sizing type fixed_shares');
    const percent = s.required('percent', decimal('percent'));
    return percent ? { type, percent } : undefined;
  }
  return undefined;
}

/** Reads a strategy's `symbols:` (at least one), sorted and without duplicates. */
function readSymbols(f: Fields): string[] | undefined {
  const values = f.list('symbols');
  if (values === undefined) return undefined;
  if (values.length === 0) f.issues.add(f.at('symbols'), 'expected at least one symbol, found an empty list');
  const read = values.map((v, i) => symbol(v, `${f.at('symbols')}[${i}]`, f.issues));
  return [...new Set(read.filter((s): s is string => s !== undefined))].sort();
}

/**
 * Reads and checks one strategy at `path`; pure apart from reading a blotter through `files`.
 * Undefined when it is not even a mapping with a known type; otherwise a draft whose placeholders
 * for bad values never escape, because any issue fails the whole config.
 */
export function readStrategy(value: unknown, path: string, issues: IssueList, files: ConfigFileAccess): StrategyDraft | undefined {
  const f = mapping(value, path, issues, ['id', 'type', 'symbols', 'params', 'sizing']);
  if (!f) return undefined;
  const sid = f.required('id', id) ?? '';
  const type = f.required('type', oneOf(STRATEGY_TYPES));
  if (type === undefined) return undefined;
  const p = paramsFields(f, type);
  const symbols = f.has('symbols') ? readSymbols(f) : undefined;
  if (type === 'scheduled_orders') {
    f.forbid('sizing', 'scheduled_orders takes its quantities from its orders; remove sizing');
    const read = p ? readScheduledOrders(p, files) : undefined;
    const orders = read?.orders ?? [];
    const known = symbols ?? [...new Set(orders.map((o) => o.symbol))].sort();
    const stray = [...new Set(orders.map((o) => o.symbol).filter((s) => !known.includes(s)))];
    if (read && stray.length > 0) {
      issues.add(read.source, `orders name ${stray.join(', ')}, not in this strategy's symbols (${known.join(', ')})`);
    }
    const symbolsPath = f.has('symbols') ? f.at('symbols') : (read?.source ?? f.at('params'));
    const account = read?.account;
    return { path, symbolsPath, config: { id: sid, symbols: known, params: { type, orders, ...(account !== undefined ? { account } : {}) }, sizing: DEFAULT_SIZING } };
  }
  if (!f.has('symbols')) issues.add(f.at('symbols'), 'required (the symbols it trades)');
  const fallback = { type: 'sma_crossover', fast: 0, slow: 0, allowShort: false } as const;
  const params = !p ? fallback : type === 'ensemble' ? readEnsembleParams(p) : readSignalParams(type, p, undefined);
  const sizing = (f.has('sizing') ? readSizing(f) : undefined) ?? DEFAULT_SIZING;
  return { path, symbolsPath: f.at('symbols'), config: { id: sid, symbols: symbols ?? [], params, sizing } };
}
