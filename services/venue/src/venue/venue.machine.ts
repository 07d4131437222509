import { enqueueActions, setup } from 'xstate';
import { limitParticipation, matchAtOpen, validateChildOrder, D, type Bar, type CancelEvent, type ChildOrderSpec, type FillEvent, type FillModel, type MarketStepData, type ParticipationLimit, type ReasonCode, type Side } from '@atrium/domain';

/** A child order as submitted, before validation (text quantity, side maybe invalid). */
export interface SubmittedOrder {
  readonly childId: string;
  readonly parentId: string;
  readonly pmId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side | 'invalid';
  readonly qty: string;
  readonly step: number;
}

export interface OrderResult {
  readonly childId: string;
  readonly accepted: boolean;
  readonly reason: ReasonCode;
  readonly message: string;
}

export interface VenueInput {
  readonly steps: readonly MarketStepData[];
  readonly fillModel: FillModel;
  /** PMs that take part in the step barrier */
  readonly pmIds: readonly string[];
  /** execution.max_participation_pct: fill at most this share of a bar's volume (absent: unlimited) */
  readonly participation?: ParticipationLimit;
}

export type VenueEvent =
  | { type: 'start' }
  /** one account's submission batch (exactly one per placement, possibly empty) */
  | { type: 'submit'; pmId: string; step: number; orders: readonly SubmittedOrder[]; context: unknown }
  /** `placements`: how many submission batches of this step the PM's accounts send */
  | { type: 'pmStepDone'; pmId: string; step: number; placements: number }
  | { type: 'allocStepDone'; step: number; weightsSeq: number }
  | { type: 'removePm'; pmId: string };

export type VenueEmitted =
  /** a batch was taken in: the accepted orders wait for the next open, the rest are refused */
  | { type: 'received'; context: unknown; results: readonly OrderResult[]; accepted: readonly ChildOrderSpec[]; refused: readonly SubmittedOrder[] }
  | {
      type: 'stepReady';
      step: number;
      date: string;
      nextDate: string;
      bars: readonly Bar[];
      fills: readonly FillEvent[];
      cancels: readonly CancelEvent[];
      weightsSeq: number;
      totalSteps: number;
    }
  | { type: 'ended'; steps: number; cancels: readonly CancelEvent[] };

interface VenueContext {
  readonly steps: readonly MarketStepData[];
  readonly fillModel: FillModel;
  readonly participation?: ParticipationLimit;
  readonly knownSymbols: ReadonlySet<string>;
  readonly active: ReadonlySet<string>;
  /** current step; -1 before the session starts */
  readonly step: number;
  readonly pending: readonly ChildOrderSpec[];
  /** PMs done with the step, and how many submission batches each said its accounts send */
  readonly donePms: ReadonlyMap<string, number>;
  /** submission batches received this step, per PM */
  readonly batches: ReadonlyMap<string, number>;
  readonly allocDone: boolean;
  readonly weightsSeq: number;
}

function barrierComplete(c: VenueContext): boolean {
  if (!c.allocDone) return false;
  for (const pm of c.active) {
    const placements = c.donePms.get(pm);
    if (placements === undefined || (c.batches.get(pm) ?? 0) < placements) return false;
  }
  return true;
}

/**
 * The venue: replays the data step by step behind the step barrier (step t+1 is published only
 * after every active PM and allocation finished step t), accepts child market orders during a
 * step and fills them at the next step's open — within the participation limit, if any (the
 * rest is canceled VOLUME_LIMIT). Fills and cancels of a step go out before its
 * market data, so whoever sees step t has seen all of t's fills.
 */
