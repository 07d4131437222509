import { enqueueActions, setup } from 'xstate';
import { ApprovalBook, limitParticipation, matchAtOpen, validateChildOrder, D, type Approval, type Bar, type CancelEvent, type ChildOrderSpec, type FillEvent, type FillModel, type MarketStepData, type ParticipationLimit, type ReasonCode, type Side } from '@atrium/domain';

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
  /** master-risk's approvals of one batch (from its decision log) */
  | { type: 'decided'; step: number; approvals: readonly Approval[] }
  /** `placements`: how many submission batches of this step the PM's accounts send; `approved`: how many block orders master-risk approved it */
  | { type: 'pmStepDone'; pmId: string; step: number; placements: number; approved?: number }
  | { type: 'allocStepDone'; step: number; weightsSeq: number }
  | { type: 'removePm'; pmId: string };

export type VenueEmitted =
  /** a batch was taken in (once its PM's approvals are known): the accepted orders wait for the next open, the rest are refused */
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
  /** PMs done with the step: how many submission batches each said its accounts send, and how many block orders master-risk approved it */
  readonly donePms: ReadonlyMap<string, { readonly placements: number; readonly approved: number }>;
  /** this step's approvals from master-risk's decision log: mutated in place by this actor only */
  readonly approvals: ApprovalBook;
  /** submission batches waiting for their PM's approvals (its step_done, and that many approvals seen) */
  readonly held: readonly Held[];
  /** submission batches received this step, per PM */
  readonly batches: ReadonlyMap<string, number>;
  readonly allocDone: boolean;
  readonly weightsSeq: number;
}

interface Held {
  readonly pmId: string;
  readonly orders: readonly SubmittedOrder[];
  readonly context: unknown;
}

type Received = Extract<VenueEmitted, { type: 'received' }>;

/** Every approval of the PM's step is known: its step_done said how many, and that many have come. */
function approvalsKnown(c: VenueContext, pmId: string): boolean {
  const done = c.donePms.get(pmId);
  return done !== undefined && c.approvals.approvedCount(pmId) >= done.approved;
}

/**
 * Takes in one submission batch: each order is validated, then takes its quantity from its block
 * order's approval (refused NOT_APPROVED without one, or beyond it). Consumes approvals.
 */
function takeIn(c: VenueContext, b: Held): Received {
  const results: OrderResult[] = [];
  const accepted: ChildOrderSpec[] = [];
  const refused: SubmittedOrder[] = [];
  for (const o of b.orders) {
    const bad = validateChildOrder(o, c.step, c.knownSymbols);
    const order = bad ? undefined : { ...o, side: o.side as Side, qty: new D(o.qty) };
    const why = bad ?? c.approvals.take(order!);
    if (why) {
      results.push({ childId: o.childId, accepted: false, ...why });
      refused.push(o);
      continue;
    }
    accepted.push(order!);
    results.push({ childId: o.childId, accepted: true, reason: 'OK', message: 'accepted' });
  }
  return { type: 'received', context: b.context, results, accepted, refused };
}

function barrierComplete(c: VenueContext): boolean {
  if (!c.allocDone) return false;
  for (const pm of c.active) {
    const done = c.donePms.get(pm);
    if (done === undefined || (c.batches.get(pm) ?? 0) < done.placements) return false;
    // a PM with child orders out: the venue must know every approval before it fills any
    if (done.placements > 0 && !approvalsKnown(c, pm)) return false;
  }
  return true;
}

/**
 * The venue: replays the data step by step behind the step barrier (step t+1 is published only
 * after every active PM and allocation finished step t), accepts child market orders during a
 * step and fills them at the next step's open — within the participation limit, if any (the
 * rest is canceled VOLUME_LIMIT). Fills and cancels of a step go out before its
 * market data, so whoever sees step t has seen all of t's fills.
 *
 * Only what master-risk approved fills: the venue learns each step's approvals from the decision
 * log, and takes in a PM's submission batches once it knows all of that PM's approvals (its
 * step_done says how many); a child order whose block order was not approved to its PM, symbol
 * and side, or beyond the approved quantity, is refused NOT_APPROVED. A batch that comes before
 * its PM's approvals waits for them (never longer than the step: at the barrier it is taken in
 * with what is known), so a legitimate child order never loses a race with its decision.
 */
export const venueMachine = setup({
  types: { input: {} as VenueInput, context: {} as VenueContext, events: {} as VenueEvent, emitted: {} as VenueEmitted },
  actions: {
    advance: enqueueActions(({ context: c, enqueue }) => {
      const next = c.step + 1;
      // batches still waiting for approvals (none from a PM that placed: the barrier waited) are taken in with what is known
      let pending = c.pending;
      for (const b of c.held) {
        const r = takeIn(c, b);
        pending = [...pending, ...r.accepted];
        enqueue.emit(r);
      }
      c.approvals.clear();
      if (next >= c.steps.length) {
        const cancels: CancelEvent[] = pending.map((order) => ({ order, reason: 'END_OF_DATA', message: 'the session ended before the order could fill', step: c.step }));
        enqueue.assign({ pending: [], held: [], step: c.steps.length });
        enqueue.emit({ type: 'ended', steps: c.steps.length, cancels });
        return;
      }
      const data = c.steps[next]!;
      const limited = c.participation ? limitParticipation(pending, data, c.participation, next) : { orders: pending, cancels: [] };
      const matched = matchAtOpen(limited.orders, next, data, c.fillModel);
      const fills = matched.fills;
      const cancels = [...limited.cancels, ...matched.cancels];
      enqueue.assign({ step: next, pending: [], held: [], donePms: new Map(), batches: new Map(), allocDone: false });
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
    /** takes in the held batches of PMs whose approvals are now all known */
    takeInHeld: enqueueActions(({ context: c, enqueue }) => {
      if (!c.held.length) return;
      let pending = c.pending;
      const held: Held[] = [];
      for (const b of c.held) {
        if (!approvalsKnown(c, b.pmId)) {
          held.push(b);
          continue;
        }
        const r = takeIn(c, b);
        pending = [...pending, ...r.accepted];
        enqueue.emit(r);
      }
      enqueue.assign({ pending, held });
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
    approvals: new ApprovalBook(),
    held: [],
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
              const batch: Held = { pmId: event.pmId, orders: event.orders, context: event.context };
              // a batch for this step counts toward its PM's placements (a stale one does not)
              if (event.step === c.step) enqueue.assign({ batches: new Map(c.batches).set(event.pmId, (c.batches.get(event.pmId) ?? 0) + 1) });
              if (!approvalsKnown(c, event.pmId)) {
                enqueue.assign({ held: [...c.held, batch] });
                return;
              }
              const r = takeIn(c, batch);
              if (r.accepted.length) enqueue.assign({ pending: [...c.pending, ...r.accepted] });
              enqueue.emit(r);
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
              enqueue.assign({ donePms: new Map(c.donePms).set(event.pmId, { placements: event.placements, approved: event.approved ?? 0 }) });
            }),
            'takeInHeld',
            enqueueActions(({ check, enqueue }) => {
              if (check('barrierComplete')) enqueue('advance');
            }),
          ],
        },
        decided: {
          guard: ({ context, event }) => event.step === context.step,
          actions: [
            ({ context, event }) => {
              for (const a of event.approvals) context.approvals.approve(a);
            },
            'takeInHeld',
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
