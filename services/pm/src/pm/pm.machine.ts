import { enqueueActions, setup } from 'xstate';
import {
  AccountPositions,
  BlotterSleeves,
  Book,
  splitAccounts,
  type ComplianceRecord,
  type ComplianceRule,
  type Instrument,
  ACTIVE_STATE,
  D,
  decText,
  drawdownBreached,
  sameState,
  planBlockOrders,
  planBlotterOrders,
  StrategyBook,
  stepPricesOf,
  tryDecimal,
  ZERO,
  type Bar,
  type DecisionKind,
  type Dec,
  type Holding,
  type PmAdjustment,
  type PmLimits,
  type ReasonCode,
  type ScopeState,
  type SeqState,
  type Side,
  type StrategyConfig,
  type TargetSignal,
  type TradingState,
} from '@atrium/domain';

export interface PmAccount {
  readonly id: string;
  readonly capital: Dec;
  /** the account's compliance rules (inherited included): hard ones may leave it out of a split */
  readonly rules?: readonly ComplianceRule[];
}

export interface PmInput {
  readonly pmId: string;
  readonly capital: Dec;
  readonly limits: PmLimits;
  readonly strategies: readonly StrategyConfig[];
  readonly accounts: readonly PmAccount[];
  /** the symbol master (asset classes for compliance); default: equity, its own issuer */
  readonly instrument?: (symbol: string) => Instrument;
}

/** A block order as the PM sends it to master-risk. */
export interface BlockOrderOut {
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly refPrice: Dec;
  readonly strategyIds: readonly string[];
  /** the one account a directed order is for (scheduled_orders with params.account) */
  readonly account?: string;
  /** lots a blotter order closes (specific identification) */
  readonly lotIds?: readonly string[];
}

export interface DecisionIn {
  readonly orderId: string;
  readonly decision: DecisionKind;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly approvedQty: string;
}

export interface SplitIn {
  readonly orderId: string;
  readonly allocations: readonly { readonly accountId: string; readonly qty: string }[];
  readonly error: string;
}

export interface ChildOrderOut {
  readonly childId: string;
  readonly parentId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly lotIds?: readonly string[];
}

/** What a PM reports when it has finished a step. */
export interface StepSummary {
  readonly step: number;
  readonly date: string;
  readonly equity: Dec;
  readonly capital: Dec;
  readonly pnl: Dec;
  readonly stepReturn: number;
  /** every position (`changedOnly` false: the first and last step), or only those fills changed since the last step_done, a closed one flat */
  readonly holdings: readonly Holding[];
  readonly changedOnly: boolean;
  readonly ordersSent: number;
  readonly ordersApproved: number;
  /** accounts placed with (the venue waits for one submission batch from each) */
  readonly placements: number;
  readonly state: TradingState;
  readonly gross: Dec;
  readonly net: Dec;
}

export type PmEvent =
  | { type: 'capital'; seq: number; capital: Dec; weight: number }
  | { type: 'fill'; symbol: string; side: Side; qty: Dec; price: Dec; commission: Dec; accountId?: string; parentId?: string }
  | { type: 'marketStep'; step: number; date: string; bars: readonly Bar[]; weightsSeq: number; last?: boolean }
  | { type: 'riskDecided'; decisions: readonly DecisionIn[] }
  | { type: 'riskUnavailable'; message: string }
  | { type: 'splitDone'; results: readonly SplitIn[] }
  | { type: 'splitUnavailable'; message: string }
  /** master-risk's command for this PM (seq counts the PM's commands: an older one is ignored) */
  | { type: 'setState'; state: ScopeState; seq: number };