export const venueMachine = setup({
  types: { input: {} as VenueInput, context: {} as VenueContext, events: {} as VenueEvent, emitted: {} as VenueEmitted },
  actions: {
    advance: enqueueActions(({ context: c, enqueue }) => {
      const next = c.step + 1;
      if (next >= c.steps.length) {
        const cancels: CancelEvent[] = c.pending.map((order) => ({ order, reason: 'END_OF_DATA', message: 'the session ended before the order could fill', step: c.step }));
        enqueue.assign({ pending: [], step: c.steps.length });
        enqueue.emit({ type: 'ended', steps: c.steps.length, cancels });
        return;
      }
      const data = c.steps[next]!;
      const limited = c.participation ? limitParticipation(c.pending, data, c.participation, next) : { orders: c.pending, cancels: [] };
      const matched = matchAtOpen(limited.orders, next, data, c.fillModel);
      const fills = matched.fills;
      const cancels = [...limited.cancels, ...matched.cancels];
      enqueue.assign({ step: next, pending: [], donePms: new Map(), batches: new Map(), allocDone: false });
      enqueue.emit({
        type: 'stepReady',
        step: next,
        date: data.date,
        nextDate: c.steps[next + 1]?.date ?? '',
        bars: data.bars,
        fills,
        cancels,
        weightsSeq: c.weightsSeq,
        totalSteps: c.steps.length,
      });
    }),
  },
  guards: {
    barrierComplete: ({ context }) => barrierComplete(context),
  },
}).createMachine({
  id: 'venue',
  context: ({ input }) => ({
    steps: input.steps,
    fillModel: input.fillModel,
    ...(input.participation ? { participation: input.participation } : {}),
    knownSymbols: new Set(input.steps.flatMap((s) => s.bars.map((b) => b.symbol))),
    active: new Set(input.pmIds),
    step: -1,
    pending: [],
    donePms: new Map(),
    batches: new Map(),
    allocDone: false,
    weightsSeq: 0,
  }),
  initial: 'ready',
  states: {
    ready: {
      on: { start: { target: 'running', actions: 'advance' } },
    },
    running: {
      always: { guard: ({ context }) => context.step >= context.steps.length, target: 'ended' },
      on: {
        submit: {
          actions: [
            enqueueActions(({ context: c, event, enqueue }) => {
              const results: OrderResult[] = [];
              const accepted: ChildOrderSpec[] = [];
              const refused: SubmittedOrder[] = [];
              for (const o of event.orders) {
                const bad = validateChildOrder(o, c.step, c.knownSymbols);
                if (bad) {
                  results.push({ childId: o.childId, accepted: false, ...bad });
                  refused.push(o);
                  continue;
                }
                accepted.push({ ...o, side: o.side as Side, qty: new D(o.qty) });
                results.push({ childId: o.childId, accepted: true, reason: 'OK', message: 'accepted' });
              }
              if (accepted.length) enqueue.assign({ pending: [...c.pending, ...accepted] });
              // a batch for this step counts toward its PM's placements (a stale one does not)
              if (event.step === c.step) enqueue.assign({ batches: new Map(c.batches).set(event.pmId, (c.batches.get(event.pmId) ?? 0) + 1) });
              enqueue.emit({ type: 'received', context: event.context, results, accepted, refused });
            }),
            enqueueActions(({ check, enqueue }) => {
              if (check('barrierComplete')) enqueue('advance');
            }),
          ],
        },
        pmStepDone: {
          guard: ({ context, event }) => event.step === context.step && context.active.has(event.pmId),
          actions: [
            enqueueActions(({ context: c, event, enqueue }) => {
              enqueue.assign({ donePms: new Map(c.donePms).set(event.pmId, event.placements) });
            }),
            enqueueActions(({ check, enqueue }) => {
              if (check('barrierComplete')) enqueue('advance');
            }),
          ],
        },
        allocStepDone: {
          guard: ({ context, event }) => event.step === context.step,
          actions: [
            enqueueActions(({ event, enqueue }) => {
              enqueue.assign({ allocDone: true, weightsSeq: event.weightsSeq });
            }),
            enqueueActions(({ check, enqueue }) => {
              if (check('barrierComplete')) enqueue('advance');
            }),
          ],
        },
        removePm: {
          actions: [
            enqueueActions(({ context: c, event, enqueue }) => {
              enqueue.assign({ active: new Set([...c.active].filter((p) => p !== event.pmId)) });
            }),
            enqueueActions(({ context, check, enqueue }) => {
              if (context.step >= 0 && check('barrierComplete')) enqueue('advance');
            }),
          ],
        },
      },
    },
    ended: { type: 'final' },
  },
});
