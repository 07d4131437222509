import type { Actor } from 'xstate';
import { decText, stepPricesOf, tryDecimal, type Dec } from '@atrium/domain';
import { fillFromWire, reasonFromWire, reasonToWire, sideFromWire, sideToWire, type Meta } from '@atrium/wire';
import { RequestFailedError, type AccountSubjects, type Bus, type MetaFactory, type Msg } from '@atrium/runtime';
import { holdingWire } from '../pm/pm.machine.js';
import type { accountMachine, ChildOrderIn, ChildResult } from './account.machine.js';
import { complianceRecordWire, lotsWire, volumesOf } from './account.codec.js';

interface ReplyTo {
  raw: Msg;
  meta: Meta;
}


/**
 * Binds one account actor (on its PM's connection) to its own subjects: placements from its
 * PM in (request/reply), its fills and cancels in, market data in (marks); submissions to the
 * venue out as requests; its marked state out after every step.
 */
export function bindAccount(actor: Actor<typeof accountMachine>, bus: Bus, s: AccountSubjects, mdSubject: string, meta: MetaFactory, opts: { requestTimeoutMs: number }): void {
  const { pmId, accountId } = actor.getSnapshot().context.input;
  bus.subscribe(s.place, (msg, raw) => {
    if (msg.kind !== 'childOrders') throw new Error(`expected childOrders on ${raw.subject}, got ${msg.kind}`);
    const refused: ChildResult[] = [];
    const orders: ChildOrderIn[] = [];
    for (const o of msg.body.orders) {
      const side = sideFromWire(o.side);
      const qty = tryDecimal(o.qty);
      if (side === 'invalid' || !qty) {
        refused.push({ childId: o.childId, accepted: false, reason: side === 'invalid' ? 'INVALID_SIDE' : 'INVALID_DECIMAL', message: 'malformed child order' });
        continue;
      }
      orders.push({ childId: o.childId, parentId: o.parentId, symbol: o.symbol, side, qty, step: o.step, ...(o.lotIds.length ? { lotIds: o.lotIds } : {}) });
    }
    if (orders.length === 0) {
      bus.respond(raw, meta.next({ causation: msg.meta }), 'childOrderAck', { pmId, accountId, step: msg.body.step, results: refused.map((r) => ({ ...r, reason: reasonToWire(r.reason) })) });
      return;
    }
    actor.send({ type: 'place', step: msg.body.step, orders, replyTo: { raw, meta: msg.meta } satisfies ReplyTo });
  });
  // the PM's connection gets each fill of its accounts once; this account takes its own
  bus.subscribe(s.pmFills, (msg, raw) => {
    if (raw.subject !== s.filled || msg.kind !== 'fill') return;
    const f = fillFromWire(msg.body);
    if (!f || f.accountId !== accountId || f.pmId !== pmId) {
      bus.counters.inc('bad_messages');
      bus.log.warn({ fillId: msg.body.fillId }, 'fill with bad fields ignored');
      return;
    }
    actor.send({ type: 'fill', ...f, date: msg.body.date });
  });
  bus.subscribe(s.pmCancels, (msg, raw) => {
    if (raw.subject === s.canceled && msg.kind === 'orderCanceled') actor.send({ type: 'canceled' });
  });
  bus.subscribe(mdSubject, (msg) => {
    if (msg.kind !== 'marketStep') return;
    const prices = stepPricesOf(msg.body.bars);
    const body = msg.body;
    actor.send({ type: 'marketStep', step: body.step, date: body.date, last: body.step + 1 >= body.totalSteps, close: (sym) => prices.close(sym), volumes: () => volumesOf(body) });
  });

  actor.on('submitRequested', (e) => {
    const r = e.replyTo as ReplyTo;
    const body = {
      pmId,
      accountId,
      step: e.step,
      orders: e.orders.map((o) => ({ childId: o.childId, parentId: o.parentId, pmId, accountId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), step: o.step })),
    };
    bus
      .request(s.submit, meta.next({ key: `submit-${e.step}`, causation: r.meta }), 'childOrders', body, opts.requestTimeoutMs)
      .then((reply) => {
        if (reply.kind !== 'childOrderAck') throw new RequestFailedError(s.submit, 'bad_reply', `expected childOrderAck, got ${reply.kind}`);
        const results = reply.body.results.map((x) => ({ childId: x.childId, accepted: x.accepted, reason: reasonFromWire(x.reason) ?? 'VENUE_UNAVAILABLE', message: x.message }));
        actor.send({ type: 'submitted', step: e.step, replyTo: r, refused: e.refused, results });
      })
      .catch((err) => actor.send({ type: 'submitFailed', step: e.step, replyTo: r, refused: e.refused, orders: e.orders, message: err instanceof Error ? err.message : String(err) }));
  });
  actor.on('placeReplied', (e) => {
    const r = e.replyTo as ReplyTo;
    bus.respond(r.raw, meta.next({ causation: r.meta }), 'childOrderAck', {
      pmId,
      accountId,
      step: e.step,
      results: e.results.map((x) => ({ childId: x.childId, accepted: x.accepted, reason: reasonToWire(x.reason), message: x.message })),
    });
  });
  actor.on('marked', (e) => {
    bus.publish(s.marked, meta.next({ key: `marked-${e.step}` }), 'accountSnapshot', {
      pmId,
      accountId,
      step: e.step,
      date: e.date,
      cash: decText(e.cash),
      equity: decText(e.equity),
      gross: decText(e.gross),
      net: decText(e.net),
      positions: e.holdings?.map(holdingWire) ?? [],
      positionsOmitted: e.holdings === undefined,
      ...lotsWire(e.lots),
    });
  });
  actor.on('compliance', (e) => {
    bus.publish(s.compliance, meta.next({ key: `compliance-${e.step}` }), 'complianceReport', { pmId, accountId, step: e.step, records: e.records.map((r) => complianceRecordWire(r, { pmId, accountId, step: e.step, date: e.date })) });
  });
}
