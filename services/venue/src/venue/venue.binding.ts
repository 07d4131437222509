import type { Actor } from 'xstate';
import type { Msg } from '@atrium/runtime';
import { decText, type CancelEvent, type FillEvent } from '@atrium/domain';
import { childOrderToWire, reasonToWire, sideFromWire } from '@atrium/wire';
import { parsePmSubject, type Bus, type FirmSubjects, type MetaFactory } from '@atrium/runtime';
import type { OrderResult, SubmittedOrder, venueMachine } from './venue.machine.js';

interface Pending {
  raw: Msg;
  refused: OrderResult[];
  causation: import('@atrium/wire').Meta;
  pmId: string;
  accountId: string;
  step: number;
}

/**
 * Binds the venue actor to NATS: account submits in (request/reply), PM and allocation
 * step_done in (the barrier); fills and cancels out to each account's subjects through the
 * JetStream audit log, then the market data step; the session end.
 */
export function bindVenue(actor: Actor<typeof venueMachine>, bus: Bus, s: FirmSubjects, meta: MetaFactory, hooks: { onEnded: (steps: number) => void; onStep?: (step: number, total: number) => void }): void {
  bus.subscribe(s.anyAccountSubmit, (msg, raw) => {
    if (msg.kind !== 'childOrders') throw new Error(`expected childOrders on ${raw.subject}, got ${msg.kind}`);
    const ids = parsePmSubject(raw.subject);
    const b = msg.body;
    const refused: OrderResult[] = [];
    const orders: SubmittedOrder[] = [];
    for (const o of b.orders) {
      if (!ids || o.pmId !== ids.pm || o.accountId !== ids.account) {
        refused.push({ childId: o.childId, accepted: false, reason: 'UNKNOWN_ACCOUNT', message: `order for ${o.pmId}/${o.accountId} submitted on ${raw.subject}` });
        continue;
      }
      orders.push({ childId: o.childId, parentId: o.parentId, pmId: o.pmId, accountId: o.accountId, symbol: o.symbol, side: sideFromWire(o.side), qty: o.qty, step: o.step });
    }
    const replyTo: Pending = { raw, refused, causation: msg.meta, pmId: ids?.pm ?? '', accountId: ids?.account ?? '', step: b.step };
    actor.send({ type: 'submit', orders, replyTo });
  });
  bus.subscribe(s.anyPmStepDone, (msg) => {
    if (msg.kind === 'stepDone') actor.send({ type: 'pmStepDone', pmId: msg.body.pmId, step: msg.body.step });
  });
  bus.subscribe(s.allocStepDone, (msg) => {
    if (msg.kind === 'allocStepDone') actor.send({ type: 'allocStepDone', step: msg.body.step, weightsSeq: msg.body.weightsSeq });
  });

  actor.on('acked', (e) => {
    const p = e.replyTo as Pending;
    const results = [...p.refused, ...e.results].map((r) => ({ childId: r.childId, accepted: r.accepted, reason: reasonToWire(r.reason), message: r.message }));
    bus.respond(p.raw, meta.next({ causation: p.causation }), 'childOrderAck', { pmId: p.pmId, accountId: p.accountId, step: p.step, results });
    if (e.accepted.length) {
      bus.publish(s.venueAccepted, meta.next({ causation: p.causation }), 'childOrders', {
        pmId: p.pmId,
        accountId: p.accountId,
        step: p.step,
        orders: e.accepted.map(childOrderToWire),
      });
    }
  });

  // Fills and cancels go to the audit stream; the stream's acks are not on the step's critical
  // path (one connection publishes them and the step after them, and NATS keeps one publisher's
  // order), but every ack is awaited before the session is announced ended, and a failed one is
  // counted (`audit_failures`) and logged: the audit log of a finished session is complete.
  const outstanding = new Set<Promise<unknown>>();
  const track = (acks: Promise<unknown>[]) => {
    for (const a of acks) {
      const p = a.catch((err) => {
        bus.counters.inc('audit_failures');
        bus.log.error({ err }, 'a fill or cancel was not stored in the audit log');
      });
      outstanding.add(p);
      void p.finally(() => outstanding.delete(p));
    }
  };
  const publishOutcomes = (fills: readonly FillEvent[], cancels: readonly CancelEvent[]) => {
    const acks: Promise<unknown>[] = [];
    for (const f of fills) {
      const o = f.order;
      acks.push(
        bus.audit(s.pm(o.pmId).account(o.accountId).filled, meta.next({ key: f.fillId, correlationId: o.parentId }), 'fill', {
          ...childOrderToWire(o),
          fillId: f.fillId,
          price: decText(f.price),
          commission: decText(f.commission),
          step: f.step,
          date: f.date,
        }),
      );
    }
    for (const c of cancels) {
      const o = c.order;
      acks.push(
        bus.audit(s.pm(o.pmId).account(o.accountId).canceled, meta.next({ key: `${o.childId}-x`, correlationId: o.parentId }), 'orderCanceled', {
          ...childOrderToWire(o),
          step: c.step,
          reason: reasonToWire(c.reason),
          message: c.message,
        }),
      );
    }
    track(acks);
  };

  // Steps are strictly sequential (the barrier), but keep publication ordered even so.
  let chain: Promise<unknown> = Promise.resolve();
  actor.on('stepReady', (e) => {
    chain = chain.then(async () => {
      publishOutcomes(e.fills, e.cancels);
      bus.publish(s.mdStep, meta.next({ key: `md-${e.step}` }), 'marketStep', {
        step: e.step,
        date: e.date,
        nextDate: e.nextDate,
        bars: e.bars.map((b) => ({ symbol: b.symbol, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume })),
        weightsSeq: e.weightsSeq,
        fillCount: e.fills.length,
        totalSteps: e.totalSteps,
      });
      hooks.onStep?.(e.step, e.totalSteps);
    }).catch((err) => bus.log.fatal({ err }, 'could not publish a step; the session cannot go on'));
  });
  actor.on('ended', (e) => {
    chain = chain.then(async () => {
      publishOutcomes([], e.cancels);
      await Promise.all([...outstanding]);
      bus.publish(s.venueSessionEnded, meta.next({ key: 'session-ended' }), 'sessionEnded', { steps: e.steps, reason: 'completed' });
      await bus.flush();
      hooks.onEnded(e.steps);
    });
  });
}
