import type { AnalyticsConfig, CorrelationLevel } from './types.js';
import { type Fields, type IssueList, type Reader, compact, intAtLeast, mapping, oneOf, reader } from './schema.js';

const LEVELS: readonly CorrelationLevel[] = ['pm', 'account', 'strategy'];

/** What `analytics:` resolves to when it is absent or leaves keys out. */
export const DEFAULT_ANALYTICS: AnalyticsConfig = {
  correlation: { window: 252, minPeriods: 20, alertThreshold: 0.8, changeThreshold: 0.3, levels: ['pm'] },
  var: { confidence: [0.95, 0.99] },
};

const correlationLevel: Reader<number> = reader('a correlation in (0, 1]', (v) => (typeof v === 'number' && v > 0 && v <= 1 ? v : undefined));
const correlationChange: Reader<number> = reader('a change of correlation in (0, 2]', (v) => (typeof v === 'number' && v > 0 && v <= 2 ? v : undefined));
const confidencePct: Reader<number> = reader('a confidence in % between 50 and 100, exclusive (e.g. 95)', (v) => (typeof v === 'number' && v > 50 && v < 100 ? v : undefined));

/** Reads a non-empty list through `read`, dropping duplicates (first kept); undefined when absent or invalid. */
function readList<T>(f: Fields, key: string, read: Reader<T>): T[] | undefined {
  const values = f.list(key);
  if (!values) return undefined;
  if (values.length === 0) {
    f.issues.add(f.at(key), 'expected at least one value, found an empty list');
    return undefined;
  }
  const out = values.flatMap((v, i) => {
    const x = read(v, `${f.at(key)}[${i}]`, f.issues);
    return x === undefined ? [] : [x];
  });
  return out.length === values.length ? [...new Set(out)] : undefined;
}

/**
 * Reads and checks `analytics:` (every key optional, see DEFAULT_ANALYTICS): the rolling
 * correlation's window, min_periods (≤ window), alert and change thresholds and levels, and the
 * VaR confidence levels (in %, stored as fractions, ascending) and lookback; pure.
 */
export function readAnalytics(value: unknown, issues: IssueList): AnalyticsConfig {
  const f = value === undefined ? undefined : mapping(value, 'analytics', issues, ['correlation', 'var']);
  const c = f?.mapping('correlation', ['window', 'min_periods', 'alert_threshold', 'change_threshold', 'levels']);
  const d = DEFAULT_ANALYTICS.correlation;
  const window = c?.withDefault('window', intAtLeast(2), d.window) ?? d.window;
  const minPeriods = c?.optional('min_periods', intAtLeast(2));
  if (c && minPeriods !== undefined && minPeriods > window) issues.add(c.at('min_periods'), `expected at most the window (${window}), found ${minPeriods}`);
  const v = f?.mapping('var', ['confidence', 'lookback']);
  const confidence = v ? readList(v, 'confidence', confidencePct) : undefined;
  return {
    correlation: {
      window,
      minPeriods: minPeriods !== undefined && minPeriods <= window ? minPeriods : Math.min(d.minPeriods, window),
      alertThreshold: c?.withDefault('alert_threshold', correlationLevel, d.alertThreshold) ?? d.alertThreshold,
      changeThreshold: c?.withDefault('change_threshold', correlationChange, d.changeThreshold) ?? d.changeThreshold,
      levels: (c ? readList(c, 'levels', oneOf(LEVELS)) : undefined) ?? d.levels,
    },
    var: compact({
      confidence: confidence ? confidence.map((p) => p / 100).sort((a, b) => a - b) : DEFAULT_ANALYTICS.var.confidence,
      lookback: v?.optional('lookback', intAtLeast(2)),
    }),
  };
}
