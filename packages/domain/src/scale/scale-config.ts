import { daysToIsoDate, isoDateToDays, weekdayOfDays } from '../data/calendar.js';
import { createRng, deriveSeed, type Rng } from '../data/rng.js';

/** The shape of a generated institution. */
export interface ScaleShape {
  readonly pms: number;
  readonly accountsPerPm: number;
  readonly strategiesPerPm: number;
  readonly symbols: number;
  readonly steps: number;
  readonly seed: number;
  /** firm id (default `scale`) */
  readonly firmId?: string;
  /** first date of the generated data (default 2010-01-04) */
  readonly start?: string;
}

const SECTOR_PREFIXES = ['TECH', 'FIN', 'HLTH', 'ENGY', 'CONS', 'INDU'] as const;

/** `n` synthetic symbol names spread over the sectors (TECH1, FIN1, …, TECH2, …); pure. */
export function scaleSymbols(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${SECTOR_PREFIXES[i % SECTOR_PREFIXES.length]}${Math.floor(i / SECTOR_PREFIXES.length) + 1}`);
}

/** The date of the `steps`-th business day from `start` (inclusive); pure. */
export function endDateFor(start: string, steps: number): string {
  let d = isoDateToDays(start);
  let n = 0;
  for (;;) {
    if (weekdayOfDays(d) < 5) n += 1;
    if (n >= steps) return daysToIsoDate(d);
    d += 1;
  }
}

function pick<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < k && pool.length; i++) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}

// Parameters are daily-horizon ones (a strategy's signal changes every couple of months): with 50
// strategies per PM that is about one block order per PM per step once warmed up, the load of the
// seeds' institutional test (10 PMs: >= 10,000 orders over 1,000 steps).
function strategyFor(rng: Rng, id: string, universe: readonly string[]): Record<string, unknown> {
  const symbols = pick(rng, universe, 1);
  const sizing = rng.next() < 0.7 ? { type: 'fixed_shares', shares: 100 * rng.int(1, 10) } : { type: 'percent_equity', percent: rng.int(1, 3) };
  const kind = rng.int(0, 3);
  switch (kind) {
    case 0: {
      const fast = rng.int(20, 50);
      return { id, type: 'sma_crossover', symbols, params: { fast, slow: fast + rng.int(60, 200), allow_short: rng.next() < 0.3 }, sizing };
    }
    case 1: {
      const fast = rng.int(40, 80);
      return { id, type: 'momentum', symbols, params: { fast_period: fast, slow_period: fast + rng.int(100, 250), threshold: 0.03 }, sizing };
    }
    case 2:
      return { id, type: 'mean_reversion', symbols, params: { lookback: rng.int(30, 80), entry_threshold: Number(rng.uniform(2.4, 3).toFixed(2)), exit_threshold: 0.5, allow_short: rng.next() < 0.5 }, sizing };
    default:
      return {
        id,
        type: 'ensemble',
        symbols,
        params: {
          components: [
            { type: 'momentum', weight: 0.5, params: { fast_period: rng.int(40, 60), slow_period: rng.int(150, 250), threshold: 0.03 } },
            { type: 'sma_crossover', weight: 0.5, params: { fast: rng.int(20, 40), slow: rng.int(100, 200) } },
          ],
          threshold: 1,
        },
        sizing,
      };
  }
}

// About half the accounts carry client restrictions: a few prohibited names, a position cap,
// long only — so splits leave accounts out and accounts refuse orders some of the time.
function restrictionsFor(rng: Rng, universe: readonly string[]): Record<string, unknown> | undefined {
  const r = rng.next();
  if (r < 0.5) return undefined;
  if (r < 0.7) return { prohibited_symbols: pick(rng, universe, 3).sort() };
  if (r < 0.85) return { max_position_pct: rng.int(8, 20) };
  return { long_only: true, prohibited_symbols: pick(rng, universe, 1) };
}

/**
 * A YAML-shaped config (for `parseConfigObject`) of an institution of the given shape on seeded
 * synthetic data: strategies spread over the built-in types with varied parameters, accounts
 * with varied capital and restrictions, firm limits set to bind some of the time, monthly inverse-vol
 * allocation. The same shape and seed always give the same config; pure.
 */
export function buildScaleConfig(shape: ScaleShape): Record<string, unknown> {
  const rng = createRng(deriveSeed(shape.seed, 'scale-config'));
  const universe = scaleSymbols(shape.symbols);
  const start = shape.start ?? '2010-01-04';
  const pmCapital = 10_000_000;
  const firmCapital = pmCapital * shape.pms;
  const pms = Array.from({ length: shape.pms }, (_, p) => {
    const pmId = `pm${String(p + 1).padStart(3, '0')}`;
    const accounts = Array.from({ length: shape.accountsPerPm }, (_, a) => {
      const restrictions = restrictionsFor(rng, universe);
      return {
        id: `${pmId}-a${String(a + 1).padStart(2, '0')}`,
        capital: Math.round(Math.exp(rng.uniform(Math.log(250_000), Math.log(4_000_000))) / 1000) * 1000,
        ...(restrictions ? { restrictions } : {}),
      };
    });
    return {
      id: pmId,
      capital: pmCapital,
      limits: { max_position_pct: 10, max_drawdown_pct: 30 },
      strategies: Array.from({ length: shape.strategiesPerPm }, (_, s) => strategyFor(rng, `${pmId}-s${String(s + 1).padStart(3, '0')}`, universe)),
      accounts,
    };
  });
  return {
    firm: { id: shape.firmId ?? 'scale', capital: firmCapital },
    data: { source: 'synthetic', seed: shape.seed, symbols: universe, start, end: endDateFor(start, shape.steps) },
    execution: { slippage_bps: 2, commission: { per_share: 0.005 } },
    risk: {
      // a minute, not the default 5 s: a backtest's results must not depend on how loaded the
      // machine is, and a master-risk answering late under load would otherwise fail closed
      timeout_ms: 60_000,
      firm: {
        // set so that, with every PM active, they bind some of the time
        max_gross_exposure: Math.round(firmCapital * 0.6),
        max_single_name_pct: 5,
        max_order_notional: Math.round(pmCapital * 0.1),
      },
    },
    allocation: { method: 'inverse_vol', rebalance: 'monthly', lookback: 63 },
    pms,
  };
}
