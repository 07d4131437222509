import type { AnalyticsConfig, CorrelationLevel } from '../config/types.js';
import type { Dec } from '../money/decimal.js';
import { CorrelationBreakDetector, type CorrelationBreak } from './correlation-breaks.js';
import { RollingCorrelation } from './rolling-correlation.js';
import { StrategyLedger, type StepBar } from './strategy-ledger.js';
import { stepReturn } from './portfolio-returns.js';

/** What the monitor needs to know of the firm (from the config). */
export interface AnalyticsLayout {
  readonly pms: readonly {
    readonly id: string;
    readonly capital: string;
    readonly strategies: readonly string[];
    readonly accounts: readonly { readonly id: string; readonly capital: string }[];
  }[];
  /** window, min_periods, thresholds and levels, as the config gives them */
  readonly correlation: AnalyticsConfig['correlation'];
}

/** Everything of one step the monitor reads. */
export interface AnalyticsStepInput {
  readonly step: number;
  readonly date: string;
  /** open and close per symbol with a bar (strategy level) */
  readonly bars: ReadonlyMap<string, StepBar>;
  /** each PM's time-weighted return of the step; a PM absent (removed) counts 0 */
  readonly pmReturns: ReadonlyMap<string, number>;
  /** each account's equity at the close, keyed `pm/account` (account level) */
  readonly accountEquity: ReadonlyMap<string, Dec>;
  /** targets the PMs' strategies decided at this close (strategy level) */
  readonly signals: readonly { readonly pmId: string; readonly strategyId: string; readonly symbol: string; readonly targetQty: Dec }[];
}

/** A correlation break with the names of the pair and when it happened. */
export interface LevelBreak extends CorrelationBreak {
  readonly level: CorrelationLevel;
  readonly a: string;
  readonly b: string;
  readonly step: number;
  readonly date: string;
  readonly window: number;
}

/** The analytics layout of a config: PMs with capital, strategy ids and accounts, and the correlation settings; pure. */
export function analyticsLayout(config: {
  readonly pms: readonly { readonly id: string; readonly capital: string; readonly strategies: readonly { readonly id: string }[]; readonly accounts: readonly { readonly id: string; readonly capital: string }[] }[];
  readonly analytics: { readonly correlation: AnalyticsLayout['correlation'] };
}): AnalyticsLayout {
  return {
    pms: config.pms.map((p) => ({ id: p.id, capital: p.capital, strategies: p.strategies.map((s) => s.id), accounts: p.accounts.map((a) => ({ id: a.id, capital: a.capital })) })),
    correlation: config.analytics.correlation,
  };
}

/** The series ids of a level: PM ids, `pm/account`, `pm/strategy`, in config order; pure. */
export function levelIds(layout: Pick<AnalyticsLayout, 'pms'>, level: CorrelationLevel): string[] {
  if (level === 'pm') return layout.pms.map((p) => p.id);
  if (level === 'account') return layout.pms.flatMap((p) => p.accounts.map((a) => `${p.id}/${a.id}`));
  return layout.pms.flatMap((p) => p.strategies.map((s) => `${p.id}/${s}`));
}

interface Tracker {
  readonly level: CorrelationLevel;
  readonly ids: readonly string[];
  readonly rc: RollingCorrelation;
  readonly detector: CorrelationBreakDetector;
}

/**
 * The cross-portfolio correlation tracker: rolling correlation matrices of daily returns at the
 * configured levels (PMs, accounts, strategies), updated incrementally each step, and the breaks
 * they show. Strategy returns are those of each strategy's paper book (StrategyLedger) on its
 * PM's initial capital (returnsFromPnl); account returns are from account equity (accounts have
 * no flows; equityReturns).
 * Two accounts of one PM are never alerted on: they hold pro-rata slices of the same orders.
 * Mutable, owned by one actor (or a report replaying a run); deterministic.
 */
export class CrossPortfolioAnalytics {
  private readonly trackers: Tracker[];
  private readonly ledgers = new Map<string, StrategyLedger>();
  private readonly strategyEquity = new Map<string, number>();
  private readonly accountEquity = new Map<string, number>();

  constructor(readonly layout: AnalyticsLayout) {
    const c = layout.correlation;
    this.trackers = [...new Set(c.levels)].map((level) => {
      const ids = levelIds(layout, level);
      // accounts of one PM get pro-rata slices of the same orders: they move together by construction
      const pmOf = ids.map((id) => id.split('/')[0]);
      const related = level === 'account' ? (i: number, j: number) => pmOf[i] === pmOf[j] : undefined;
      return { level, ids, rc: new RollingCorrelation(ids.length, c.window), detector: new CorrelationBreakDetector(ids.length, c, related) };
    });
    for (const pm of layout.pms) {
      this.ledgers.set(pm.id, new StrategyLedger(pm.strategies));
      for (const s of pm.strategies) this.strategyEquity.set(`${pm.id}/${s}`, Number(pm.capital));
      for (const a of pm.accounts) this.accountEquity.set(`${pm.id}/${a.id}`, Number(a.capital));
    }
  }

  /** Whether the account level (account equity) and the strategy level (bars and signals) are tracked. */
  get needs(): { accounts: boolean; strategies: boolean } {
    return { accounts: this.trackers.some((t) => t.level === 'account'), strategies: this.trackers.some((t) => t.level === 'strategy') };
  }

  /** Feeds one step (steps in order) and returns the breaks that began with it. */
  step(input: AnalyticsStepInput): LevelBreak[] {
    const out: LevelBreak[] = [];
    for (const t of this.trackers) {
      t.rc.push(this.returnsOf(t, input));
      for (const b of t.detector.check(t.rc)) {
        out.push({ ...b, level: t.level, a: t.ids[b.i]!, b: t.ids[b.j]!, step: input.step, date: input.date, window: this.layout.correlation.window });
      }
    }
    return out;
  }

  private returnsOf(t: Tracker, input: AnalyticsStepInput): number[] {
    if (t.level === 'pm') return t.ids.map((id) => input.pmReturns.get(id) ?? 0);
    if (t.level === 'account') {
      return t.ids.map((key) => {
        const prev = this.accountEquity.get(key)!;
        const eq = input.accountEquity.get(key);
        const cur = eq === undefined ? prev : eq.toNumber();
        this.accountEquity.set(key, cur);
        return stepReturn(prev, cur - prev);
      });
    }
    const byStrategy = new Map<string, number>();
    for (const pm of this.layout.pms) {
      const signals = input.signals.filter((s) => s.pmId === pm.id);
      for (const r of this.ledgers.get(pm.id)!.step(input.bars, signals)) {
        const key = `${pm.id}/${r.strategyId}`;
        const prev = this.strategyEquity.get(key) ?? 0;
        this.strategyEquity.set(key, prev + r.pnl);
        byStrategy.set(key, stepReturn(prev, r.pnl));
      }
    }
    return t.ids.map((id) => byStrategy.get(id) ?? 0);
  }

  /** The current window's correlation of a pair of a tracked level (null when the level is not tracked). */
  pair(level: CorrelationLevel, i: number, j: number): number | null {
    const t = this.trackers.find((x) => x.level === level);
    return t ? t.rc.correlation(i, j) : null;
  }

  /** The current window's correlation matrix of each tracked level. */
  matrices(): { level: CorrelationLevel; ids: readonly string[]; observations: number; matrix: number[][] }[] {
    return this.trackers.map((t) => ({ level: t.level, ids: t.ids, observations: t.rc.observations, matrix: t.rc.matrix() }));
  }
}
