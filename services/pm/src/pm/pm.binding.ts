import type { Actor } from 'xstate';
import { ACTIVE_STATE, decText, tryDecimal, ZERO, type Dec, type TradingState } from '@atrium/domain';
import { decisionFromWire, fillFromWire, reasonFromWire, reasonToWire, sideToWire, type Bodies } from '@atrium/wire';
import { RequestFailedError, TickBatcher, type Bus, type MetaFactory, type PmSubjects } from '@atrium/runtime';
import { holdingWire, type PmEmitted, type pmMachine } from './pm.machine.js';
import { complianceRecordWire } from '../account/account.codec.js';
import { publishRiskUnavailable } from './risk-unavailable.js';

export interface PmBindingOptions {
  /** how long to wait for master-risk before denying RISK_UNAVAILABLE */
  riskTimeoutMs: number;
  /** how long to wait for allocation and accounts */
  requestTimeoutMs: number;
}

const failure = (err: unknown) => (err instanceof RequestFailedError ? `${err.code}: ${err.message}` : String(err));

/**
 * Binds one PM actor to its own connection: market data, its accounts' fills, its capital and
 * the trading state an operator's command put it in (from master-risk, on its own risk subject)
 * in; signals and step_done out; the risk check (with the PM's state), the split and each
 * account's placement as requests whose answers (or failures, fail-closed) go back into the
 * actor as events.
 */
