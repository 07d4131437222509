import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import type { ScopeState } from './firm-check.js';
import { ACTIVE_STATE, afterMarks, commandState, drawdownPct, pmStateOf, type RiskAction, type SeqState } from './trading-state.js';

const REDUCING = commandState('reduce', 'firm', '');
const HALTED = commandState('halt', 'firm', 'desk closed');
const DRAWDOWN: ScopeState = { state: 'HALTED', reason: 'FIRM_DRAWDOWN', why: 'drawdown' };
const STATES: [string, ScopeState][] = [['ACTIVE', ACTIVE_STATE], ['REDUCING', REDUCING], ['HALTED', HALTED], ['HALTED by drawdown', DRAWDOWN]];

describe('trading states', () => {
  it.each(
    STATES.flatMap(([from, s]) =>
      ([['halt', 'HALTED', 'FIRM_HALTED'], ['reduce', 'REDUCING', 'FIRM_REDUCING'], ['resume', 'ACTIVE', 'OK']] as const).map(
        ([action, to, reason]) => [from, action, to, reason, s] as const,
      ),
    ),
  )('firm %s + %s command → %s (%s)', (_from, action, to, reason) => {
    const next = commandState(action as RiskAction, 'firm', 'because');
    expect([next.state, next.reason]).toEqual([to, reason]);
  });

  it.each([
    ['halt', 'HALTED', 'PM_HALTED'],
    ['reduce', 'REDUCING', 'PM_REDUCING'],
    ['resume', 'ACTIVE', 'OK'],
  ] as const)('PM + %s command → %s (%s)', (action, to, reason) => {
    const next = commandState(action, 'pm', 'limit review');
    expect([next.state, next.reason]).toEqual([to, reason]);
    if (to !== 'ACTIVE') expect(next.why).toBe(`${action} by command: limit review`);
  });

  it.each([
    // from, equity, peak, limit → state, reason, peak after
    ['ACTIVE', 'ACTIVE', 95, 100, 10, 'ACTIVE', 'OK', '100'],
    ['ACTIVE', 'ACTIVE', 90, 100, 10, 'HALTED', 'FIRM_DRAWDOWN', '100'],
    ['ACTIVE', 'ACTIVE', 80, 100, 10, 'HALTED', 'FIRM_DRAWDOWN', '100'],
    ['ACTIVE at a new peak', 'ACTIVE', 120, 100, 10, 'ACTIVE', 'OK', '120'],
    ['ACTIVE without a limit', 'ACTIVE', 10, 100, undefined, 'ACTIVE', 'OK', '100'],
    ['REDUCING', 'REDUCING', 85, 100, 10, 'HALTED', 'FIRM_DRAWDOWN', '100'],
    ['REDUCING within the limit', 'REDUCING', 95, 100, 10, 'REDUCING', 'FIRM_REDUCING', '100'],
    ['HALTED by command stays so', 'HALTED', 50, 100, 10, 'HALTED', 'FIRM_HALTED', '100'],
    ['HALTED by drawdown stays so after a recovery', 'HALTED by drawdown', 99, 100, 10, 'HALTED', 'FIRM_DRAWDOWN', '100'],
  ] as const)('after the marks: %s, equity %d from peak %d with limit %s%%', (_n, from, equity, peak, limit, to, reason, peakAfter) => {
    const s = STATES.find(([n]) => n === from)![1];
    const r = afterMarks(s, new D(equity), new D(peak), limit === undefined ? undefined : new D(limit));
    expect([r.state.state, r.state.reason, decText(r.peak)]).toEqual([to, reason, peakAfter]);
    expect(r.halted).toBe(s.state !== 'HALTED' && to === 'HALTED');
  });

  it('says what the drawdown was, from which peak, against which limit', () => {
    const r = afterMarks(ACTIVE_STATE, new D(880_000), new D(1_000_000), new D(10));
    expect(r.state.why).toBe('drawdown 12% from peak equity 1000000 reached limit 10% (max_drawdown_pct)');
    expect(decText(drawdownPct(new D(880_000), new D(1_000_000)))).toBe('12');
    expect(decText(drawdownPct(new D(1_100_000), new D(1_000_000)))).toBe('0');
  });

  const PM_DRAWDOWN: ScopeState = { state: 'REDUCING', reason: 'PM_DRAWDOWN', why: 'drawdown 11% reached limit 10% (max_drawdown_pct)' };
  const at = (state: ScopeState, seq: number): SeqState => ({ state, seq });
  it.each<[string, SeqState | undefined, SeqState | undefined, string]>([
    ['no command, no report', undefined, undefined, 'ACTIVE OK'],
    ['no command, the PM in its own drawdown', undefined, at(PM_DRAWDOWN, 0), 'REDUCING PM_DRAWDOWN'],
    ['no command, the PM active', undefined, at(ACTIVE_STATE, 0), 'ACTIVE OK'],
    ['a halt the PM has not heard yet', at(commandState('halt', 'pm', ''), 1), at(ACTIVE_STATE, 0), 'HALTED PM_HALTED'],
    ['a halt the PM obeyed', at(commandState('halt', 'pm', ''), 1), at(commandState('halt', 'pm', ''), 1), 'HALTED PM_HALTED'],
    ['a resume the PM has not heard yet: its drawdown report is superseded', at(ACTIVE_STATE, 2), at(PM_DRAWDOWN, 1), 'ACTIVE OK'],
    ['a resume the PM obeyed, then a new drawdown of its own', at(ACTIVE_STATE, 2), at(PM_DRAWDOWN, 2), 'REDUCING PM_DRAWDOWN'],
    ['a PM that claims less than it was commanded is held to the command', at(commandState('reduce', 'pm', ''), 3), at(ACTIVE_STATE, 3), 'REDUCING PM_REDUCING'],
    ['a commanded halt is stricter than the PM\'s drawdown', at(commandState('halt', 'pm', ''), 1), at(PM_DRAWDOWN, 1), 'HALTED PM_HALTED'],
  ])('PM state with %s', (_name, commanded, reported, expected) => {
    const s = pmStateOf(commanded, reported);
    expect(`${s.state} ${s.reason}`).toBe(expected);
  });
});
