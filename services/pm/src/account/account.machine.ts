import { enqueueActions, setup } from 'xstate';
import {
  AverageVolume,
  Book,
  checkChildOrders,
  TaxLotBook,
  type ComplianceRecord,
  type ComplianceRule,
  type Dec,
  type Holding,
  type Instrument,
  type ReasonCode,
  type RealizedLot,
  type Side,
  type TaxLot,
  type TaxLotMethod,
} from '@atrium/domain';

/** A child order the PM asks the account to place (its share of a block). */
export interface ChildOrderIn {
  readonly childId: string;
  readonly parentId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly step: number;
  /** lots to relieve first (specific identification) */
  readonly lotIds?: readonly string[];
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
  /** default fifo */
  readonly taxLotMethod?: TaxLotMethod;
  /** every rule the account is held to (inherited ones included); default none */
  readonly rules?: readonly ComplianceRule[];
  /** the symbol master; default: equity, its own issuer */
  readonly instrument?: (symbol: string) => Instrument;
}

const plainInstrument = (symbol: string): Instrument => ({ symbol, sector: 'unclassified', assetClass: 'equity', issuer: symbol });

export type AccountEvent =
  /** `refused`: orders the binding could not even read (malformed), counted with the account's own refusals */
  | { type: 'place'; step: number; orders: readonly ChildOrderIn[]; refused?: readonly ChildResult[]; context: unknown }
  | { type: 'fill'; fillId: string; parentId: string; date: string; symbol: string; side: Side; qty: Dec; price: Dec; commission: Dec }
  | { type: 'canceled' }
  | { type: 'marketStep'; step: number; date: string; last: boolean; close: (symbol: string) => Dec | undefined; volumes?: () => ReadonlyMap<string, Dec> };

export type AccountEmitted =
  /** exactly one per placement, empty when every order was refused: the venue counts them */
  | { type: 'submitRequested'; step: number; orders: readonly ChildOrderIn[]; refused: readonly ChildResult[]; context: unknown }
  | {
      type: 'marked';
      step: number;
      date: string;
      cash: Dec;
      equity: Dec;
      gross: Dec;
      net: Dec;
      /** every position (`changedOnly` false: the first and last mark), or only those fills changed since the last mark, a closed one flat */
      holdings: readonly Holding[];
      changedOnly: boolean;
      lots: LotsMarked;
    }
  | { type: 'compliance'; step: number; date: string; records: readonly ComplianceRecord[] };

/** The tax-lot part of a marked snapshot. */
export interface LotsMarked {
  readonly method: TaxLotMethod;
  /** every open lot, on the last step only */
  readonly open?: readonly TaxLot[];
  /** lot parts this step's fills closed */
  readonly realized: readonly RealizedLot[];
  readonly realizedPnl: Dec;
  /** over the open lots at this close; computed on the last step only */
  readonly unrealizedPnl?: Dec;
}

interface AccountContext {
  readonly input: AccountInput;
  /** cash, positions and P&L: mutated in place by this actor only */
  readonly book: Book;
  /** the same fills as tax lots: mutated in place by this actor only */
  readonly lots: TaxLotBook;
  /** 20-step average volumes, kept only when a rule needs them: mutated by this actor only */
  readonly volumes?: AverageVolume;
  /** where the account is in the session: mutated in place by this actor only */
  readonly now: AccountNow;
}

/**
 * What an account knows of the step it is in, kept in one mutable object of its context: it
 * changes with every close and fill (a thousand accounts, a thousand steps), and copying the
 * context for each would cost more than the account's own work.
 */
interface AccountNow {
  canceled: number;
  /** the last market step: its date and closes (compliance values orders at them) */
  step: number;
  date: string;
  close: (symbol: string) => Dec | undefined;
  /** lot ids of the child orders placed this step, by block order id (fills name their block) */
  readonly lotIdsByParent: Map<string, readonly string[]>;
  /** lot parts this step's fills closed */
  realized: RealizedLot[];
  /** symbols fills traded since the last mark */
  readonly traded: Set<string>;
  /** a mark has been sent (the first one carries every position) */
  marked: boolean;
}

/**
 * One client account of a PM: checks the child orders it is asked to place against its
 * compliance rules (and its lots, for specific-lot orders), submits the ones it accepts to the
 * venue, applies its fills to its book and its tax lots, and is marked at every close.
 */
