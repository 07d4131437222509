import type { Actor } from 'xstate';
import { tryDecimal, type StepBar } from '@atrium/domain';
import type { Bus, FirmSubjects, MetaFactory } from '@atrium/runtime';
import type { analyticsMachine } from './analytics.machine.js';

/**
 * Binds the analytics actor to NATS: market data, PM step_done and (only when the account or
 * strategy level is tracked) account marks and strategy signals in; correlation breaks out on
 * `inst.<firm>.analytics.evt.correlation_break` (kept in the audit stream), then the step done.
 * A message with a value that is not a number or a decimal is counted and dropped.
 */
export function bindAnalytics(actor: Actor<typeof analyticsMachine>, bus: Bus, s: FirmSubjects, meta: MetaFactory): void {
  const needs = actor.getSnapshot().context.analytics.needs;
  const bad = (what: string, detail: Record<string, unknown>) => {
    bus.counters.inc('bad_messages');
    bus.log.warn(detail, `${what} with bad fields ignored`);
  };
  bus.subscribe(s.mdStep, (msg) => {
    if (msg.kind !== 'marketStep') return;
    const bars = new Map<string, StepBar>();
    if (needs.strategies) {
      for (const b of msg.body.bars) {
        const open = tryDecimal(b.open);
        const close = tryDecimal(b.close);
        if (open && close) bars.set(b.symbol, { open, close });
        else bad('bar', { step: msg.body.step, symbol: b.symbol });
      }
    }
    actor.send({ type: 'marketStep', step: msg.body.step, date: msg.body.date, bars });
  });
  bus.subscribe(s.anyPmStepDone, (msg) => {
    if (msg.kind !== 'stepDone') return;
    const b = msg.body;
    if (!Number.isFinite(b.stepReturn)) return bad('step_done', { pm: b.pmId, step: b.step });
    actor.send({ type: 'pmStepDone', pmId: b.pmId, step: b.step, stepReturn: b.stepReturn });
  });
  if (needs.accounts) {
    bus.subscribe(s.anyPmAccountMarks, (msg) => {
      if (msg.kind !== 'accountMarks') return;
      for (const b of msg.body.marks) {
        const equity = tryDecimal(b.equity);
        if (!equity) {
          bad('account snapshot', { pm: b.pmId, acct: b.accountId, step: b.step });
          continue;
        }
        actor.send({ type: 'accountMarked', pmId: b.pmId, accountId: b.accountId, step: b.step, equity });
      }
    });
  }
  if (needs.strategies) {
    bus.subscribe(s.anyPmSignal, (msg) => {
      if (msg.kind !== 'signal') return;
      const b = msg.body;
      const targetQty = tryDecimal(b.targetQty);
      if (!targetQty) return bad('signal', { pm: b.pmId, strategy: b.strategyId, step: b.step });
      actor.send({ type: 'signal', pmId: b.pmId, strategyId: b.strategyId, symbol: b.symbol, step: b.step, targetQty });
    });
  }

  actor.on('correlationBreak', ({ brk }) => {
    bus.publish(s.analyticsCorrelationBreak, meta.next({ key: `break-${brk.level}-${brk.step}-${brk.i}-${brk.j}-${brk.kind}` }), 'correlationBreak', {
      level: brk.level,
      a: brk.a,
      b: brk.b,
      step: brk.step,
      date: brk.date,
      kind: brk.kind,
      correlation: brk.correlation,
      previous: brk.previous ?? 0,
      hasPrevious: brk.previous !== null,
      threshold: brk.threshold,
      window: brk.window,
      observations: brk.observations,
    });
  });
  actor.on('stepDone', (e) => {
    bus.publish(s.analyticsStepDone, meta.next({ key: `step-${e.step}` }), 'analyticsStepDone', { step: e.step, breaks: e.breaks });
  });
}
