import { D, decText, instrumentOf, ZERO, type AtriumConfig, type StepBar, type StrategyTarget } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { attributePm, combineAttribution } from './attribution.js';
import { correlationReport } from './correlation.js';
import { fractionDigits, scaledText, sumSeries, toScaled, type ScaledSeries } from './exact.js';
import {
  accountPortfolio, blockTrades, combinedPortfolio, nettedExposure, parsedFills, pmPortfolio, stepCloses, stepValues, strategyRuns, symbolIndex, traded,
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

/** Exact P&L and equity at each close of a set of PMs. */
interface ExactSums {
  readonly pnl: ScaledSeries;
  readonly equity: ScaledSeries;
}

/** Σ of the PMs' exact notional traded; pure. */
const sumTraded = (pms: readonly PmModel[]) => pms.reduce((s, p) => s.plus(p.traded), ZERO);

/**
 * Exact P&L and equity sums over sets of PMs (a group's members), each set summed once: a set
 * that is exactly the union of some groups' disjoint member sets (a group of groups) adds their
 * sums instead of every member's; pure.
 */
function memberSums(config: AtriumConfig, pms: readonly PmModel[], steps: number, scale: number): (members: readonly string[]) => ExactSums {
  const single = new Map<string, ExactSums>(pms.map((p) => [p.config.id, { pnl: p.pnl, equity: p.equity }]));
  const memo = new Map<string, ExactSums>();
  const groupsById = new Map(config.groups.map((g) => [g.id, g]));
  const of = (members: readonly string[], parts?: readonly (readonly string[])[]): ExactSums => {
    if (members.length === 1) return single.get(members[0]!)!;
    const key = members.join('\n');
    const known = memo.get(key);
    if (known) return known;
    const add = parts && coversOnce(members, parts) ? parts.map((p) => of(p)) : members.map((id) => single.get(id)!);
    const out = { pnl: { scale, values: sumSeries(add.map((x) => x.pnl.values), steps) }, equity: { scale, values: sumSeries(add.map((x) => x.equity.values), steps) } };
    memo.set(key, out);
    return out;
  };
  // children before parents, so that each group of groups finds its subgroups' sums
  const visited = new Set<string>();
  const visit = (id: string): void => {
    const g = groupsById.get(id);
    if (!g || visited.has(id)) return;
    visited.add(id);
    g.groups.forEach(visit);
    of(g.members, [...g.groups.map((s) => groupsById.get(s)!.members), ...g.pms.map((p) => [p])]);
  };
  config.groups.forEach((g) => visit(g.id));
  return (members) => of(members);
}

/** Whether `parts` hold every one of `members` exactly once, and nothing else; pure. */
function coversOnce(members: readonly string[], parts: readonly (readonly string[])[]): boolean {
  const wanted = new Set(members);
  const seen = new Set<string>();
  for (const p of parts) {
    for (const id of p) {
      if (!wanted.has(id) || seen.has(id)) return false;
      seen.add(id);
    }
  }
  return seen.size === wanted.size;
}

/** A PM's exact P&L and equity at each close, at the run's common scale; pure. */
function exactSeries(done: readonly Bodies['stepDone'][], scale: number): { pnl: ScaledSeries; equity: ScaledSeries } {
  return { pnl: { scale, values: done.map((x) => toScaled(x.pnl, scale)) }, equity: { scale, values: done.map((x) => toScaled(x.equity, scale)) } };
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
  const allFills = parsedFills(record.fills);
  const fillsByPm = groupBy(allFills, (f) => f.fill.pmId);
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
  // one scale for every PM's P&L and equity and the firm's capital, so that any of them add up as integers
  const firmCapital = new D(config.firm.capital);
  let scale = fractionDigits(decText(firmCapital));
  for (const done of doneOf.values()) for (const x of done) scale = Math.max(scale, fractionDigits(x.pnl), fractionDigits(x.equity));
  const index = symbolIndex(allFills.map((f) => f.fill.symbol));
  const closes = stepCloses(steps, index, (t, symbol) => bars[t]?.get(symbol)?.closeValue);
  const pms: PmModel[] = config.pms.map((pm) => {
    const done = doneOf.get(pm.id)!;
    const fills = fillsByPm.get(pm.id) ?? [];
    const byAccount = groupBy(fills, (f) => f.fill.accountId);
    const strategies = strategyRuns(ctx, pm, bars, signals.get(pm.id) ?? new Map());
    values.set(pm.id, stepValues(fills, steps, index, closes));
    const exact = exactSeries(done, scale);
    const attribution = attributePm(pm.id, done, new D(scaledText(exact.pnl.values.reduce((s, x) => s + x, 0n), scale)), fills, strategies);
    const trades = tradesByPm.get(pm.id) ?? [];
    return {
      config: pm,
      ...exact,
      traded: traded(trades),
      portfolio: pmPortfolio(ctx, pm, done, trades),
      accounts: pm.accounts.map((a) => ({ config: a, portfolio: accountPortfolio(ctx, pm, a, complete(record.accountSteps.get(`${pm.id}/${a.id}`), steps, `account ${pm.id}/${a.id}`), byAccount.get(a.id) ?? []) })),
      strategies,
      attribution,
      tables: combineAttribution([attribution], new D(pm.capital), sectorOf),
      capitalOverTime: done.map((x) => x.capital),
      tradingState: done.at(-1)?.tradingState ?? '',
    };
  });
  const byId = new Map(pms.map((p) => [p.config.id, p]));

  // sums over a set of PMs, computed once per set: a group of groups adds its subgroups' sums
  // when they do not overlap, and a group of every PM shares the firm's exposure and trades
  const sums = memberSums(config, pms, steps, scale);
  const exposureOf = new Map<string, ReturnType<typeof nettedExposure>>();
  const exposure = (members: readonly string[]) => {
    const key = members.join('\n');
    let e = exposureOf.get(key);
    if (!e) exposureOf.set(key, (e = nettedExposure(members.map((id) => values.get(id)!), steps, index)));
    return e;
  };

  // the firm: capital plus every PM's P&L, no flows
  const allIds = pms.map((p) => p.config.id);
  const firmPnl = sums(allIds).pnl;
  let cum = toScaled(decText(firmCapital), scale);
  const firm = combinedPortfolio(ctx, {
    kind: 'firm', id: 'firm', dir: 'firm', title: config.firm.name ?? config.firm.id, capital: firmCapital, pnl: firmPnl, equity: { scale, values: firmPnl.values.map((v) => (cum += v)) },
    members: pms.map((p) => p.portfolio), exposure: exposure(allIds), trades: firmTrades, traded: sumTraded(pms),
  });

  const groups = config.groups.map((g) => {
    const members = g.members.map((id) => byId.get(id)!);
    const set = new Set(g.members);
    const capital = members.reduce((s, m) => s.plus(m.config.capital), ZERO);
    const sum = sums(g.members);
    const portfolio: Portfolio = combinedPortfolio(ctx, {
      kind: 'group', id: g.id, dir: `groups/${g.id}`, title: `Group ${g.id}`, meta: g.meta, capital, pnl: sum.pnl, equity: sum.equity,
      members: members.map((m) => m.portfolio), exposure: exposure(g.members), trades: members.length === pms.length ? firmTrades : firmTrades.filter((t) => set.has(t.pmId)), traded: sumTraded(members),
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
    risk: riskReport({ pms: pms.map((p) => p.portfolio), groups: groups.map((g) => ({ id: g.config.id, members: g.config.members.map((id) => byId.get(id)!.portfolio) })), values: exposure(pms.map((p) => p.config.id)).values, index, sectorOf }),
  };
}
