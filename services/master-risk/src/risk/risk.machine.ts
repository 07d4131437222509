import { enqueueActions, setup } from 'xstate';
import {
  ACTIVE_STATE,
  afterMarks,
  decideBatch,
  pmStateOf,
  sameState,
  commandState,
  decText,
  fmtMoney,
  FirmBook,
  AverageVolume,
  ZERO,
  type Dec,
  type FirmDecision,
  type FirmLimits,
  type LimitUsage,
  type OnBreach,
  type OrderToCheck,
  type PmCap,
  type PmShareLimits,
  type WeightScaledLimit,
  type RiskAction,
  type RiskSequencing,
  type ScopeState,
  type SeqState,
  type Side,
} from '@atrium/domain';
import { measureBook, pmCapsOf, pmSharesOf, type BookView, type PmCapital } from './risk-view.js';

/**
 * How batches of one step are ordered when limits are contended:
 * `pm_order` decides PMs' batches in config order (deterministic: backtests), `arrival` decides
 * each as it arrives (paper and live trading).
 */
export type Sequencing = RiskSequencing;

/** What master-risk is started with: the firm's capital and limits, its PMs and symbols, and how to decide. */
export interface RiskInput {
  readonly firmCapital: Dec;
  readonly limits: FirmLimits;
  /** PMs in decision order */
  readonly pmIds: readonly string[];
  readonly symbols: ReadonlySet<string>;
  readonly sequencing: Sequencing;
  /** default deny */
  readonly onBreach?: OnBreach;
  /** a symbol's sector (sector totals and max_sector_pct); default: one sector */
  readonly sectorOf?: (symbol: string) => string;
  /** configured capital and max_leverage per PM (the PM capital caps); absent: no caps */
  readonly pmCapital?: ReadonlyMap<string, PmCapital>;
  /** which firm limits each PM is held to weight × once allocation weighs it (config risk.scale_by_weight); absent: all */
  readonly scaleByWeight?: readonly WeightScaledLimit[];
}

/** One PM's batch of block orders for one step, and where to answer it. */
export interface CheckBatch {
  readonly pmId: string;
  readonly step: number;
  readonly orders: readonly OrderToCheck[];
  readonly replyTo: unknown;
  /** the state the PM planned the batch in, and the seq of the last command it obeyed */
  readonly reported?: SeqState;
}

/** New capital weights from allocation, in force from the step whose market data names their seq. */
export interface WeightsIn {
  readonly seq: number;
  readonly weights: readonly { readonly pmId: string; readonly weight: number; readonly capital: Dec }[];
}

type MarketStepEvent = {
  type: 'marketStep';
  step: number;
  date: string;
  closes: readonly (readonly [string, Dec])[];
  /** each bar's volume, for max_adv_pct */
  volumes?: readonly (readonly [string, Dec])[];
  /** the capital weights in force for this step (master-risk waits for them) */
  weightsSeq?: number;
};

/** What master-risk hears: market data, fills, weights, check requests, commands, PM step_done, PM removal. */
export type RiskEvent =
  | MarketStepEvent
  | { type: 'fill'; symbol: string; side: Side; qty: Dec; pmId?: string; price?: Dec; commission?: Dec }
  | ({ type: 'weights' } & WeightsIn)
  | ({ type: 'check' } & CheckBatch)
  | { type: 'command'; action: RiskAction; pmId?: string; reason: string; replyTo: unknown }
  | { type: 'pmStepDone'; pmId: string; step: number }
  | { type: 'removePm'; pmId: string };

/** A risk alert: a passive breach begun or cleared, or a trading state changed. */
export interface RiskAlertOut {
  readonly kind: 'PASSIVE_BREACH' | 'BREACH_CLEARED' | 'STATE_CHANGED';
  readonly step: number;
  readonly date: string;
  readonly limit: string;
  readonly scope: string;
  readonly value: string;
  readonly limitValue: string;
  readonly message: string;
  readonly state: ScopeState;
}

/** What master-risk says: decisions, its book after each step's fills, alerts, command answers, a PM's commanded state. */
export type RiskEmitted =
  | { type: 'decided'; batch: CheckBatch; decisions: readonly FirmDecision[] }
  | { type: 'pmState'; pmId: string; state: ScopeState; seq: number }
  | { type: 'book'; step: number; date: string; book: FirmBook; view: BookView }
  | ({ type: 'alert' } & RiskAlertOut)
  | { type: 'commandDone'; replyTo: unknown; ok: boolean; message: string; firmState: ScopeState; pmStates: ReadonlyMap<string, ScopeState> };

