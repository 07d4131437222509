import { enqueueActions, setup } from 'xstate';
import { checkFirmOrder, FirmBook, ZERO, type Dec, type FirmDecision, type FirmLimits, type OrderToCheck, type Side } from '@atrium/domain';

/**
 * How batches of one step are ordered when limits are contended:
 * `pm_order` decides PMs' batches in config order (deterministic: backtests), `arrival` decides
 * each as it arrives (paper and live trading).
 */
export type Sequencing = 'pm_order' | 'arrival';

export interface RiskInput {
  readonly firmCapital: Dec;
  readonly limits: FirmLimits;
  /** PMs in decision order */
  readonly pmIds: readonly string[];
  readonly symbols: ReadonlySet<string>;
  readonly sequencing: Sequencing;
}

export interface CheckBatch {
  readonly pmId: string;
  readonly step: number;
  readonly orders: readonly OrderToCheck[];
  readonly replyTo: unknown;
}

export type RiskEvent =
  | { type: 'marketStep'; step: number; date: string; closes: readonly (readonly [string, Dec])[] }
  | { type: 'fill'; symbol: string; side: Side; qty: Dec }
  | ({ type: 'check' } & CheckBatch)
  | { type: 'pmStepDone'; pmId: string; step: number }
  | { type: 'removePm'; pmId: string };

export type RiskEmitted =
  | { type: 'decided'; batch: CheckBatch; decisions: readonly FirmDecision[] }
  | { type: 'book'; step: number; date: string; book: FirmBook };

interface RiskContext {
  readonly input: RiskInput;
  /** the firm book: mutated in place by this actor only */
  readonly book: FirmBook;
  readonly knownPms: ReadonlySet<string>;
  readonly step: number;
  readonly queued: ReadonlyMap<string, CheckBatch>;
  readonly done: ReadonlySet<string>;
  /** index in pmIds of the next PM whose batch may be decided this step */
  readonly next: number;
}

const key = (step: number, pm: string) => `${step}:${pm}`;

/** Decides one batch against the book, reserving approvals as it goes. */
function decide(c: RiskContext, batch: CheckBatch): FirmDecision[] {
  const ctx = { firmCapital: c.input.firmCapital, knownPms: c.knownPms, knownSymbols: c.input.symbols };
  return batch.orders.map((o) => {
    const d = checkFirmOrder(c.book, c.input.limits, ctx, o);
    if (d.decision !== 'denied') c.book.reserve({ orderId: o.orderId, pmId: o.pmId, symbol: o.symbol, side: o.side as Side, qty: d.approvedQty, step: o.step });
    return d;
  });
}

function denyAll(batch: CheckBatch, reason: 'STALE_STEP' | 'UNKNOWN_PM', message: string, c: RiskContext): FirmDecision[] {
  const gross = c.book.exposure().gross;
  return batch.orders.map((o) => ({ orderId: o.orderId, decision: 'denied', reason, message, approvedQty: ZERO, grossAfter: gross }));
}

/**
 * Master-risk: the single writer of the firm book. Applies fills, marks at each step's closes,
 * releases the previous step's reservations when a new step begins (all of its orders have
 * filled or been canceled by then), and decides PM batches with check-and-reserve.
 */
export const riskMachine = setup({
  types: { input: {} as RiskInput, context: {} as RiskContext, events: {} as RiskEvent, emitted: {} as RiskEmitted },
  actions: {
    drain: enqueueActions(({ context: c, enqueue }) => {
      if (c.step < 0) return;
      const queued = new Map(c.queued);
      let next = c.next;
      const pms = c.input.pmIds;
      if (c.input.sequencing === 'arrival') {
        for (const [k, batch] of queued) {
          if (batch.step !== c.step) continue;
          queued.delete(k);
          enqueue.emit({ type: 'decided', batch, decisions: decide(c, batch) });
        }
      } else {
        while (next < pms.length) {
          const pm = pms[next]!;
          const k = key(c.step, pm);
          const batch = queued.get(k);
          if (batch) {
            queued.delete(k);
            enqueue.emit({ type: 'decided', batch, decisions: decide(c, batch) });
          } else if (!c.done.has(k) && c.knownPms.has(pm)) {
            break;
          }
          next += 1;
        }
      }
      enqueue.assign({ queued, next });
    }),
  },
}).createMachine({
  id: 'master-risk',
  context: ({ input }) => ({
    input,
    book: new FirmBook(),
    knownPms: new Set(input.pmIds),
    step: -1,
    queued: new Map(),
    done: new Set(),
    next: 0,
  }),
  on: {
    fill: {
      actions: ({ context, event }) => context.book.applyFill(event.symbol, event.side, event.qty),
    },
    marketStep: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          c.book.releaseThrough(event.step - 1);
          for (const [symbol, close] of event.closes) c.book.setPrice(symbol, close);
          const done = new Set([...c.done].filter((k) => Number(k.slice(0, k.indexOf(':'))) >= event.step));
          enqueue.assign({ step: event.step, next: 0, done });
          enqueue.emit({ type: 'book', step: event.step, date: event.date, book: c.book });
        }),
        'drain',
      ],
    },
    check: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          const batch: CheckBatch = { pmId: event.pmId, step: event.step, orders: event.orders, replyTo: event.replyTo };
          if (!c.knownPms.has(batch.pmId)) {
            enqueue.emit({ type: 'decided', batch, decisions: denyAll(batch, 'UNKNOWN_PM', `unknown PM ${JSON.stringify(batch.pmId)}`, c) });
          } else if (c.step >= 0 && batch.step < c.step) {
            enqueue.emit({ type: 'decided', batch, decisions: denyAll(batch, 'STALE_STEP', `batch for step ${batch.step} arrived during step ${c.step}`, c) });
          } else {
            enqueue.assign({ queued: new Map(c.queued).set(key(batch.step, batch.pmId), batch) });
          }
        }),
        'drain',
      ],
    },
    pmStepDone: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          enqueue.assign({ done: new Set(c.done).add(key(event.step, event.pmId)) });
        }),
        'drain',
      ],
    },
    removePm: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          const knownPms = new Set([...c.knownPms].filter((p) => p !== event.pmId));
          enqueue.assign({ knownPms });
        }),
        'drain',
      ],
    },
  },
});
