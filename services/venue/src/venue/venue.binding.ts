import type { Actor } from 'xstate';
import { decText, tryDecimal, type Approval, type CancelEvent, type FillEvent, type ReasonCode } from '@atrium/domain';
import { childOrderToWire, decisionFromWire, reasonToWire, sideFromWire, sideToWire, type Bodies, type BodyInit, type Meta } from '@atrium/wire';
import { parsePmSubject, TickBatcher, type Bus, type FirmSubjects, type MetaFactory } from '@atrium/runtime';
import type { SubmittedOrder, venueMachine } from './venue.machine.js';

interface Refused {
  order: SubmittedOrder;
  reason: ReasonCode;
  message: string;
}

/** What the binding keeps of a submission while the venue takes it in. */
interface Received {
  causation: Meta;
  pmId: string;
  accountId: string;
  step: number;
  checkedAtMs: number;
  mismatched: Refused[];
}

/** The approvals in one of master-risk's decision records (orders and decisions are in the same order); pure. */
export function approvalsOf(b: Bodies['riskDecisions']): Approval[] {
  const out: Approval[] = [];
  b.decisions.forEach((d, i) => {
    const o = b.orders[i];
    if (!o || o.orderId !== d.orderId || decisionFromWire(d.decision) === 'denied') return;
    const qty = tryDecimal(d.approvedQty);
    const side = sideFromWire(o.side);
    if (!qty || !qty.gt(0) || side === 'invalid') return;
    out.push({ pmId: b.pmId, orderId: o.orderId, symbol: o.symbol, side, qty });
  });
  return out;
}

/**
 * Binds the venue actor to NATS: account submission batches in (counted against each PM's
 * step_done placements), master-risk's decision log in (the approvals child orders are held to),
 * PM and allocation step_done in (the barrier); fills and cancels out to each account's subjects through the
 * JetStream audit log, then the market data step; the session end.
 */
