import { enqueueActions, setup } from 'xstate';
import { Book, type Dec, type Holding, type ReasonCode, type Side } from '@atrium/domain';

/** A child order the PM asks the account to place (its share of a block). */
export interface ChildOrderIn {
  readonly childId: string;
  readonly parentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly step: number;
}

export interface ChildResult {
  readonly childId: string;
  readonly accepted: boolean;
  readonly reason: ReasonCode;
  readonly message: string;
}

export interface AccountInput {
  readonly pmId: string;
  readonly accountId: string;
  readonly capital: Dec;
}

export type AccountEvent =
  | { type: 'place'; step: number; orders: readonly ChildOrderIn[]; replyTo: unknown }
  | { type: 'submitted'; step: number; replyTo: unknown; refused: readonly ChildResult[]; results: readonly ChildResult[] }
  | { type: 'submitFailed'; step: number; replyTo: unknown; refused: readonly ChildResult[]; orders: readonly ChildOrderIn[]; message: string }
  | { type: 'fill'; symbol: string; side: Side; qty: Dec; price: Dec; commission: Dec }
  | { type: 'canceled' }
  | { type: 'marketStep'; step: number; date: string; close: (symbol: string) => Dec | undefined };

export type AccountEmitted =
  | { type: 'submitRequested'; step: number; orders: readonly ChildOrderIn[]; refused: readonly ChildResult[]; replyTo: unknown }
  | { type: 'placeReplied'; step: number; replyTo: unknown; results: readonly ChildResult[] }
  | { type: 'marked'; step: number; date: string; cash: Dec; equity: Dec; holdings: readonly Holding[] };

interface AccountContext {
  readonly input: AccountInput;
  /** cash, positions and P&L: mutated in place by this actor only */
  readonly book: Book;
  readonly canceled: number;
}

/**
 * One client account of a PM: checks the child orders it is asked to place, submits the ones
 * it accepts to the venue, applies its fills, and is marked at every close.
 */
export const accountMachine = setup({
  types: { input: {} as AccountInput, context: {} as AccountContext, events: {} as AccountEvent, emitted: {} as AccountEmitted },
}).createMachine({
  id: 'account',
  context: ({ input }) => ({ input, book: new Book(input.capital), canceled: 0 }),
  on: {
    place: {
      actions: enqueueActions(({ event, enqueue }) => {
        // Account restrictions apply here (issue #3); an order the account refuses never reaches the venue.
        const refused: ChildResult[] = [];
        const orders = event.orders.filter((o) => {
          if (o.qty.lte(0) || !o.qty.isInteger()) {
            refused.push({ childId: o.childId, accepted: false, reason: 'INVALID_QUANTITY', message: `quantity ${o.qty.toString()} must be a positive whole number` });
            return false;
          }
          return true;
        });
        if (orders.length) enqueue.emit({ type: 'submitRequested', step: event.step, orders, refused, replyTo: event.replyTo });
        else enqueue.emit({ type: 'placeReplied', step: event.step, replyTo: event.replyTo, results: refused });
      }),
    },
    submitted: {
      actions: enqueueActions(({ event, enqueue }) => {
        enqueue.emit({ type: 'placeReplied', step: event.step, replyTo: event.replyTo, results: [...event.refused, ...event.results] });
      }),
    },
    submitFailed: {
      actions: enqueueActions(({ event, enqueue }) => {
        const failed = event.orders.map((o) => ({ childId: o.childId, accepted: false, reason: 'VENUE_UNAVAILABLE' as const, message: event.message }));
        enqueue.emit({ type: 'placeReplied', step: event.step, replyTo: event.replyTo, results: [...event.refused, ...failed] });
      }),
    },
    fill: {
      actions: ({ context, event }) => context.book.applyFill(event),
    },
    canceled: {
      actions: enqueueActions(({ context, enqueue }) => enqueue.assign({ canceled: context.canceled + 1 })),
    },
    marketStep: {
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        c.book.mark(event.close);
        enqueue.emit({ type: 'marked', step: event.step, date: event.date, cash: c.book.cash, equity: c.book.equity(), holdings: c.book.holdingsList() });
      }),
    },
  },
});