export type PmEmitted =
  | { type: 'signal'; step: number; date: string; signal: TargetSignal }
  | { type: 'adjusted'; step: number; adjustment: PmAdjustment }
  /** the step's block orders to master-risk, with the state the PM planned them in (orders may be empty when only the state is news) */
  | { type: 'checkRequested'; step: number; orders: readonly BlockOrderOut[]; capital: Dec; equity: Dec; state: SeqState }
  | {
      type: 'splitRequested';
      step: number;
      orders: readonly BlockOrderOut[];
      accounts: readonly PmAccount[];
      accountsFor: ReadonlyMap<string, readonly PmAccount[]>;
      /** per order, each account's signed position in its symbol: the part the order trades (pooled, or the directed sleeve) */
      positionsFor: ReadonlyMap<string, ReadonlyMap<string, Dec>>;
      /** per order, the accounts that may only reduce what they hold (see splitAccounts) */
      reduceOnlyFor: ReadonlyMap<string, ReadonlySet<string>>;
    }
  | { type: 'compliance'; step: number; date: string; excluded: readonly { accountId: string; record: ComplianceRecord }[] }
  | { type: 'placeRequested'; step: number; accountId: string; orders: readonly ChildOrderOut[] }
  | { type: 'unavailable'; step: number; reason: ReasonCode; message: string; orders: number; denied?: readonly BlockOrderOut[] }
  | { type: 'stepDone'; summary: StepSummary };

type MarketStepEvent = Extract<PmEvent, { type: 'marketStep' }>;

interface PmContext {
  readonly input: PmInput;
  /** PM-level cash and positions from its accounts' fills: mutated by this actor only */
  readonly book: Book;
  /** the PM's strategies and their targets: mutated by this actor only */
  readonly strategies: StrategyBook;
  /** positions per account from their fills (compliance before a split): mutated by this actor only */
  readonly positions: AccountPositions;
  /** positions built by the blotters' orders: mutated by this actor only */
  readonly blotters: BlotterSleeves;
  readonly capital: Dec;
  readonly appliedSeq: number;
  readonly pendingCapital?: { seq: number; capital: Dec };
  readonly stashed?: MarketStepEvent;
  /** equity the current step's return is measured from (last close, after capital flows) */
  readonly startEquity: Dec;
  readonly nav: number;
  /** the NAV max_drawdown_pct is measured from: the highest since the start or the last resume */
  readonly peak: number;
  /** the PM's trading state: its own drawdown (REDUCING, PM_DRAWDOWN) or the last command it obeyed */
  readonly trading: ScopeState;
  /** seq of the last command obeyed */
  readonly stateSeq: number;
  /** the state (and seq) master-risk last heard from this PM: a change is reported in the next check */
  readonly reported: SeqState;
  /** this step's check request went out (orders, or news of the state) */
  readonly checkSent: boolean;
  readonly step: number;
  readonly date: string;
  readonly stepPnl: Dec;
  readonly stepReturn: number;
  readonly equity: Dec;
  readonly orders: readonly BlockOrderOut[];
  readonly approved: readonly BlockOrderOut[];
  /** accounts the PM placed child orders with in this step */
  readonly placements: number;
  /** the step being worked on is the session's last */
  readonly last: boolean;
  /** symbols fills traded since the last step_done: mutated in place by this actor only */
  readonly traded: Set<string>;
  /** a step_done has been sent (the first one carries every position) */
  readonly stepReported: boolean;
}


/** Positions change only with fills: every one on the first and last step, else those fills changed. */
function positionsToReport(c: PmContext): Pick<StepSummary, 'holdings' | 'changedOnly'> {
  const full = c.last || !c.stepReported;
  const holdings = full ? c.book.holdingsList() : c.traded.size ? c.book.holdingsOf(c.traded) : [];
  c.traded.clear();
  return { holdings, changedOnly: !full };
}

const summaryOf = (c: PmContext, ordersApproved: number): StepSummary => ({
  placements: c.placements,
  step: c.step,
  date: c.date,
  equity: c.equity,
  capital: c.capital,
  pnl: c.stepPnl,
  stepReturn: c.stepReturn,
  ...positionsToReport(c),
  ordersSent: c.orders.length,
  ordersApproved,
  state: c.trading.state,
  gross: c.book.gross(),
  net: c.book.net(),
});

/**
 * One portfolio manager. Each step: apply new capital (a flow, not a return), mark at the
 * close, run the strategies, net their targets into block orders under the PM's own limits,
 * ask master-risk, have allocation split what was approved, have each account place its share,
 * then report the step done (the venue's barrier). Every outside answer comes back as an event;
 * a missing answer (timeout) comes back as `*Unavailable` and fails closed.
 */
