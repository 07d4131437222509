import type { Actor } from 'xstate';
import { decText, stepPricesOf, tryDecimal } from '@atrium/domain';
import { fillFromWire, sideFromWire, sideToWire, type Meta } from '@atrium/wire';
import type { AccountSubjects, Bus, MetaFactory } from '@atrium/runtime';
import { holdingWire } from '../pm/pm.machine.js';
import type { accountMachine, ChildOrderIn, ChildResult } from './account.machine.js';
import { complianceRecordWire, lotsWire, volumesOf } from './account.codec.js';

interface PlaceContext {
  meta: Meta;
  checkedAtMs: number;
}


/**
 * Binds one account actor (on its PM's connection) to its own subjects: placements from its
 * PM in, its fills and cancels in, market data in (marks); one submission batch out to the
 * venue per placement; its marked state out after every step.
 */
export function bindAccount(actor: Actor<typeof accountMachine>, bus: Bus, s: AccountSubjects, mdSubject: string, meta: MetaFactory): void {
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
    actor.send({ type: 'place', step: msg.body.step, orders, refused, context: { meta: msg.meta, checkedAtMs: msg.body.checkedAtMs } satisfies PlaceContext });
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
    // published, not requested: the venue counts one batch per placement (this one) against the
    // PM's step_done, and answers a refused order with a cancel on this account's subject
    const c = e.context as PlaceContext;
    bus.publish(s.submit, meta.next({ key: `submit-${e.step}`, causation: c.meta }), 'childOrders', {
      pmId,
      accountId,
      step: e.step,
      refused: e.refused.length,
      checkedAtMs: c.checkedAtMs,
      orders: e.orders.map((o) => ({ childId: o.childId, parentId: o.parentId, pmId, accountId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), step: o.step })),
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
      positions: e.holdings.map(holdingWire),
      positionsChangedOnly: e.changedOnly,
      ...lotsWire(e.lots),
    });
  });
  actor.on('compliance', (e) => {
    bus.publish(s.compliance, meta.next({ key: `compliance-${e.step}` }), 'complianceReport', { pmId, accountId, step: e.step, records: e.records.map((r) => complianceRecordWire(r, { pmId, accountId, step: e.step, date: e.date })) });
  });
}
