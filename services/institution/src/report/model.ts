import { D, decText, instrumentOf, ZERO, type AtriumConfig, type StepBar, type StrategyTarget } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { attributePm, combineAttribution } from './attribution.js';
import { correlationReport } from './correlation.js';
import {
  accountPortfolio, blockTrades, combinedPortfolio, nettedExposure, pmPortfolio, sortedFills, stepValues, strategyRuns, symbolIndex,
  type LevelContext, type StepValues,
} from './levels.js';
import type { Portfolio } from './portfolio.js';
import { riskReport } from './risk.js';
import type { PmModel, RunModel } from './sections.js';

/** Thrown when the run record lacks a step of some PM or account (the session did not finish). */
export class IncompleteRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteRunError';
  }
}

/** Every step of a list reported, or IncompleteRunError naming the first missing. */
export function complete<T>(list: readonly (T | undefined)[] | undefined, steps: number, what: string): T[] {
  const out: T[] = [];
  for (let i = 0; i < steps; i++) {
    const v = list?.[i];
    if (!v) throw new IncompleteRunError(`${what} did not report step ${i} of ${steps}`);
    out.push(v);
  }
  return out;
}

const groupBy = <T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
};

/** Each step's bars as decimals (open and close) per symbol; pure. */
function parseBars(bars: readonly Bodies['marketStep']['bars'][], steps: number): ReadonlyMap<string, StepBar>[] {
  return Array.from({ length: steps }, (_, t) => new Map((bars[t] ?? []).map((b) => [b.symbol, { open: new D(b.open), close: new D(b.close), openValue: Number(b.open), closeValue: Number(b.close) }])));
}

/** Each PM's strategy targets by step, in the order the PM published them; pure. */
function signalsByPm(signals: readonly Bodies['signal'][]): Map<string, Map<number, StrategyTarget[]>> {
  const out = new Map<string, Map<number, StrategyTarget[]>>();
  for (const s of signals) {
    let pm = out.get(s.pmId);
    if (!pm) out.set(s.pmId, (pm = new Map()));
    const list = pm.get(s.step) ?? [];
    list.push({ strategyId: s.strategyId, symbol: s.symbol, targetQty: new D(s.targetQty) });
    pm.set(s.step, list);
  }
  return out;
}

/**
 * Computes everything the reports show from a finished session's record: every level's
 * portfolio (firm, PMs, accounts, strategies, groups), attribution, the correlation replay and
 * the consolidated risk; pure. Throws IncompleteRunError when a PM or account missed a step.
 */
export function buildModel(config: AtriumConfig, record: RunRecord): RunModel {
  const steps = record.totalSteps;
  const dates = complete(record.dates, steps, 'the market data');
  const ctx: LevelContext = { dates, var: config.analytics.var };
  const allFills = sortedFills(record.fills);
  const fillsByPm = groupBy(allFills, (f) => f.pmId);
  const firmTrades = blockTrades(allFills);
  const tradesByPm = groupBy(firmTrades, (t) => t.pmId);
  // strategies' paper books and PM positions carried between fills are marked at the closes
  const bars = parseBars(record.bars, steps);
  const signals = signalsByPm(record.strategySignals);
  const sectors = new Map<string, string>();
  const sectorOf = (s: string) => {
    let v = sectors.get(s);
    if (v === undefined) sectors.set(s, (v = instrumentOf(config, s).sector));
    return v;
  };

  const values = new Map<string, StepValues>();
  const doneOf = new Map(config.pms.map((pm) => [pm.id, complete(record.pmSteps.get(pm.id), steps, `PM ${pm.id}`)]));
  const index = symbolIndex(allFills.map((f) => f.symbol));
  const pms: PmModel[] = config.pms.map((pm) => {
    const done = doneOf.get(pm.id)!;
    const fills = fillsByPm.get(pm.id) ?? [];
    const byAccount = groupBy(fills, (f) => f.accountId);
    const strategies = strategyRuns(ctx, pm, bars, signals.get(pm.id) ?? new Map());
    values.set(pm.id, stepValues(fills, steps, index, (t, symbol) => bars[t]?.get(symbol)?.closeValue));
    const pnl = done.map((x) => new D(x.pnl));
    const attribution = attributePm(pm.id, done, pnl, fills, strategies);
    return {
      config: pm,
      pnl,
      equity: done.map((x) => new D(x.equity)),
      portfolio: pmPortfolio(ctx, pm, done, tradesByPm.get(pm.id) ?? []),
      accounts: pm.accounts.map((a) => ({ config: a, portfolio: accountPortfolio(ctx, pm, a, complete(record.accountSteps.get(`${pm.id}/${a.id}`), steps, `account ${pm.id}/${a.id}`), byAccount.get(a.id) ?? []) })),
      strategies,
      attribution,
      tables: combineAttribution([attribution], new D(pm.capital), sectorOf),
      capitalOverTime: done.map((x) => x.capital),
      tradingState: done.at(-1)?.tradingState ?? '',
    };
  });
  const byId = new Map(pms.map((p) => [p.config.id, p]));

  // the firm: capital plus every PM's P&L, no flows
  const firmCapital = new D(config.firm.capital);
  const firmBooks = pms.map((p) => values.get(p.config.id)!);
  const firmExposure = nettedExposure(firmBooks, steps, index);
  let cum = firmCapital;
  const firmEquity = dates.map((_, t) => decText((cum = cum.plus(pms.reduce((s, p) => s.plus(p.pnl[t]!), ZERO)))));
  const firm = combinedPortfolio(ctx, { kind: 'firm', id: 'firm', dir: 'firm', title: config.firm.name ?? config.firm.id, capital: firmCapital, members: pms.map((p) => ({ portfolio: p.portfolio, pnl: p.pnl, equity: p.equity })), exposure: firmExposure, trades: firmTrades, equity: firmEquity });

  const groups = config.groups.map((g) => {
    const members = g.members.map((id) => byId.get(id)!);
    const set = new Set(g.members);
    const capital = members.reduce((s, m) => s.plus(m.config.capital), ZERO);
    const portfolio: Portfolio = combinedPortfolio(ctx, {
      kind: 'group', id: g.id, dir: `groups/${g.id}`, title: `Group ${g.id}`, meta: g.meta, capital, members: members.map((m) => ({ portfolio: m.portfolio, pnl: m.pnl, equity: m.equity })),
      exposure: nettedExposure(g.members.map((id) => values.get(id)!), steps, index), trades: firmTrades.filter((t) => set.has(t.pmId)),
    });
    return { config: g, portfolio, attribution: combineAttribution(members.map((m) => m.attribution), capital, sectorOf) };
  });

  const series = (ps: readonly Portfolio[]) => ({ ids: ps.map((p) => p.id), returns: ps.map((p) => p.returns) });
  const correlation = correlationReport(
    config,
    { pm: series(pms.map((p) => p.portfolio)), account: series(pms.flatMap((p) => p.accounts.map((a) => a.portfolio))), strategy: series(pms.flatMap((p) => p.strategies.map((s) => s.portfolio))) },
    record.correlationBreaks,
  );
  return {
    dates,
    firm,
    pms,
    groups,
    attribution: combineAttribution(pms.map((p) => p.attribution), firmCapital, sectorOf),
    correlation,
    risk: riskReport({ pms: pms.map((p) => p.portfolio), groups: groups.map((g) => ({ id: g.config.id, members: g.config.members.map((id) => byId.get(id)!.portfolio) })), values: firmExposure.values, index, sectorOf }),
  };
}