export function bindVenue(
  actor: Actor<typeof venueMachine>,
  bus: Bus,
  s: FirmSubjects,
  meta: MetaFactory,
  accountsOf: ReadonlyMap<string, ReadonlySet<string>>,
  hooks: { onEnded: (steps: number) => void; onStep?: (step: number, total: number) => void },
): void {
  bus.subscribe(s.anyPmSubmissions, (msg, raw) => {
    if (msg.kind !== 'submissions') throw new Error(`expected submissions on ${raw.subject}, got ${msg.kind}`);
    // the subject names the PM (what per-PM permissions enforce in deployment): each batch counts
    // for that PM; a batch of an account the PM does not have is dropped, and an order naming
    // another PM or account than its batch is refused
    const ids = parsePmSubject(raw.subject);
    if (!ids) throw new Error(`a submission on ${raw.subject} names no PM`);
    for (const b of msg.body.batches) {
      if (!accountsOf.get(ids.pm)?.has(b.accountId)) {
        bus.counters.inc('bad_messages');
        bus.log.warn({ subject: raw.subject, accountId: b.accountId, orders: b.orders.length }, 'dropped a submission batch of an account the PM does not have');
        continue;
      }
      const mismatched: Refused[] = [];
      const orders: SubmittedOrder[] = [];
      for (const o of b.orders) {
        const order: SubmittedOrder = { childId: o.childId, parentId: o.parentId, pmId: o.pmId, accountId: o.accountId, symbol: o.symbol, side: sideFromWire(o.side), qty: o.qty, step: o.step };
        if (o.pmId !== ids.pm || o.accountId !== b.accountId) mismatched.push({ order, reason: 'UNKNOWN_ACCOUNT', message: `order for ${o.pmId}/${o.accountId} submitted in ${ids.pm}/${b.accountId}'s batch on ${raw.subject}` });
        else orders.push(order);
      }
      const context: Received = { causation: msg.meta, pmId: ids.pm, accountId: b.accountId, step: b.step, checkedAtMs: b.checkedAtMs, mismatched };
      actor.send({ type: 'submit', pmId: ids.pm, step: b.step, orders, context });
    }
  });
  // master-risk publishes a batch's record before answering it: the approvals are here before its child orders
  bus.subscribe(s.riskDecided, (msg) => {
    if (msg.kind !== 'riskDecisions') return;
    const approvals = approvalsOf(msg.body);
    if (approvals.length) actor.send({ type: 'decided', step: msg.body.step, approvals }); // a batch denied in full changes nothing
  });
  bus.subscribe(s.anyPmStepDone, (msg) => {
    if (msg.kind === 'stepDone') actor.send({ type: 'pmStepDone', pmId: msg.body.pmId, step: msg.body.step, placements: msg.body.placements, approved: msg.body.ordersApproved });
  });
  bus.subscribe(s.allocStepDone, (msg) => {
    if (msg.kind === 'allocStepDone') actor.send({ type: 'allocStepDone', step: msg.body.step, weightsSeq: msg.body.weightsSeq });
  });

  // what the venue took in goes out as one record per PM and tick, in the shape it came in
  const accepted = new TickBatcher<{ causation: Meta; batch: BodyInit<'childOrders'> }>((step, parts) => {
    const byPm = new Map<string, typeof parts>();
    for (const p of parts) {
      const list = byPm.get(p.batch.pmId!);
      if (list) list.push(p);
      else byPm.set(p.batch.pmId!, [p]);
    }
    for (const [pmId, list] of byPm) bus.publish(s.venueAccepted, meta.next({ causation: list[0]!.causation }), 'submissions', { pmId, step, batches: list.map((p) => p.batch) });
  });
  actor.on('received', (e) => {
    const c = e.context as Received;
    if (e.accepted.length) {
      accepted.add(c.step, {
        causation: c.causation,
        batch: {
          pmId: c.pmId,
          accountId: c.accountId,
          step: c.step,
          orders: e.accepted.map(childOrderToWire),
          checkedAtMs: c.checkedAtMs,
          decisionLatencyMs: c.checkedAtMs > 0 ? performance.timeOrigin + performance.now() - c.checkedAtMs : 0,
        },
      });
    }
    // a refused order is answered with a cancel on its account's subject (and into the audit log)
    const byId = new Map(e.results.map((r) => [r.childId, r]));
    const refused: Refused[] = [...c.mismatched, ...e.refused.map((order) => ({ order, reason: byId.get(order.childId)!.reason, message: byId.get(order.childId)!.message }))];
    for (const r of refused) {
      const o = r.order;
      bus.auditInBackground(s.pm(c.pmId).account(c.accountId).canceled, meta.next({ key: `${o.childId}-r`, causation: c.causation }), 'orderCanceled', {
        childId: o.childId,
        parentId: o.parentId,
        pmId: o.pmId,
        accountId: o.accountId,
        symbol: o.symbol,
        side: o.side === 'invalid' ? 0 : sideToWire(o.side),
        qty: o.qty,
        step: o.step,
        reason: reasonToWire(r.reason),
        message: r.message,
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
    // one batch per PM and step, in fill order: the PM, its accounts and master-risk each take theirs
    const byPm = new Map<string, FillEvent[]>();
    for (const f of fills) {
      const list = byPm.get(f.order.pmId);
      if (list) list.push(f);
      else byPm.set(f.order.pmId, [f]);
    }
    for (const [pmId, list] of byPm) {
      const { step, date } = list[0]!;
      acks.push(
        bus.audit(s.pm(pmId).fills, meta.next({ key: `fills-${step}-${pmId}` }), 'fillBatch', {
          pmId,
          step,
          date,
          fills: list.map((f) => ({ ...childOrderToWire(f.order), fillId: f.fillId, price: decText(f.price), commission: decText(f.commission), step: f.step, date: f.date })),
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