export const pmMachine = setup({
  types: { input: {} as PmInput, context: {} as PmContext, events: {} as PmEvent, emitted: {} as PmEmitted },
  actions: {
    runStep: enqueueActions(({ context: c, event, enqueue }) => {
      const md = (event.type === 'marketStep' ? event : c.stashed) as MarketStepEvent;
      let capital = c.capital;
      let startEquity = c.startEquity;
      let resize = false;
      if (c.pendingCapital && c.pendingCapital.seq > c.appliedSeq && c.pendingCapital.seq <= md.weightsSeq) {
        // new capital is a flow measured against the equity of the last close: the fills of this
        // step (at its open, already in the book) and their commissions stay this step's P&L
        c.book.addCash(c.pendingCapital.capital.minus(c.equity));
        capital = c.pendingCapital.capital;
        startEquity = capital;
        resize = true;
      }
      const prices = stepPricesOf(md.bars);
      const close = (s: string) => prices.close(s);
      c.book.mark(close);
      const equity = c.book.equity();
      const stepPnl = equity.minus(startEquity);
      const stepReturn = startEquity.gt(0) ? stepPnl.div(startEquity).toNumber() : 0;
      const nav = c.nav * (1 + stepReturn);
      const peak = Math.max(c.peak, nav);
      let trading = c.trading;
      const maxDd = c.input.limits.maxDrawdownPct;
      if (trading.state === 'ACTIVE' && drawdownBreached(nav, peak, maxDd)) {
        const why = `drawdown ${((1 - nav / peak) * 100).toFixed(2)}% from its peak reached limit ${decText(maxDd!)}% (max_drawdown_pct)`;
        trading = { state: 'REDUCING', reason: 'PM_DRAWDOWN', why };
      }
      const state = trading.state;

      for (const signal of c.strategies.onStep({ step: md.step, date: md.date, closes: prices.closeNumbers() }, close, equity, resize)) {
        enqueue.emit({ type: 'signal', step: md.step, date: md.date, signal });
      }
      const ctx = { price: close, equity, limits: c.input.limits, state, stateReason: trading.reason };
      // target strategies trade the book less what the blotters' orders built; blotter rows are
      // orders, each sent once as it is (after the PM's limits on the PM's whole position)
      const plan = planBlockOrders({ ...ctx, targets: c.strategies.netTargets(), position: (s) => c.book.qty(s).minus(c.blotters.total(s)), held: c.book.symbols() });
      const pooled = new Map(plan.orders.map((o) => [o.symbol, o.side === 'buy' ? o.qty : o.qty.neg()]));
      const rows = planBlotterOrders(c.strategies.decidedOrders(), { ...ctx, position: (s) => c.book.qty(s).plus(pooled.get(s) ?? ZERO) });
      for (const adjustment of [...plan.adjustments, ...rows.adjustments]) enqueue.emit({ type: 'adjusted', step: md.step, adjustment });
      const orders: BlockOrderOut[] = [
        ...plan.orders.map((o) => ({ symbol: o.symbol, side: o.side, qty: o.qty, refPrice: o.refPrice, strategyIds: c.strategies.strategiesIn(o.symbol) })),
        ...rows.orders.map((o) => ({
          symbol: o.symbol,
          side: o.side,
          qty: o.qty,
          refPrice: o.refPrice,
          strategyIds: [o.strategyId],
          ...(o.account !== undefined ? { account: o.account } : {}),
          ...(o.lotIds.length ? { lotIds: o.lotIds } : {}),
        })),
      ].map((o, i) => ({ orderId: `${c.input.pmId}-${md.step}-${i + 1}`, ...o }));
      rows.orders.forEach((o, i) => c.blotters.register(orders[plan.orders.length + i]!.orderId, o.strategyId));
      enqueue.assign({
        capital,
        appliedSeq: Math.max(c.appliedSeq, md.weightsSeq),
        pendingCapital: c.pendingCapital && c.pendingCapital.seq <= md.weightsSeq ? undefined : c.pendingCapital,
        stashed: undefined,
        startEquity: equity,
        nav,
        peak,
        trading,
        step: md.step,
        last: md.last ?? false,
        date: md.date,
        stepPnl,
        stepReturn,
        equity,
        orders,
        approved: [],
        placements: 0,
      });
      // master-risk learns the PM's state from its batches: a changed state is sent even without orders
      const now: SeqState = { state: trading, seq: c.stateSeq };
      const checkSent = orders.length > 0 || now.seq !== c.reported.seq || !sameState(now.state, c.reported.state);
      enqueue.assign({ checkSent, ...(checkSent ? { reported: now } : {}) });
      if (checkSent) enqueue.emit({ type: 'checkRequested', step: md.step, orders, capital, equity, state: now });
    }),
    finishStep: enqueueActions(({ context: c, enqueue }) => {
      enqueue.emit({ type: 'stepDone', summary: summaryOf(c, c.approved.length) });
      enqueue.assign({ stepReported: true });
    }),
  },
  guards: {
    capitalReady: ({ context, event }) => {
      const md = (event.type === 'marketStep' ? event : context.stashed) as MarketStepEvent | undefined;
      if (!md) return false;
      return md.weightsSeq <= context.appliedSeq || (context.pendingCapital !== undefined && context.pendingCapital.seq >= md.weightsSeq);
    },
    checkSent: ({ context }) => context.checkSent,
  },
}).createMachine({
  id: 'pm',
  context: ({ input }) => ({
    input,
    book: new Book(input.capital),
    strategies: new StrategyBook(input.strategies),
    positions: new AccountPositions(),
    blotters: new BlotterSleeves(),
    capital: input.capital,
    appliedSeq: 0,
    startEquity: input.capital,
    nav: 1,
    peak: 1,
    trading: ACTIVE_STATE,
    stateSeq: 0,
    reported: { state: ACTIVE_STATE, seq: 0 },
    checkSent: false,
    step: -1,
    date: '',
    stepPnl: ZERO,
    stepReturn: 0,
    equity: input.capital,
    orders: [],
    approved: [],
    placements: 0,
    last: false,
    traded: new Set(),
    stepReported: false,
  }),
  on: {
    fill: {
      actions: ({ context: c, event }) => {
        c.book.applyFill(event);
        c.traded.add(event.symbol);
        if (event.accountId !== undefined) c.positions.apply(event.accountId, event.symbol, event.side, event.qty);
        if (event.parentId !== undefined) c.blotters.applyFill({ ...event, parentId: event.parentId });
      },
    },
    capital: {
      actions: enqueueActions(({ event, enqueue }) => enqueue.assign({ pendingCapital: { seq: event.seq, capital: event.capital } })),
    },
    // an operator's command through master-risk: obeyed at once (it shapes the next step's plan);
    // resume re-arms max_drawdown_pct from the PM's current NAV, or the PM would reduce again at once
    setState: {
      guard: ({ context, event }) => event.seq > context.stateSeq,
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        enqueue.assign({ trading: event.state, stateSeq: event.seq, ...(event.state.state === 'ACTIVE' ? { peak: c.nav } : {}) });
      }),
    },
  },
  initial: 'idle',
  states: {
    idle: {
      on: {
        marketStep: [
          { guard: 'capitalReady', target: 'planned', actions: 'runStep' },
          { target: 'waitingCapital', actions: enqueueActions(({ event, enqueue }) => enqueue.assign({ stashed: event })) },
        ],
      },
    },
    // the step's market data says newer weights are in force than this PM has heard of
    waitingCapital: {
      on: {
        capital: {
          actions: enqueueActions(({ event, enqueue }) => enqueue.assign({ pendingCapital: { seq: event.seq, capital: event.capital } })),
          target: 'waitingCapital',
          reenter: true,
        },
      },
      always: { guard: 'capitalReady', target: 'planned', actions: 'runStep' },
    },
    planned: {
      always: [{ guard: 'checkSent', target: 'checking' }, { target: 'idle', actions: 'finishStep' }],
    },
    checking: {
      on: {
        riskDecided: [
          {
            actions: enqueueActions(({ context: c, event, enqueue }) => {
              const byId = new Map(event.decisions.map((d) => [d.orderId, d]));
              const approved: BlockOrderOut[] = [];
              for (const o of c.orders) {
                const d = byId.get(o.orderId);
                const qty = d && d.decision !== 'denied' ? tryDecimal(d.approvedQty) : undefined;
                if (qty && qty.gt(0)) approved.push({ ...o, qty: D.min(qty, o.qty) });
              }
              enqueue.assign({ approved });
              if (!approved.length) return;
              const instrument = c.input.instrument ?? ((symbol: string) => ({ symbol, sector: 'unclassified', assetClass: 'equity', issuer: symbol }));
              const { accountsFor, excluded, reduceOnly } = splitAccounts(approved, c.input.accounts, (a, s) => c.positions.qty(a, s), instrument);
              if (excluded.length) enqueue.emit({ type: 'compliance', step: c.step, date: c.date, excluded });
              // allocation splits the part of a block that reduces positions by these holdings, so
              // that no account sells more than it holds: a target strategies' order trades the
              // accounts' positions less what the blotters built in them, a blotter row the latter
              const positionsFor = new Map(
                approved.map((o) => {
                  const blotter = c.blotters.sentFor(o.orderId);
                  const held = (a: string) => (blotter ? c.blotters.accountQty(a, o.symbol) : c.positions.qty(a, o.symbol).minus(c.blotters.accountQty(a, o.symbol)));
                  return [o.orderId, new Map((accountsFor.get(o.orderId) ?? []).map((a) => [a.id, held(a.id)]))] as const;
                }),
              );
              enqueue.emit({ type: 'splitRequested', step: c.step, orders: approved, accounts: c.input.accounts, accountsFor, positionsFor, reduceOnlyFor: reduceOnly });
            }),
            target: 'splitting',
          },
        ],
        riskUnavailable: {
          target: 'idle',
          actions: [
            enqueueActions(({ context: c, event, enqueue }) => {
              enqueue.emit({ type: 'unavailable', step: c.step, reason: 'RISK_UNAVAILABLE', message: event.message, orders: c.orders.length, denied: c.orders });
              // master-risk may not have heard the state: tell it again with the next check
              enqueue.assign({ reported: { state: c.reported.state, seq: -1 } });
            }),
            'finishStep',
          ],
        },
      },
    },
    splitting: {
      always: { guard: ({ context }) => context.approved.length === 0, target: 'idle', actions: 'finishStep' },
      on: {
        splitDone: {
          target: 'idle',
          actions: [
            enqueueActions(({ context: c, event, enqueue }) => {
            const byAccount = new Map<string, ChildOrderOut[]>();
            const approved = new Map(c.approved.map((o) => [o.orderId, o]));
            for (const r of event.results) {
              const parent = approved.get(r.orderId);
              if (!parent || r.error) continue;
              for (const a of r.allocations) {
                const qty = tryDecimal(a.qty);
                if (!qty || qty.lte(0)) continue;
                const list = byAccount.get(a.accountId) ?? [];
                list.push({ childId: `${parent.orderId}-${a.accountId}`, parentId: parent.orderId, accountId: a.accountId, symbol: parent.symbol, side: parent.side, qty, ...(parent.lotIds?.length ? { lotIds: parent.lotIds } : {}) });
                byAccount.set(a.accountId, list);
              }
            }
            // placements are published (no reply): the step's step_done says how many there
            // were, and the venue's barrier waits for one submission batch from each account
            let placements = 0;
            for (const acct of c.input.accounts) {
              const orders = byAccount.get(acct.id);
              if (!orders) continue;
              placements += 1;
              enqueue.emit({ type: 'placeRequested', step: c.step, accountId: acct.id, orders });
            }
            enqueue.assign({ placements });
            }),
            'finishStep',
          ],
        },
        splitUnavailable: {
          target: 'idle',
          actions: [
            enqueueActions(({ context: c, event, enqueue }) => {
              enqueue.emit({ type: 'unavailable', step: c.step, reason: 'ALLOCATION_UNAVAILABLE', message: event.message, orders: c.approved.length });
            }),
            'finishStep',
          ],
        },
      },
    },
  },
});

/** Text of a holding for the wire; pure. */
export function holdingWire(h: Holding): { symbol: string; qty: string; avgPrice: string; lastPrice: string; marketValue: string } {
  return { symbol: h.symbol, qty: decText(h.qty), avgPrice: decText(h.avgPrice.toDecimalPlaces(8)), lastPrice: decText(h.lastPrice), marketValue: decText(h.marketValue) };
}