export const accountMachine = setup({
  types: { input: {} as AccountInput, context: {} as AccountContext, events: {} as AccountEvent, emitted: {} as AccountEmitted },
}).createMachine({
  id: 'account',
  context: ({ input }) => ({
    input,
    book: new Book(input.capital),
    lots: new TaxLotBook(input.taxLotMethod ?? 'fifo'),
    ...(input.rules?.some((r) => r.kind === 'max_adv_pct') ? { volumes: new AverageVolume() } : {}),
    now: { canceled: 0, step: -1, date: '', close: () => undefined, lotIdsByParent: new Map(), realized: [], traded: new Set(), marked: false },
  }),
  on: {
    place: {
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        // The account's compliance rules apply here; an order the account refuses never reaches the venue.
        const refused: ChildResult[] = [...(event.refused ?? [])];
        const valid = event.orders.filter((o) => {
          if (o.qty.lte(0) || !o.qty.isInteger()) {
            refused.push({ childId: o.childId, accepted: false, reason: 'INVALID_QUANTITY', message: `quantity ${o.qty.toString()} must be a positive whole number` });
            return false;
          }
          return true;
        });
        const instrument = c.input.instrument ?? plainInstrument;
        const checked = checkChildOrders(valid, {
          accountId: c.input.accountId,
          rules: c.input.rules ?? [],
          lots: c.lots,
          view: {
            equity: c.book.equity(),
            position: (s) => c.book.qty(s),
            price: (s) => c.now.close(s),
            instrument,
            held: () => c.book.symbols(),
            averageVolume: (s) => c.volumes?.average(s),
          },
        });
        for (const r of checked.refused) refused.push({ childId: r.order.childId, accepted: false, reason: r.reason, message: r.message });
        if (checked.records.length) enqueue.emit({ type: 'compliance', step: event.step, date: c.now.date, records: checked.records });
        const orders = checked.accepted;
        for (const o of orders) if (o.lotIds?.length) c.now.lotIdsByParent.set(o.parentId, o.lotIds);
        enqueue.emit({ type: 'submitRequested', step: event.step, orders, refused, context: event.context });
      }),
    },
    fill: {
      actions: ({ context: c, event }) => {
        const now = c.now;
        c.book.applyFill(event);
        now.traded.add(event.symbol);
        const lotIds = now.lotIdsByParent.get(event.parentId);
        // lots other orders of the step named are theirs: a fill that names none takes them last
        const reserved = now.lotIdsByParent.size ? [...now.lotIdsByParent].flatMap(([parent, ids]) => (parent === event.parentId ? [] : ids)) : [];
        const r = c.lots.applyFill({ ...event, ...(lotIds ? { lotIds } : {}), ...(reserved.length ? { reserved } : {}) });
        for (const x of r.realized) now.realized.push(x);
      },
    },
    canceled: {
      actions: ({ context }) => {
        context.now.canceled += 1;
      },
    },
    marketStep: {
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        const now = c.now;
        c.book.mark(event.close);
        if (c.volumes && event.volumes) for (const [s, v] of event.volumes()) c.volumes.push(s, v);
        // Every close carries cash, equity and exposure, which move with prices; positions change
        // only with fills, so a mark sends those its fills changed (the first and last: all of them).
        // Open lots and unrealised P&L follow from the fills (the audit log): the last mark only.
        const full = event.last || !now.marked;
        const holdings = full ? c.book.holdingsList() : now.traded.size ? c.book.holdingsOf(now.traded) : [];
        now.traded.clear();
        const { gross, net } = c.book.exposure();
        const lots: LotsMarked = {
          method: c.lots.method,
          ...(event.last ? { open: c.lots.openLots() } : {}),
          realized: now.realized,
          realizedPnl: c.lots.realized,
          ...(event.last ? { unrealizedPnl: c.lots.unrealized((s) => c.book.lastPrice(s)) } : {}),
        };
        enqueue.emit({ type: 'marked', step: event.step, date: event.date, cash: c.book.cash, equity: c.book.cash.plus(net), gross, net, holdings, changedOnly: !full, lots });
        // every order of the last step has filled or been canceled by now
        now.step = event.step;
        now.date = event.date;
        now.close = event.close;
        now.lotIdsByParent.clear();
        now.realized = [];
        now.marked = true;
      }),
    },
  },
});
