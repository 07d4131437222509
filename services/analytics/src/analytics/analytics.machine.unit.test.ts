import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { analyticsLayout, D } from '@atrium/domain';
import { analyticsMachine, type AnalyticsEmitted } from './analytics.machine.js';

const config = {
  pms: [
    { id: 'a', capital: '1000', strategies: [{ id: 's' }], accounts: [{ id: 'a1', capital: '1000' }] },
    { id: 'b', capital: '1000', strategies: [], accounts: [{ id: 'b1', capital: '1000' }] },
  ],
  analytics: { correlation: { window: 5, minPeriods: 3, alertThreshold: 0.9, changeThreshold: 2, levels: ['pm', 'account'] as const } },
};

function start(levels: readonly ('pm' | 'account' | 'strategy')[] = ['pm', 'account']) {
  const actor = createActor(analyticsMachine, { input: { layout: analyticsLayout({ ...config, analytics: { correlation: { ...config.analytics.correlation, levels } } }) } });
  const out: AnalyticsEmitted[] = [];
  actor.on('*', (e) => out.push(e as AnalyticsEmitted));
  actor.start();
  return { actor, out };
}
const md = (step: number) => ({ type: 'marketStep' as const, step, date: `2020-01-${String(step + 1).padStart(2, '0')}`, bars: new Map() });
const done = (pmId: string, step: number, stepReturn: number) => ({ type: 'pmStepDone' as const, pmId, step, stepReturn });
const marked = (pmId: string, accountId: string, step: number, equity: number) => ({ type: 'accountMarked' as const, pmId, accountId, step, equity: new D(equity) });
const steps = (out: AnalyticsEmitted[]) => out.filter((e) => e.type === 'stepDone').map((e) => (e.type === 'stepDone' ? e.step : -1));

describe('analytics machine', () => {
  it('takes a step in only when its market data, every PM and every account are in, whatever the order', () => {
    const { actor, out } = start();
    actor.send(done('a', 0, 0.01));
    actor.send(marked('a', 'a1', 0, 1010));
    actor.send(md(0));
    actor.send(done('b', 0, 0.02));
    expect(steps(out)).toEqual([]); // b1 missing
    actor.send(done('a', 1, 0.01)); // step 1 arrives early: kept
    actor.send(marked('b', 'b1', 0, 1020));
    expect(steps(out)).toEqual([0]);
    actor.send(md(1));
    actor.send(marked('a', 'a1', 1, 1020));
    actor.send(marked('b', 'b1', 1, 1040));
    actor.send(done('b', 1, 0.02));
    expect(steps(out)).toEqual([0, 1]);
  });

  it('emits each break before its step is done, and counts them', () => {
    const { actor, out } = start(['pm']);
    const ra = [0.01, -0.02, 0.015, -0.01];
    ra.forEach((r, t) => {
      actor.send(md(t));
      actor.send(done('a', t, r));
      actor.send(done('b', t, 2 * r));
    });
    const kinds = out.map((e) => (e.type === 'stepDone' ? `done ${e.step} (${e.breaks})` : `${e.brk.kind} ${e.brk.a}-${e.brk.b} at ${e.brk.step} ${e.brk.date}`));
    expect(kinds).toEqual(['done 0 (0)', 'done 1 (0)', 'level a-b at 2 2020-01-03', 'done 2 (1)', 'done 3 (1)']);
  });

  it('stops waiting for a removed PM', () => {
    const { actor, out } = start(['pm']);
    actor.send(md(0));
    actor.send(done('a', 0, 0.01));
    expect(steps(out)).toEqual([]);
    actor.send({ type: 'removePm', pmId: 'b' });
    expect(steps(out)).toEqual([0]);
  });

  it('ignores a late duplicate of a step already taken in', () => {
    const { actor, out } = start(['pm']);
    actor.send(md(0));
    actor.send(done('a', 0, 0.01));
    actor.send(done('b', 0, 0.01));
    actor.send(done('a', 0, 0.5));
    actor.send(md(0));
    expect(steps(out)).toEqual([0]);
    expect(actor.getSnapshot().context.pending.size).toBe(0);
  });
});
