import type { Actor } from 'xstate';
import { ACTIVE_STATE, decText, stepPricesOf, tryDecimal, type Dec, type HeldPosition, type SeqState, type TradingState } from '@atrium/domain';
import { decisionToWire, fillFromWire, reasonFromWire, reasonToWire, sideFromWire, type Decoded, type Meta, type RawBodies } from '@atrium/wire';
import { RISK_COMMANDS, type Bus, type FirmSubjects, type MetaFactory, type Msg, type RiskCommandName } from '@atrium/runtime';
import type { riskMachine } from './risk.machine.js';

interface ReplyTo {
  raw: Msg;
  meta: Meta;
  request: Decoded<RawBodies['blockOrders']>;
}

interface CommandReplyTo {
  raw: Msg;
  meta: Meta;
}

const STATES: readonly string[] = ['ACTIVE', 'REDUCING', 'HALTED'] satisfies TradingState[];

/** The state a PM reports in its batch, or undefined when it reports none or a malformed one; pure. */
export function reportedState(w: Decoded<RawBodies['pmTradingState']> | null): SeqState | 'malformed' | undefined {
  if (!w || !w.state) return undefined;
  const reason = reasonFromWire(w.reason);
  const seq = Number(w.seq); // uint64: a default (0) decodes as a Long
  if (!STATES.includes(w.state) || !reason || !Number.isSafeInteger(seq) || seq < 0) return 'malformed';
  const state = w.state === 'ACTIVE' ? ACTIVE_STATE : { state: w.state as TradingState, reason, why: w.why };
  return { state, seq };
}

const exposures = (list: readonly HeldPosition[]) =>
  list.map((p) => ({ symbol: p.symbol, qty: decText(p.qty), price: decText(p.price), notional: decText(p.qty.times(p.price)) }));

/**
 * Binds master-risk to NATS: market data, fills, capital weights and PM step_done in; PM check
 * requests in (with the PM's own trading state) and decisions out (the audit log
 * `inst.<firm>.risk.evt.decided` first — the venue fills only what it approved — then the reply);
 * operator commands in (`inst.<firm>.risk.cmd.halt|reduce|resume`, answered with the states; a
 * PM's new state also out to the PM on `inst.<firm>.risk.pm.<pm>.evt.state`);
 * alerts out through the audit log (`inst.<firm>.risk.evt.alert`); the firm book out after each
 * step's fills (`inst.<firm>.risk.evt.book`).
 */
