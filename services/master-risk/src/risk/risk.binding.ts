import type { Actor } from 'xstate';
import { decText, tryDecimal, type Dec } from '@atrium/domain';
import { decisionToWire, fillFromWire, reasonToWire, sideFromWire, type Decoded, type Meta, type RawBodies } from '@atrium/wire';
import type { Bus, FirmSubjects, MetaFactory, Msg } from '@atrium/runtime';
import type { riskMachine } from './risk.machine.js';

interface ReplyTo {
  raw: Msg;
  meta: Meta;
  request: Decoded<RawBodies['blockOrders']>;
}

/**
 * Binds master-risk to NATS: market data, fills and PM step_done in; PM check requests in and
 * decisions out (reply, then the audit log `inst.<firm>.risk.evt.decided`); the firm book out
 * after each step's fills (`inst.<firm>.risk.evt.book`).
 */
export function bindRisk(actor: Actor<typeof riskMachine>, bus: Bus, s: FirmSubjects, meta: MetaFactory, limits: { gross?: Dec; net?: Dec }): void {
  bus.subscribe(s.mdStep, (msg) => {
    if (msg.kind !== 'marketStep') return;
    const closes: [string, Dec][] = [];
    for (const b of msg.body.bars) {
      const c = tryDecimal(b.close);
      if (c && c.gt(0)) closes.push([b.symbol, c]);
    }
    actor.send({ type: 'marketStep', step: msg.body.step, date: msg.body.date, closes });
  });
  bus.subscribe(s.anyAccountFilled, (msg) => {
    if (msg.kind !== 'fill') return;
    const f = fillFromWire(msg.body);
    if (!f) {
      bus.counters.inc('bad_messages');
      bus.log.warn({ fillId: msg.body.fillId }, 'fill with a bad side or quantity ignored');
      return;
    }
    actor.send({ type: 'fill', symbol: f.symbol, side: f.side, qty: f.qty });
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
    actor.send({
      type: 'check',
      pmId,
      step: b.step,
      replyTo: { raw, meta: msg.meta, request: b } satisfies ReplyTo,
      orders: b.orders.map((o) => ({ orderId: o.orderId, pmId, symbol: o.symbol, side: sideFromWire(o.side), qty: o.qty, step: o.step })),
    });
  });

  const grossLimit = limits.gross ? decText(limits.gross) : '';
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
    }));
    const body = { pmId: r.request.pmId, step: e.batch.step, decisions };
    bus.respond(r.raw, meta.next({ causation: r.meta }), 'riskDecisions', body);
    const auditMeta = meta.next({ key: `decided-${r.request.pmId}-${e.batch.step}`, causation: r.meta });
    bus.auditInBackground(s.riskDecided, auditMeta, 'riskDecisions', { ...body, orders: [...r.request.orders] });
  });
  actor.on('book', (e) => {
    const pos = e.book.positionExposure();
    bus.publish(s.riskBook, meta.next({ key: `book-${e.step}` }), 'riskBook', {
      step: e.step,
      date: e.date,
      gross: decText(pos.gross),
      net: decText(pos.net),
      grossLimit,
      netLimit: limits.net ? decText(limits.net) : '',
      exposures: e.book.positions().map((p) => ({ symbol: p.symbol, qty: decText(p.qty), price: decText(p.price), notional: decText(p.qty.times(p.price)) })),
      firmState: 'ACTIVE',
    });
  });
}