export function bindPm(actor: Actor<typeof pmMachine>, bus: Bus, s: PmSubjects, mdSubject: string, meta: MetaFactory, opts: PmBindingOptions): void {
  const pmId = actor.getSnapshot().context.input.pmId;
  bus.subscribe(mdSubject, (msg) => {
    if (msg.kind !== 'marketStep') return;
    const b = msg.body;
    actor.send({ type: 'marketStep', step: b.step, date: b.date, bars: b.bars, weightsSeq: b.weightsSeq, last: b.step + 1 >= b.totalSteps });
  });
  bus.subscribe(s.fills, (msg) => {
    if (msg.kind !== 'fillBatch') return;
    for (const w of msg.body.fills) {
      const f = fillFromWire(w);
      if (!f || f.pmId !== pmId) {
        bus.counters.inc('bad_messages');
        bus.log.warn({ fillId: w.fillId }, 'fill with bad fields ignored');
        continue;
      }
      actor.send({ type: 'fill', ...f });
    }
  });
  bus.subscribe(s.capital, (msg) => {
    if (msg.kind !== 'pmCapital') return;
    const c = tryDecimal(msg.body.capital);
    // zero is a valid allocation (a long-only optimiser's corner); dropping it would stall the barrier
    if (!c || c.isNeg()) {
      bus.counters.inc('bad_messages');
      return;
    }
    actor.send({ type: 'capital', seq: msg.body.seq, capital: c, weight: msg.body.weight });
  });

  bus.subscribe(s.riskState, (msg) => {
    if (msg.kind !== 'pmTradingState') return;
    const b = msg.body;
    const reason = reasonFromWire(b.reason);
    const seq = Number(b.seq); // uint64: a default (0) decodes as a Long
    if (b.pmId !== pmId || !(['ACTIVE', 'REDUCING', 'HALTED'] as string[]).includes(b.state) || !reason || !Number.isSafeInteger(seq) || seq < 1) {
      bus.counters.inc('bad_messages');
      bus.log.warn({ state: b.state, seq }, 'a trading state with bad fields ignored');
      return;
    }
    const state = b.state === 'ACTIVE' ? ACTIVE_STATE : { state: b.state as TradingState, reason, why: b.why };
    bus.log.info({ state: b.state, seq, why: b.why }, 'trading state set by command');
    actor.send({ type: 'setState', state, seq });
  });

  actor.on('signal', (e) => {
    const g = e.signal;
    bus.publish(s.signal, meta.next(), 'signal', { pmId, strategyId: g.strategyId, symbol: g.symbol, step: e.step, date: e.date, direction: g.direction, targetQty: decText(g.targetQty), score: Number.isFinite(g.score) ? g.score : 0 });
  });
  actor.on('adjusted', () => bus.counters.inc('pm_limit_adjustments'));
  actor.on('unavailable', (e) => {
    bus.counters.inc(e.reason.toLowerCase());
    bus.log.warn({ step: e.step, reason: e.reason, orders: e.orders, message: e.message }, 'orders not placed: a service did not answer (fail closed)');
    if (e.denied?.length) publishRiskUnavailable(bus, s, meta, pmId, e.step, e.message, e.denied);
  });

  // when this step's block orders went to master-risk (epoch ms): carried to the venue, which
  // measures the decision latency from it when the child orders arrive
  let checkedAtMs: number | undefined;
  actor.on('checkRequested', (e) => {
    checkedAtMs = performance.timeOrigin + performance.now();
    const m = meta.next({ key: `check-${e.step}`, correlationId: `${pmId}-${e.step}` });
    const body: Bodies['blockOrders'] | object = {
      pmId,
      step: e.step,
      pmCapital: decText(e.capital),
      pmEquity: decText(e.equity),
      state: { pmId, state: e.state.state.state, reason: reasonToWire(e.state.state.reason), why: e.state.state.why, seq: e.state.seq },
      orders: e.orders.map((o) => ({ orderId: o.orderId, pmId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), refPrice: decText(o.refPrice), step: e.step, strategyIds: [...o.strategyIds] })),
    };
    bus
      .request(s.riskCheck, m, 'blockOrders', body, opts.riskTimeoutMs)
      .then((reply) => {
        if (reply.kind !== 'riskDecisions') throw new RequestFailedError(s.riskCheck, 'bad_reply', `expected riskDecisions, got ${reply.kind}`);
        actor.send({
          type: 'riskDecided',
          decisions: reply.body.decisions.map((d) => ({ orderId: d.orderId, decision: decisionFromWire(d.decision), reason: reasonFromWire(d.reason) ?? 'RISK_UNAVAILABLE', message: d.message, approvedQty: d.approvedQty })),
        });
      })
      .catch((err) => actor.send({ type: 'riskUnavailable', message: failure(err) }));
  });

  actor.on('splitRequested', (e) => {
    const m = meta.next({ key: `split-${e.step}`, correlationId: `${pmId}-${e.step}` });
    const accounts = (list: readonly { id: string; capital: Dec }[], held?: ReadonlyMap<string, Dec>, reduceOnly?: ReadonlySet<string>) =>
      list.map((a) => ({ accountId: a.id, capital: decText(a.capital), position: decText(held?.get(a.id) ?? ZERO), reduceOnly: reduceOnly?.has(a.id) ?? false }));
    const body = {
      pmId,
      step: e.step,
      items: e.orders.map((o) => ({ order: { orderId: o.orderId, pmId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), refPrice: decText(o.refPrice), step: e.step }, accounts: accounts(e.accountsFor.get(o.orderId) ?? e.accounts, e.positionsFor.get(o.orderId), e.reduceOnlyFor.get(o.orderId)) })),
    };
    bus
      .request(s.allocSplit, m, 'splitRequest', body, opts.requestTimeoutMs)
      .then((reply) => {
        if (reply.kind !== 'splitReply') throw new RequestFailedError(s.allocSplit, 'bad_reply', `expected splitReply, got ${reply.kind}`);
        actor.send({ type: 'splitDone', results: reply.body.results.map((r) => ({ orderId: r.orderId, error: r.error, allocations: r.allocations.map((a) => ({ accountId: a.accountId, qty: a.qty })) })) });
      })
      .catch((err) => actor.send({ type: 'splitUnavailable', message: failure(err) }));
  });

  // the step's child orders for every account go out as one Placements (each account answers
  // the venue with one batch in its PM's Submissions, counted against this step's step_done)
  const placements = new TickBatcher<Extract<PmEmitted, { type: 'placeRequested' }>>((step, parts) => {
    bus.publish(s.placements, meta.next({ key: `place-${step}`, correlationId: `${pmId}-${step}` }), 'placements', {
      pmId,
      step,
      checkedAtMs: checkedAtMs ?? 0,
      batches: parts.map((e) => ({
        pmId,
        accountId: e.accountId,
        step,
        orders: e.orders.map((o) => ({ childId: o.childId, parentId: o.parentId, pmId, accountId: o.accountId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), step, lotIds: [...(o.lotIds ?? [])] })),
      })),
    });
  });
  actor.on('placeRequested', (e) => placements.add(e.step, e));

  actor.on('compliance', (e) => {
    const records = e.excluded.map((x) => complianceRecordWire(x.record, { pmId, accountId: x.accountId, step: e.step, date: e.date }));
    bus.publish(s.compliance, meta.next({ key: `compliance-${e.step}` }), 'complianceReport', { pmId, accountId: '', step: e.step, records });
  });

  actor.on('stepDone', (e) => {
    placements.flush(); // the placements before the step_done that counts them
    const x = e.summary;
    checkedAtMs = undefined;
    bus.publish(s.stepDone, meta.next({ key: `done-${x.step}`, correlationId: `${pmId}-${x.step}` }), 'stepDone', {
      pmId,
      step: x.step,
      date: x.date,
      equity: decText(x.equity),
      capital: decText(x.capital),
      pnl: decText(x.pnl),
      stepReturn: x.stepReturn,
      positions: x.holdings.map(holdingWire),
      positionsChangedOnly: x.changedOnly,
      placements: x.placements,
      ordersSent: x.ordersSent,
      ordersApproved: x.ordersApproved,
      tradingState: x.state,
      gross: decText(x.gross),
      net: decText(x.net),
    });
  });
}
