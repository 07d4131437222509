import { enqueueActions, setup } from 'xstate';
import { CrossPortfolioAnalytics, type AnalyticsLayout, type Dec, type LevelBreak, type StepBar } from '@atrium/domain';

export interface AnalyticsInput {
  readonly layout: AnalyticsLayout;
}

export type AnalyticsEvent =
  | { type: 'marketStep'; step: number; date: string; bars: ReadonlyMap<string, StepBar> }
  | { type: 'pmStepDone'; pmId: string; step: number; stepReturn: number }
  | { type: 'accountMarked'; pmId: string; accountId: string; step: number; equity: Dec }
  | { type: 'signal'; pmId: string; strategyId: string; symbol: string; step: number; targetQty: Dec }
  | { type: 'removePm'; pmId: string };

export type AnalyticsEmitted =
  | { type: 'correlationBreak'; brk: LevelBreak }
  | { type: 'stepDone'; step: number; breaks: number };

/** What has arrived of one step. */
interface StepBuffer {
  market?: { date: string; bars: ReadonlyMap<string, StepBar> };
  readonly pmReturns: Map<string, number>;
  readonly accountEquity: Map<string, Dec>;
  readonly signals: { pmId: string; strategyId: string; symbol: string; targetQty: Dec }[];
}

interface AnalyticsContext {
  /** the correlation trackers: mutated by this actor only */
  readonly analytics: CrossPortfolioAnalytics;
  /** steps not yet taken in, by step: mutated by this actor only */
  readonly pending: Map<number, StepBuffer>;
  /** the next step to take in */
  readonly next: number;
  readonly active: ReadonlySet<string>;
  readonly breaks: number;
}

const buffer = (c: AnalyticsContext, step: number): StepBuffer | undefined => {
  if (step < c.next) return undefined; // a late duplicate of a step already taken in
  let b = c.pending.get(step);
  if (!b) c.pending.set(step, (b = { pmReturns: new Map(), accountEquity: new Map(), signals: [] }));
  return b;
};

/** Whether every input of a step is in: its market data, every active PM and (when tracked) their accounts. */
function complete(c: AnalyticsContext, b: StepBuffer | undefined): b is StepBuffer & { market: NonNullable<StepBuffer['market']> } {
  if (!b?.market) return false;
  const accounts = c.analytics.needs.accounts;
  for (const pm of c.analytics.layout.pms) {
    if (!c.active.has(pm.id)) continue;
    if (!b.pmReturns.has(pm.id)) return false;
    if (accounts && pm.accounts.some((a) => !b.accountEquity.has(`${pm.id}/${a.id}`))) return false;
  }
  return true;
}

/**
 * The analytics actor: an observer of the session (not part of the step barrier). It gathers each
 * step's market data, PM returns, account marks and strategy signals — in any order — and takes
 * the steps in, in order, once complete, into the rolling correlation trackers; it emits every
 * correlation break that began, then the step as done. A PM's signals of a step come from the
 * same connection as, and before, its step_done, so a step with every PM done has its signals.
 */
export const analyticsMachine = setup({
  types: { input: {} as AnalyticsInput, context: {} as AnalyticsContext, events: {} as AnalyticsEvent, emitted: {} as AnalyticsEmitted },
  actions: {
    takeInReady: enqueueActions(({ context: c, enqueue }) => {
      let next = c.next;
      let breaks = c.breaks;
      for (let b = c.pending.get(next); complete(c, b); b = c.pending.get(next)) {
        const found = c.analytics.step({ step: next, date: b.market.date, bars: b.market.bars, pmReturns: b.pmReturns, accountEquity: b.accountEquity, signals: b.signals });
        for (const brk of found) enqueue.emit({ type: 'correlationBreak', brk });
        breaks += found.length;
        enqueue.emit({ type: 'stepDone', step: next, breaks });
        c.pending.delete(next);
        next += 1;
      }
      enqueue.assign({ next, breaks });
    }),
  },
}).createMachine({
  id: 'analytics',
  context: ({ input }) => ({
    analytics: new CrossPortfolioAnalytics(input.layout),
    pending: new Map(),
    next: 0,
    active: new Set(input.layout.pms.map((p) => p.id)),
    breaks: 0,
  }),
  on: {
    marketStep: {
      actions: [
        ({ context, event }) => {
          const b = buffer(context, event.step);
          if (b) b.market = { date: event.date, bars: event.bars };
        },
        'takeInReady',
      ],
    },
    pmStepDone: {
      actions: [({ context, event }) => buffer(context, event.step)?.pmReturns.set(event.pmId, event.stepReturn), 'takeInReady'],
    },
    accountMarked: {
      actions: [({ context, event }) => buffer(context, event.step)?.accountEquity.set(`${event.pmId}/${event.accountId}`, event.equity), 'takeInReady'],
    },
    signal: {
      actions: ({ context, event }) => buffer(context, event.step)?.signals.push({ pmId: event.pmId, strategyId: event.strategyId, symbol: event.symbol, targetQty: event.targetQty }),
    },
    removePm: {
      actions: [
        enqueueActions(({ context, event, enqueue }) => {
          const active = new Set(context.active);
          active.delete(event.pmId);
          enqueue.assign({ active });
        }),
        'takeInReady',
      ],
    },
  },
});