export function bindRisk(actor: Actor<typeof riskMachine>, bus: Bus, s: FirmSubjects, meta: MetaFactory, limits: { gross?: Dec; net?: Dec; adv?: boolean }): void {
  bus.subscribe(s.mdStep, (msg) => {
    if (msg.kind !== 'marketStep') return;
    // the closes are parsed once per process (shared with the PMs of this process); volumes only
    // when max_adv_pct needs their average
    const prices = stepPricesOf(msg.body.bars);
    const closes: [string, Dec][] = [];
    const volumes: [string, Dec][] = [];
    for (const b of msg.body.bars) {
      const c = prices.close(b.symbol);
      if (c) closes.push([b.symbol, c]);
      if (!limits.adv) continue;
      const v = tryDecimal(b.volume);
      if (v && !v.isNeg()) volumes.push([b.symbol, v]);
    }
    actor.send({ type: 'marketStep', step: msg.body.step, date: msg.body.date, closes, volumes, weightsSeq: Number(msg.body.weightsSeq) });
  });
  bus.subscribe(s.anyPmFills, (msg) => {
    if (msg.kind !== 'fillBatch') return;
    for (const w of msg.body.fills) {
      const f = fillFromWire(w);
      if (!f) {
        bus.counters.inc('bad_messages');
        bus.log.warn({ fillId: w.fillId }, 'fill with a bad side or quantity ignored');
        continue;
      }
      actor.send({ type: 'fill', symbol: f.symbol, side: f.side, qty: f.qty, pmId: f.pmId, price: f.price, commission: f.commission });
    }
  });
  bus.subscribe(s.allocWeights, (msg) => {
    if (msg.kind !== 'capitalWeights') return;
    const weights = [];
    for (const w of msg.body.weights) {
      const capital = tryDecimal(w.capital);
      if (!capital || capital.isNeg()) {
        bus.counters.inc('bad_messages');
        bus.log.warn({ seq: msg.body.seq, pmId: w.pmId }, 'capital weight with a bad capital ignored');
        continue;
      }
      weights.push({ pmId: w.pmId, weight: w.weight, capital });
    }
    actor.send({ type: 'weights', seq: Number(msg.body.seq), weights });
  });
  bus.subscribe(s.anyPmStepDone, (msg) => {
    if (msg.kind === 'stepDone') actor.send({ type: 'pmStepDone', pmId: msg.body.pmId, step: msg.body.step });
  });
  bus.subscribe(s.anyRiskCheck, (msg, raw) => {
    if (msg.kind !== 'blockOrders') throw new Error(`expected blockOrders on ${raw.subject}, got ${msg.kind}`);
    const subjectPm = raw.subject.split('.')[4] ?? '';
    const b = msg.body;
    // a batch must come on its own PM's subject (what per-PM permissions enforce in deployment)
    const pmId = b.pmId === subjectPm ? b.pmId : `${b.pmId}@${subjectPm}`;
    const reported = reportedState(b.state);
    if (reported === 'malformed') {
      bus.counters.inc('bad_messages');
      bus.log.warn({ pmId, step: b.step }, 'a batch with a malformed trading state: decided without it');
    }
    actor.send({
      type: 'check',
      pmId,
      step: b.step,
      ...(reported && reported !== 'malformed' ? { reported } : {}),
      replyTo: { raw, meta: msg.meta, request: b } satisfies ReplyTo,
      orders: b.orders.map((o) => ({ orderId: o.orderId, pmId, symbol: o.symbol, side: sideFromWire(o.side), qty: o.qty, step: o.step })),
    });
  });
  bus.subscribe(s.anyRiskCommand, (msg, raw) => {
    if (msg.kind !== 'riskCommand') throw new Error(`expected riskCommand on ${raw.subject}, got ${msg.kind}`);
    const action = raw.subject.split('.').at(-1) as RiskCommandName;
    if (!RISK_COMMANDS.includes(action)) throw new Error(`unknown risk command ${JSON.stringify(action)} (one of ${RISK_COMMANDS.join(', ')})`);
    actor.send({ type: 'command', action, pmId: msg.body.pmId || undefined, reason: msg.body.reason, replyTo: { raw, meta: msg.meta } satisfies CommandReplyTo });
  });

  const grossLimit = limits.gross ? decText(limits.gross) : '';
  let unkeyed = 0;
  actor.on('decided', (e) => {
    const r = e.batch.replyTo as ReplyTo;
    const decisions = e.decisions.map((d) => ({
      orderId: d.orderId,
      decision: decisionToWire(d.decision),
      reason: reasonToWire(d.reason),
      message: d.message,
      approvedQty: decText(d.approvedQty),
      grossAfter: decText(d.grossAfter),
      grossLimit,
      price: d.price ? decText(d.price) : '',
    }));
    const body = { pmId: r.request.pmId, step: e.batch.step, decisions };
    // one record per request (a PM may send several batches a step when live): keyed by the request's id.
    // Published before the reply: the venue learns the approvals from it before any child order
    // of this batch can reach it (one server delivers a publisher's messages in order, and the
    // child orders follow the reply)
    const auditMeta = meta.next({ key: r.meta.msgId ? `decided/${r.meta.msgId}` : `decided-${r.request.pmId}-${e.batch.step}-${++unkeyed}`, causation: r.meta });
    bus.auditInBackground(s.riskDecided, auditMeta, 'riskDecisions', { ...body, orders: [...r.request.orders] });
    bus.respond(r.raw, meta.next({ causation: r.meta }), 'riskDecisions', body);
  });
  actor.on('pmState', (e) => {
    bus.publish(s.pm(e.pmId).riskState, meta.next({ key: `state-${e.pmId}-${e.seq}` }), 'pmTradingState', { pmId: e.pmId, state: e.state.state, reason: reasonToWire(e.state.reason), why: e.state.why, seq: e.seq });
  });
  actor.on('commandDone', (e) => {
    const r = e.replyTo as CommandReplyTo;
    const pmStates = [...e.pmStates].filter(([, st]) => st.state !== 'ACTIVE').sort(([a], [b]) => a.localeCompare(b)).map(([pmId, st]) => ({ pmId, state: st.state }));
    bus.respond(r.raw, meta.next({ causation: r.meta }), 'riskCommandAck', { ok: e.ok, message: e.message, firmState: e.firmState.state, pmStates });
  });
  let alerts = 0;
  actor.on('alert', (e) => {
    bus.counters.inc('risk_alerts');
    bus.log.info({ kind: e.kind, limit: e.limit, scope: e.scope, step: e.step }, e.message);
    bus.auditInBackground(s.riskAlert, meta.next({ key: `alert-${e.step}-${++alerts}` }), 'riskAlert', {
      step: Math.max(e.step, 0),
      date: e.date,
      kind: e.kind,
      limit: e.limit,
      scope: e.scope,
      value: e.value,
      limitValue: e.limitValue,
      message: e.message,
      state: e.state.state,
      reason: reasonToWire(e.state.reason),
    });
  });
  actor.on('book', (e) => {
    const v = e.view;
    const pos = e.book.positionExposure();
    bus.publish(s.riskBook, meta.next({ key: `book-${e.step}` }), 'riskBook', {
      step: e.step,
      date: e.date,
      gross: decText(pos.gross),
      net: decText(pos.net),
      grossLimit,
      netLimit: limits.net ? decText(limits.net) : '',
      exposures: exposures(v.firm),
      firmState: v.firmState.state,
      pms: v.pms.map((p) => ({ pmId: p.pmId, gross: decText(p.gross), net: decText(p.net), grossLimit: p.cap ? decText(p.cap.limit) : '', state: p.state.state })),
      usage: v.usage.map((u) => ({ limit: u.limit, scope: u.scope, value: decText(u.value), limitValue: decText(u.limitValue) })),
      equity: decText(v.equity),
      peakEquity: decText(v.peak),
      drawdownPct: decText(v.drawdown),
    });
  });
}