interface RiskContext {
  readonly input: RiskInput;
  /** the firm book: mutated in place by this actor only */
  readonly book: FirmBook;
  /** volumes of the last 20 bars per symbol: mutated in place by this actor only */
  readonly volumes: AverageVolume;
  readonly knownPms: ReadonlySet<string>;
  readonly step: number;
  readonly date: string;
  readonly queued: ReadonlyMap<string, CheckBatch>;
  readonly done: ReadonlySet<string>;
  /** index in pmIds of the next PM whose batch may be decided this step */
  readonly next: number;
  readonly firmState: ScopeState;
  /** each PM's state orders are decided in: pmStateOf(its last command, its last report) */
  readonly pmStates: ReadonlyMap<string, ScopeState>;
  /** each PM's last command (seq counts the PM's commands) and its last report */
  readonly pmCommanded: ReadonlyMap<string, SeqState>;
  readonly pmReported: ReadonlyMap<string, SeqState>;
  readonly peak: Dec;
  /** each PM's capital (config, then allocation's) and weight once allocation has set one */
  readonly capitals: ReadonlyMap<string, { capital: Dec; weight?: number }>;
  readonly pmCaps: ReadonlyMap<string, PmCap>;
  /** each PM's share of the firm's net and single-name limits, from its weight */
  readonly pmShares: ReadonlyMap<string, PmShareLimits>;
  readonly appliedSeq: number;
  readonly weights: readonly WeightsIn[];
  /** a step's market data waiting for the weights it names */
  readonly stashed?: MarketStepEvent;
  /** `limit|scope` of every passive breach alerted and not yet cleared */
  readonly breaches: ReadonlySet<string>;
}

const key = (step: number, pm: string) => `${step}:${pm}`;

/** Decides one batch against the book, reserving approvals as it goes. */
function decide(c: RiskContext, batch: CheckBatch, pmStates: ReadonlyMap<string, ScopeState>): FirmDecision[] {
  const ctx = {
    firmCapital: c.input.firmCapital,
    knownPms: c.knownPms,
    knownSymbols: c.input.symbols,
    firmState: c.firmState,
    pmStates,
    pmCaps: c.pmCaps,
    pmShares: c.pmShares,
    adv: (s: string) => c.volumes.average(s),
    onBreach: c.input.onBreach,
  };
  return decideBatch(c.book, c.input.limits, ctx, batch.orders);
}

function denyAll(batch: CheckBatch, reason: 'STALE_STEP' | 'UNKNOWN_PM', message: string, c: RiskContext): FirmDecision[] {
  const gross = c.book.exposure().gross;
  return batch.orders.map((o) => ({ orderId: o.orderId, decision: 'denied', reason, message, approvedQty: ZERO, grossAfter: gross }));
}

const usageKey = (u: LimitUsage) => `${u.limit}|${u.scope}`;

/**
 * Master-risk: the single writer of the firm book. Applies fills, waits for the capital weights a
 * step's market data names, releases the previous step's reservations when a new step begins (all
 * of its orders have filled or been canceled by then), marks at the closes, halts the firm on a
 * max_drawdown_pct breach, alerts on passive breaches, takes halt/reduce/resume commands, and
 * decides PM batches with check-and-reserve.
 */
