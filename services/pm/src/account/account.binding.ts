import type { Actor } from 'xstate';
import { decText, stepPricesOf, tryDecimal } from '@atrium/domain';
import { fillFromWire, sideFromWire, sideToWire, type BodyInit, type Meta } from '@atrium/wire';
import { TickBatcher, type AccountSubjects, type Bus, type MetaFactory, type PmSubjects } from '@atrium/runtime';
import { holdingWire } from '../pm/pm.machine.js';
import type { accountMachine, ChildOrderIn, ChildResult } from './account.machine.js';
import { complianceRecordWire, lotsWire, volumesOf } from './account.codec.js';

interface PlaceContext {
  meta: Meta;
  checkedAtMs: number;
}

/**
 * What a PM's accounts send in one message per PM and step: their answers to a placement (one
 * Submissions to the venue) and their marks at a close (one AccountMarks). Shared by the
 * accounts of one PM, on its connection; each account adds its part while handling the same
 * delivery, and the message goes out at the end of that tick.
 */
export interface AccountsOutbox {
  readonly submissions: TickBatcher<{ batch: BodyInit<'childOrders'>; causation: Meta }>;
  readonly marks: TickBatcher<BodyInit<'accountSnapshot'>>;
}

/** The outbox of one PM's accounts: publishes on the PM's `accts` subjects with `meta`. */
export function accountsOutbox(bus: Bus, pmId: string, ps: PmSubjects, meta: MetaFactory): AccountsOutbox {
  return {
    submissions: new TickBatcher((step, parts) => {
      bus.publish(ps.submissions, meta.next({ key: `submit-${step}`, causation: parts[0]!.causation }), 'submissions', { pmId, step, batches: parts.map((p) => p.batch) });
    }),
    marks: new TickBatcher((step, marks) => {
      bus.publish(ps.accountMarks, meta.next({ key: `marked-${step}` }), 'accountMarks', { pmId, step, marks });
    }),
  };
}

/**
 * Binds one account actor (on its PM's connection): its batch of the PM's placements in, its
 * fills (from the PM's fill batch) and cancels in, market data in (marks); its answer to each
 * placement (one batch, possibly empty) and its marked state after every close out through the
 * PM's accounts outbox.
 */
export function bindAccount(actor: Actor<typeof accountMachine>, bus: Bus, ps: PmSubjects, s: AccountSubjects, mdSubject: string, meta: MetaFactory, outbox: AccountsOutbox): void {
  const { pmId, accountId } = actor.getSnapshot().context.input;
  bus.subscribe(ps.placements, (msg, raw) => {
    if (msg.kind !== 'placements') throw new Error(`expected placements on ${raw.subject}, got ${msg.kind}`);
    const mine = msg.body.batches.find((b) => b.accountId === accountId);
    if (!mine) return;
    const refused: ChildResult[] = [];
    const orders: ChildOrderIn[] = [];
    for (const o of mine.orders) {
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
  // the PM's connection gets each fill batch of its accounts once; this account takes its own
  bus.subscribe(ps.fills, (msg) => {
    if (msg.kind !== 'fillBatch') return;
    for (const w of msg.body.fills) {
      if (w.accountId !== accountId) continue;
      const f = fillFromWire(w);
      if (!f || f.pmId !== pmId) {
        bus.counters.inc('bad_messages');
        bus.log.warn({ fillId: w.fillId }, 'fill with bad fields ignored');
        continue;
      }
      actor.send({ type: 'fill', ...f, date: w.date });
    }
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
    // one batch per placement, even when every order was refused: the venue counts them against
    // the PM's step_done, and answers a refused order with a cancel on this account's subject
    const c = e.context as PlaceContext;
    outbox.submissions.add(e.step, {
      causation: c.meta,
      batch: {
        pmId,
        accountId,
        step: e.step,
        refused: e.refused.length,
        checkedAtMs: c.checkedAtMs,
        orders: e.orders.map((o) => ({ childId: o.childId, parentId: o.parentId, pmId, accountId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), step: o.step })),
      },
    });
  });
  actor.on('marked', (e) => {
    outbox.marks.add(e.step, {
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
