import { enqueueActions, setup } from 'xstate';
import { decideWeights, D, rebalanceDue, splitProRata, tryDecimal, ZERO, type Dec, type RebalanceSchedule, type Split, type WeightMethod } from '@atrium/domain';

export interface AllocInput {
  readonly pmIds: readonly string[];
  readonly method?: WeightMethod;
  readonly rebalance: RebalanceSchedule;
  readonly lookback: number;
  readonly lot: Dec;
  readonly firmCapital: Dec;
}

export interface SplitItemIn {
  readonly orderId: string;
  readonly qty: string;
  readonly accounts: readonly { readonly id: string; readonly capital: string }[];
}

export interface SplitOutcome {
  readonly orderId: string;
  readonly split?: Split;
  readonly error?: string;
}

export interface PmWeight {
  readonly pmId: string;
  readonly weight: number;
  readonly capital: Dec;
}

export type AllocEvent =
  | { type: 'marketStep'; step: number; date: string; nextDate: string }
  | { type: 'pmStepDone'; pmId: string; step: number; stepReturn: number; pnl: Dec }
  | { type: 'split'; pmId: string; step: number; items: readonly SplitItemIn[]; replyTo: unknown }
  | { type: 'removePm'; pmId: string };

export type AllocEmitted =
  | { type: 'splitDone'; replyTo: unknown; outcomes: readonly SplitOutcome[] }
  | { type: 'weights'; seq: number; step: number; date: string; method: string; note: string; weights: readonly PmWeight[]; firmEquity: Dec }
  | { type: 'stepDone'; step: number; weightsSeq: number };

interface AllocContext {
  readonly input: AllocInput;
  readonly active: readonly string[];
  readonly returns: ReadonlyMap<string, readonly number[]>;
  readonly cumPnl: Dec;
  /** the step whose market data was seen last, its date and the next step's date */
  readonly step: number;
  readonly date: string;
  readonly nextDate: string;
  /** PMs done, per step (a step_done may arrive before that step's market data) */
  readonly done: ReadonlyMap<number, ReadonlySet<string>>;
  /** the last step allocation reported done */
  readonly reported: number;
  readonly seq: number;
}

/** Splits every item of a request; a bad item gets an error, never an exception; pure. */
export function splitItems(items: readonly SplitItemIn[], lot: Dec): SplitOutcome[] {
  return items.map((it) => {
    const qty = tryDecimal(it.qty);
    if (!qty || qty.lte(0) || !qty.isInteger()) return { orderId: it.orderId, error: `quantity ${JSON.stringify(it.qty)} is not a positive whole number` };
    const accounts = [];
    for (const a of it.accounts) {
      const c = tryDecimal(a.capital);
      if (!c) return { orderId: it.orderId, error: `account ${a.id}: capital ${JSON.stringify(a.capital)} is not a decimal` };
      accounts.push({ id: a.id, capital: c });
    }
    try {
      return { orderId: it.orderId, split: splitProRata(qty, accounts, lot) };
    } catch (err) {
      return { orderId: it.orderId, error: (err as Error).message };
    }
  });
}

/**
 * Allocation: splits approved block orders across a PM's accounts, and re-weights PM capital
 * on its schedule from the PMs' step returns. It takes part in the step barrier: after every
 * active PM has finished step t (and t's market data is in) it decides whether new weights
 * apply from step t+1, publishes them, then reports t done with the weights sequence in force.
 */
export const allocMachine = setup({
  types: { input: {} as AllocInput, context: {} as AllocContext, events: {} as AllocEvent, emitted: {} as AllocEmitted },
  actions: {
    maybeFinishStep: enqueueActions(({ context: c, enqueue }) => {
      if (c.step < 0 || c.reported >= c.step) return;
      const done = c.done.get(c.step) ?? new Set<string>();
      for (const pm of c.active) if (!done.has(pm)) return;
      let seq = c.seq;
      const m = c.input.method;
      if (m && c.active.length > 0 && rebalanceDue(c.input.rebalance, c.date, c.nextDate)) {
        const r = decideWeights({ method: m, lookback: c.input.lookback }, { ids: c.active, returns: c.active.map((pm) => c.returns.get(pm) ?? []), previous: [], drawdowns: [] });
        const firmEquity = c.input.firmCapital.plus(c.cumPnl);
        seq += 1;
        enqueue.emit({
          type: 'weights',
          seq,
          step: c.step,
          date: c.date,
          method: r.method,
          note: r.note,
          firmEquity,
          weights: c.active.map((pmId, i) => ({ pmId, weight: r.weights[i]!, capital: firmEquity.times(r.weights[i]!).toDecimalPlaces(2, D.ROUND_DOWN) })),
        });
      }
      const rest = new Map([...c.done].filter(([step]) => step > c.step));
      enqueue.assign({ seq, reported: c.step, done: rest });
      enqueue.emit({ type: 'stepDone', step: c.step, weightsSeq: seq });
    }),
  },
}).createMachine({
  id: 'allocation',
  context: ({ input }) => ({ input, active: [...input.pmIds], returns: new Map(), cumPnl: ZERO, step: -1, date: '', nextDate: '', done: new Map(), reported: -1, seq: 0 }),
  on: {
    marketStep: {
      actions: [
        enqueueActions(({ event, enqueue }) => {
          enqueue.assign({ step: event.step, date: event.date, nextDate: event.nextDate });
        }),
        'maybeFinishStep',
      ],
    },
    pmStepDone: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          const returns = new Map(c.returns);
          returns.set(event.pmId, [...(returns.get(event.pmId) ?? []), event.stepReturn].slice(-Math.max(c.input.lookback, 1)));
          const done = new Map(c.done);
          done.set(event.step, new Set(done.get(event.step) ?? []).add(event.pmId));
          enqueue.assign({ returns, cumPnl: c.cumPnl.plus(event.pnl), done });
        }),
        'maybeFinishStep',
      ],
    },
    split: {
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        enqueue.emit({ type: 'splitDone', replyTo: event.replyTo, outcomes: splitItems(event.items, c.input.lot) });
      }),
    },
    removePm: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          enqueue.assign({ active: c.active.filter((p) => p !== event.pmId) });
        }),
        'maybeFinishStep',
      ],
    },
  },
});
