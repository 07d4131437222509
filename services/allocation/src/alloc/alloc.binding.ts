import type { Actor } from 'xstate';
import { decText, tryDecimal, ZERO, type WeightInputs } from '@atrium/domain';
import { sideFromWire, type Meta } from '@atrium/wire';
import type { Bus, FirmSubjects, MetaFactory, Msg } from '@atrium/runtime';
import type { allocMachine } from './alloc.machine.js';

interface ReplyTo {
  raw: Msg;
  meta: Meta;
  request: import('@atrium/wire').Bodies['splitRequest'];
}

/**
 * Binds allocation to NATS: market data and PM step_done in (weights schedule and barrier),
 * split requests in and splits out (reply, then the audit log `inst.<firm>.alloc.evt.split`
 * with inputs and outputs); new weights out (each PM's own capital, then the decision with its
 * inputs into the audit log `inst.<firm>.alloc.evt.weights`), then allocation's step_done.
 */
export function bindAllocation(actor: Actor<typeof allocMachine>, bus: Bus, s: FirmSubjects, meta: MetaFactory): void {
  bus.subscribe(s.mdStep, (msg) => {
    if (msg.kind === 'marketStep') actor.send({ type: 'marketStep', step: msg.body.step, date: msg.body.date, nextDate: msg.body.nextDate });
  });
  bus.subscribe(s.anyPmStepDone, (msg) => {
    if (msg.kind !== 'stepDone') return;
    const b = msg.body;
    actor.send({ type: 'pmStepDone', pmId: b.pmId, step: b.step, stepReturn: Number.isFinite(b.stepReturn) ? b.stepReturn : 0, pnl: tryDecimal(b.pnl) ?? ZERO });
  });
  bus.subscribe(s.anyAllocSplit, (msg, raw) => {
    if (msg.kind !== 'splitRequest') throw new Error(`expected splitRequest on ${raw.subject}, got ${msg.kind}`);
    const b = msg.body;
    actor.send({
      type: 'split',
      pmId: b.pmId,
      step: b.step,
      replyTo: { raw, meta: msg.meta, request: b } satisfies ReplyTo,
      items: b.items.map((it) => ({ orderId: it.order?.orderId ?? '', side: sideFromWire(it.order?.side), qty: it.order?.qty ?? '', accounts: it.accounts.map((a) => ({ id: a.accountId, capital: a.capital, position: a.position, reduceOnly: a.reduceOnly })) })),
    });
  });

  actor.on('splitDone', (e) => {
    const r = e.replyTo as ReplyTo;
    const results = e.outcomes.map((o) => ({
      orderId: o.orderId,
      method: o.method,
      lot: decText(o.lot),
      error: o.error ?? '',
      allocations: (o.split?.allocations ?? []).filter((a) => a.qty.gt(0)).map((a) => ({ accountId: a.id, qty: decText(a.qty) })),
      unallocated: o.split ? decText(o.split.unallocated) : '',
      targets: (o.split?.targets ?? []).map((t) => ({ accountId: t.id, qty: decText(t.qty.toDecimalPlaces(10)) })),
      dropped: [...(o.split?.dropped ?? [])],
      oddLots: [...(o.split?.oddLots ?? [])],
      reducing: o.split ? decText(o.split.reducing) : '',
    }));
    const body = { pmId: r.request.pmId, step: r.request.step, results };
    bus.respond(r.raw, meta.next({ causation: r.meta }), 'splitReply', body);
    const auditMeta = meta.next({ key: `split-${r.request.pmId}-${r.request.step}`, causation: r.meta });
    bus.auditInBackground(s.allocSplitDone, auditMeta, 'splitReply', { ...body, inputs: [...r.request.items] });
  });
  actor.on('weights', (e) => {
    for (const w of e.weights) {
      bus.publish(s.pm(w.pmId).capital, meta.next({ key: `capital-${e.seq}-${w.pmId}` }), 'pmCapital', { seq: e.seq, pmId: w.pmId, step: e.step, weight: w.weight, capital: decText(w.capital) });
    }
    // a weight decision (inputs and outputs) is recorded like a split: through JetStream with a
    // Nats-Msg-Id, without holding up the step (master-risk and the collector hear it as usual)
    bus.auditInBackground(s.allocWeights, meta.next({ key: `weights-${e.seq}` }), 'capitalWeights', {
      seq: e.seq,
      step: e.step,
      date: e.date,
      method: e.method,
      note: e.note,
      firmEquity: decText(e.firmEquity),
      weights: e.weights.map((w) => ({ pmId: w.pmId, weight: w.weight, capital: decText(w.capital) })),
      requestedMethod: e.requestedMethod,
      unallocated: e.unallocated,
      inputs: weightInputsToWire(e.inputs, e.policy),
    });
  });
  actor.on('stepDone', (e) => {
    bus.publish(s.allocStepDone, meta.next({ key: `step-${e.step}` }), 'allocStepDone', { step: e.step, weightsSeq: e.weightsSeq });
  });
}

/** The wire form of a weight decision's inputs (floats, covariance row-major); pure. */
function weightInputsToWire(i: WeightInputs, policy: string) {
  return {
    observations: i.observations,
    mean: [...i.means],
    volatility: [...i.volatilities],
    trailingReturn: [...i.trailingReturns],
    drawdown: [...i.drawdowns],
    covariance: (i.covariance ?? []).flat(),
    previous: [...i.previous],
    target: [...i.target],
    riskContribution: [...i.riskContributions],
    iterations: i.iterations,
    residual: Number.isFinite(i.residual) ? i.residual : -1,
    constraints: [...i.constraints],
    policy,
  };
}
