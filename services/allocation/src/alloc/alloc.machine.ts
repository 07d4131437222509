import { enqueueActions, setup } from 'xstate';
import { capitalsFromWeights, D, decideWeights, rebalanceDue, splitOrder, tryDecimal, ZERO, type OrderSplit, type Dec, type RebalanceSchedule, type SplitSpec, type WeightInputs, type WeightPolicy } from '@atrium/domain';

export interface AllocInput {
  readonly pmIds: readonly string[];
  /** how weights are decided; absent: PM capitals stay as configured */
  readonly policy?: WeightPolicy;
  /** the policy in words, for the audit log */
  readonly policyText?: string;
  readonly rebalance: RebalanceSchedule;
  /** returns kept per PM */
  readonly lookback: number;
  /** split settings per PM; PMs not listed use `split` */
  readonly splits?: ReadonlyMap<string, SplitSpec>;
  readonly split: SplitSpec;
  readonly firmCapital: Dec;
  /** the weights in force before the first rebalance (configured PM capital / firm capital) */
  readonly initialWeights?: ReadonlyMap<string, number>;
}

export interface SplitItemIn {
  readonly orderId: string;
  readonly side: 'buy' | 'sell' | 'invalid';
  readonly qty: string;
  /** position: the account's signed quantity in the order's symbol ('' = 0) */
  readonly accounts: readonly { readonly id: string; readonly capital: string; readonly position?: string; readonly reduceOnly?: boolean }[];
}

export interface SplitOutcome {
  readonly orderId: string;
  readonly method: string;
  readonly lot: Dec;
  readonly split?: OrderSplit;
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
  | {
      type: 'weights';
      seq: number;
      step: number;
      date: string;
      method: string;
      requestedMethod: string;
      note: string;
      weights: readonly PmWeight[];
      firmEquity: Dec;
      unallocated: number;
      inputs: WeightInputs;
      policy: string;
    }
  | { type: 'stepDone'; step: number; weightsSeq: number };

interface AllocContext {
  readonly input: AllocInput;
  readonly active: readonly string[];
  readonly returns: ReadonlyMap<string, readonly number[]>;
  /** each PM's time-weighted NAV (from 1) and its peak, for drawdowns */
  readonly nav: ReadonlyMap<string, { readonly nav: number; readonly peak: number }>;
  /** the weights in force, per PM */
  readonly weights: ReadonlyMap<string, number>;
  /** rotation splits: per PM, the last account that got an odd lot */
  readonly rotation: ReadonlyMap<string, string>;
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

/**
 * Splits every item of a request with the PM's split settings (`splitOrder`: the part that
 * reduces the accounts' positions by their holdings, the rest by the method), carrying the
 * rotation cursor from item to item; a bad item gets an error, never an exception. Returns the
 * cursor after the last item; pure.
 */
export function splitItems(items: readonly SplitItemIn[], spec: SplitSpec, rotationAfter?: string): { outcomes: SplitOutcome[]; rotation?: string } {
  let rotation = rotationAfter;
  const outcomes = items.map((it): SplitOutcome => {
    const base = { orderId: it.orderId, method: spec.method, lot: spec.lot };
    const qty = tryDecimal(it.qty);
    if (!qty || qty.lte(0) || !qty.isInteger()) return { ...base, error: `quantity ${JSON.stringify(it.qty)} is not a positive whole number` };
    if (it.side === 'invalid') return { ...base, error: 'side must be buy or sell' };
    const accounts = [];
    for (const a of it.accounts) {
      const c = tryDecimal(a.capital);
      if (!c) return { ...base, error: `account ${a.id}: capital ${JSON.stringify(a.capital)} is not a decimal` };
      const p = a.position ? tryDecimal(a.position) : ZERO;
      if (!p) return { ...base, error: `account ${a.id}: position ${JSON.stringify(a.position)} is not a decimal` };
      accounts.push({ id: a.id, capital: c, position: p, ...(a.reduceOnly ? { reduceOnly: true } : {}) });
    }
    try {
      const split = splitOrder(qty, it.side, accounts, spec, rotation);
      rotation = split.rotation;
      return { ...base, split };
    } catch (err) {
      return { ...base, error: (err as Error).message };
    }
  });
  return { outcomes, ...(rotation !== undefined ? { rotation } : {}) };
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
      const policy = c.input.policy;
      if (policy && c.active.length > 0 && rebalanceDue(c.input.rebalance, c.date, c.nextDate)) {
        const d = decideWeights(policy, {
          ids: c.active,
          returns: c.active.map((pm) => c.returns.get(pm) ?? []),
          previous: c.active.map((pm) => c.weights.get(pm) ?? 0),
          drawdowns: c.active.map((pm) => {
            const x = c.nav.get(pm);
            return x && x.peak > 0 ? 1 - x.nav / x.peak : 0;
          }),
        });
        const firmEquity = c.input.firmCapital.plus(c.cumPnl);
        const capitals = capitalsFromWeights(firmEquity, d.weights, d.unallocated);
        seq += 1;
        enqueue.assign({ weights: new Map(c.active.map((pm, i) => [pm, d.weights[i]!])) });
        enqueue.emit({
          type: 'weights',
          seq,
          step: c.step,
          date: c.date,
          method: d.method,
          requestedMethod: policy.method,
          note: d.note,
          firmEquity,
          unallocated: d.unallocated,
          inputs: d.inputs,
          policy: c.input.policyText ?? policy.method,
          weights: c.active.map((pmId, i) => ({ pmId, weight: d.weights[i]!, capital: capitals[i]! })),
        });
      }
      const rest = new Map([...c.done].filter(([step]) => step > c.step));
      enqueue.assign({ seq, reported: c.step, done: rest });
      enqueue.emit({ type: 'stepDone', step: c.step, weightsSeq: seq });
    }),
  },
}).createMachine({
  id: 'allocation',
  context: ({ input }) => ({
    input,
    active: [...input.pmIds],
    returns: new Map(),
    nav: new Map(),
    weights: new Map(input.initialWeights ?? input.pmIds.map((pm) => [pm, 1 / input.pmIds.length])),
    rotation: new Map(),
    cumPnl: ZERO,
    step: -1,
    date: '',
    nextDate: '',
    done: new Map(),
    reported: -1,
    seq: 0,
  }),
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
          const prev = c.nav.get(event.pmId) ?? { nav: 1, peak: 1 };
          const nav = prev.nav * (1 + event.stepReturn);
          const done = new Map(c.done);
          done.set(event.step, new Set(done.get(event.step) ?? []).add(event.pmId));
          enqueue.assign({ returns, nav: new Map(c.nav).set(event.pmId, { nav, peak: Math.max(prev.peak, nav) }), cumPnl: c.cumPnl.plus(event.pnl), done });
        }),
        'maybeFinishStep',
      ],
    },
    split: {
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        const spec = c.input.splits?.get(event.pmId) ?? c.input.split;
        const r = splitItems(event.items, spec, c.rotation.get(event.pmId));
        if (r.rotation !== undefined && r.rotation !== c.rotation.get(event.pmId)) enqueue.assign({ rotation: new Map(c.rotation).set(event.pmId, r.rotation) });
        enqueue.emit({ type: 'splitDone', replyTo: event.replyTo, outcomes: r.outcomes });
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