export const riskMachine = setup({
  types: { input: {} as RiskInput, context: {} as RiskContext, events: {} as RiskEvent, emitted: {} as RiskEmitted },
  actions: {
    drain: enqueueActions(({ context: c, enqueue }) => {
      if (c.step < 0 || c.stashed) return;
      const queued = new Map(c.queued);
      let next = c.next;
      const pms = c.input.pmIds;
      let pmStates = c.pmStates;
      let pmReported = c.pmReported;
      // a batch tells master-risk the PM's own state first (its drawdown), then is decided in it
      const take = (batch: CheckBatch) => {
        const last = pmReported.get(batch.pmId);
        if (batch.reported && !(last && last.seq === batch.reported.seq && sameState(last.state, batch.reported.state))) {
          pmReported = new Map(pmReported).set(batch.pmId, batch.reported);
          const was = pmStates.get(batch.pmId) ?? ACTIVE_STATE;
          const now = pmStateOf(c.pmCommanded.get(batch.pmId), batch.reported);
          if (!sameState(was, now)) {
            pmStates = new Map(pmStates).set(batch.pmId, now);
            const message = `PM ${batch.pmId} ${now.state} (reported by the PM)${now.why ? `: ${now.why}` : ''}`;
            enqueue.emit({ type: 'alert', kind: 'STATE_CHANGED', step: c.step, date: c.date, limit: now.state, scope: batch.pmId, value: '', limitValue: '', message, state: now });
          }
        }
        enqueue.emit({ type: 'decided', batch, decisions: decide(c, batch, pmStates) });
      };
      if (c.input.sequencing === 'arrival') {
        for (const [k, batch] of queued) {
          if (batch.step !== c.step) continue;
          queued.delete(k);
          take(batch);
        }
      } else {
        while (next < pms.length) {
          const pm = pms[next]!;
          const k = key(c.step, pm);
          const batch = queued.get(k);
          if (batch) {
            queued.delete(k);
            take(batch);
          } else if (!c.done.has(k) && c.knownPms.has(pm)) {
            break;
          }
          next += 1;
        }
      }
      enqueue.assign({ queued, next, pmStates, pmReported });
    }),
    beginStep: enqueueActions(({ context: c, event, enqueue }) => {
      const md = event.type === 'marketStep' && !c.stashed ? event : c.stashed;
      if (!md) return;
      const seq = md.weightsSeq ?? 0;
      if (seq > c.appliedSeq && !c.weights.some((w) => w.seq >= seq)) {
        enqueue.assign({ stashed: md }); // the weights in force for this step have not arrived yet
        return;
      }
      // capital weights in force for this step: the latest at or below its seq
      let capitals = c.capitals;
      const inForce = c.weights.filter((w) => w.seq <= seq).at(-1);
      if (inForce && seq > c.appliedSeq) {
        const next = new Map(capitals);
        for (const w of inForce.weights) next.set(w.pmId, { capital: w.capital, weight: w.weight });
        capitals = next;
      }
      const pmCaps = capitals === c.capitals ? c.pmCaps : pmCapsOf(c.input, capitals);
      const pmShares = capitals === c.capitals ? c.pmShares : pmSharesOf(c.input, capitals);

      c.book.releaseThrough(md.step - 1);
      for (const [symbol, close] of md.closes) c.book.setPrice(symbol, close);
      for (const [symbol, volume] of md.volumes ?? []) c.volumes.push(symbol, volume);

      const equity = c.book.equity();
      const marks = afterMarks(c.firmState, equity, c.peak, c.input.limits.maxDrawdownPct);
      const view = measureBook(c.book, c.input, { pmIds: [...c.knownPms], pmCaps, pmStates: c.pmStates, firmState: marks.state, equity, peak: marks.peak, drawdown: marks.drawdown });
      if (marks.halted) {
        enqueue.emit({ type: 'alert', kind: 'STATE_CHANGED', step: md.step, date: md.date, limit: 'max_drawdown_pct', scope: 'firm', value: fmtMoney(marks.drawdown), limitValue: decText(c.input.limits.maxDrawdownPct!), message: `firm HALTED: ${marks.state.why}`, state: marks.state });
      }
      const breaches = new Set<string>();
      for (const u of view.over) {
        const k = usageKey(u);
        breaches.add(k);
        if (c.breaches.has(k)) continue;
        const state = c.pmStates.get(u.scope) ?? marks.state;
        enqueue.emit({ type: 'alert', kind: 'PASSIVE_BREACH', step: md.step, date: md.date, limit: u.limit, scope: u.scope, value: fmtMoney(u.value), limitValue: fmtMoney(u.limitValue), message: `${u.scope} ${fmtMoney(u.value)} over ${u.limit} ${fmtMoney(u.limitValue)} with no order (prices or capital moved); only orders that reduce it pass`, state });
      }
      for (const k of [...c.breaches].sort()) {
        if (breaches.has(k)) continue;
        const [limit = '', scope = ''] = k.split('|');
        enqueue.emit({ type: 'alert', kind: 'BREACH_CLEARED', step: md.step, date: md.date, limit, scope, value: '', limitValue: '', message: `${scope} back within ${limit}`, state: c.pmStates.get(scope) ?? marks.state });
      }
      const done = new Set([...c.done].filter((k) => Number(k.slice(0, k.indexOf(':'))) >= md.step));
      enqueue.assign({
        step: md.step,
        date: md.date,
        next: 0,
        done,
        stashed: undefined,
        capitals,
        pmCaps,
        pmShares,
        appliedSeq: Math.max(c.appliedSeq, seq),
        weights: c.weights.filter((w) => w.seq > seq),
        firmState: marks.state,
        peak: marks.peak,
        breaches,
      });
      enqueue.emit({ type: 'book', step: md.step, date: md.date, book: c.book, view });
    }),
  },
}).createMachine({
  id: 'master-risk',
  context: ({ input }) => {
    const capitals = new Map([...(input.pmCapital ?? new Map<string, PmCapital>())].map(([pm, p]) => [pm, { capital: p.capital }]));
    return {
      input,
      book: new FirmBook({ sectorOf: input.sectorOf, capital: input.firmCapital }),
      volumes: new AverageVolume(),
      knownPms: new Set(input.pmIds),
      step: -1,
      date: '',
      queued: new Map(),
      done: new Set(),
      next: 0,
      firmState: ACTIVE_STATE,
      pmStates: new Map(),
      pmCommanded: new Map(),
      pmReported: new Map(),
      peak: input.firmCapital,
      capitals,
      pmCaps: pmCapsOf(input, capitals),
      pmShares: pmSharesOf(input, capitals),
      appliedSeq: 0,
      weights: [],
      breaches: new Set(),
    };
  },
  on: {
    fill: {
      actions: ({ context, event }) => context.book.applyFill(event.symbol, event.side, event.qty, { pmId: event.pmId, price: event.price, commission: event.commission }),
    },
    marketStep: { actions: ['beginStep', 'drain'] },
    weights: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          if (event.seq <= c.appliedSeq || c.weights.some((w) => w.seq === event.seq)) return;
          enqueue.assign({ weights: [...c.weights, { seq: event.seq, weights: event.weights }].sort((a, b) => a.seq - b.seq) });
        }),
        'beginStep',
        'drain',
      ],
    },
    check: {
      actions: [
        enqueueActions(({ context: c, event, enqueue }) => {
          const batch: CheckBatch = { pmId: event.pmId, step: event.step, orders: event.orders, replyTo: event.replyTo, ...(event.reported ? { reported: event.reported } : {}) };
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
    command: {
      actions: enqueueActions(({ context: c, event, enqueue }) => {
        const pmId = event.pmId || undefined;
        if (pmId !== undefined && !c.input.pmIds.includes(pmId)) {
          enqueue.emit({ type: 'commandDone', replyTo: event.replyTo, ok: false, message: `unknown PM ${JSON.stringify(pmId)}`, firmState: c.firmState, pmStates: c.pmStates });
          return;
        }
        const next = commandState(event.action, pmId === undefined ? 'firm' : 'pm', event.reason);
        const firmState = pmId === undefined ? next : c.firmState;
        let { pmStates, pmCommanded } = c;
        if (pmId !== undefined) {
          // the PM is told (seq n) and obeys; until its reports say it has, the command stands alone
          const commanded = { state: next, seq: (c.pmCommanded.get(pmId)?.seq ?? 0) + 1 };
          pmCommanded = new Map(pmCommanded).set(pmId, commanded);
          pmStates = new Map(pmStates).set(pmId, pmStateOf(commanded, c.pmReported.get(pmId)));
          enqueue.emit({ type: 'pmState', pmId, state: next, seq: commanded.seq });
        }
        const scope = pmId ?? 'firm';
        // resuming re-arms the drawdown check from today's equity, or the firm would halt again at once
        const peak = pmId === undefined && event.action === 'resume' ? c.book.equity() : c.peak;
        enqueue.assign({ firmState, pmStates, pmCommanded, peak });
        const message = `${scope === 'firm' ? 'firm' : `PM ${scope}`} ${next.state}${event.reason ? `: ${event.reason}` : ''}`;
        enqueue.emit({ type: 'alert', kind: 'STATE_CHANGED', step: c.step, date: c.date, limit: next.state, scope, value: '', limitValue: '', message, state: next });
        enqueue.emit({ type: 'commandDone', replyTo: event.replyTo, ok: true, message, firmState, pmStates });
      }),
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
