import { D, ZERO, decText, type Dec } from '../money/decimal.js';
import type { TradingState } from '../pm/plan-orders.js';
import type { ScopeState } from './firm-check.js';

/** An operator's command to master-risk (`inst.<firm>.risk.cmd.<action>`). */
export type RiskAction = 'halt' | 'reduce' | 'resume';

/** The state of a scope with nothing holding it back. */
export const ACTIVE_STATE: ScopeState = { state: 'ACTIVE', reason: 'OK', why: '' };

const TARGET: Record<RiskAction, TradingState> = { halt: 'HALTED', reduce: 'REDUCING', resume: 'ACTIVE' };

/**
 * The state a command puts the firm or a PM in; pure. HALTED denies every order, REDUCING lets
 * through only what takes a position toward flat, ACTIVE checks limits only. Any state can go to
 * any other by command (a drawdown halt is lifted by `resume` or eased by `reduce`).
 */
export function commandState(action: RiskAction, scope: 'firm' | 'pm', reason: string): ScopeState {
  const state = TARGET[action];
  if (state === 'ACTIVE') return ACTIVE_STATE;
  const prefix = scope === 'firm' ? 'FIRM' : 'PM';
  return { state, reason: `${prefix}_${state}` as ScopeState['reason'], why: reason ? `${action} by command: ${reason}` : `${action} by command` };
}

/** Drawdown of equity from its peak, in percent (0 at or above the peak); pure. */
export function drawdownPct(equity: Dec, peak: Dec): Dec {
  if (!peak.isPos() || equity.gte(peak)) return ZERO;
  return peak.minus(equity).div(peak).times(100);
}

/**
 * The firm's state after a step's marks: the peak equity moves up with equity, and a drawdown of
 * max_drawdown_pct or more halts a firm that is not halted already (reason FIRM_DRAWDOWN); pure.
 */
export function afterMarks(current: ScopeState, equity: Dec, peak: Dec, maxDrawdownPct: Dec | undefined): { state: ScopeState; peak: Dec; drawdown: Dec; halted: boolean } {
  const newPeak = D.max(peak, equity);
  const drawdown = drawdownPct(equity, newPeak);
  if (!maxDrawdownPct || current.state === 'HALTED' || drawdown.lt(maxDrawdownPct)) return { state: current, peak: newPeak, drawdown, halted: false };
  const why = `drawdown ${decText(drawdown.toDecimalPlaces(2))}% from peak equity ${decText(newPeak.toDecimalPlaces(2))} reached limit ${decText(maxDrawdownPct)}% (max_drawdown_pct)`;
  return { state: { state: 'HALTED', reason: 'FIRM_DRAWDOWN', why }, peak: newPeak, drawdown, halted: true };
}

/** A PM's trading state with the sequence number of the operator's command it follows (0: none yet). */
export interface SeqState {
  readonly state: ScopeState;
  readonly seq: number;
}

const STRICTNESS: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/**
 * The state master-risk decides a PM's orders with, from the operator's last command for the PM
 * (absent: ACTIVE, seq 0) and the PM's own last report (the state it planned in, and the seq of
 * the last command it obeyed); pure. A report that follows the last command counts, and the
 * stricter of the two wins: a PM that obeyed a command is never less strict than it, but its own
 * max_drawdown_pct can make it stricter (REDUCING, PM_DRAWDOWN). A report older than the last
 * command is ignored: the PM has not heard the command yet, and the command supersedes it.
 */
export function pmStateOf(commanded: SeqState | undefined, reported: SeqState | undefined): ScopeState {
  const cmd = commanded ?? { state: ACTIVE_STATE, seq: 0 };
  if (!reported || reported.seq < cmd.seq) return cmd.state;
  return STRICTNESS[reported.state.state] > STRICTNESS[cmd.state.state] ? reported.state : cmd.state;
}

/** Whether two scope states are the same state for the same reason; pure. */
export function sameState(a: ScopeState, b: ScopeState): boolean {
  return a.state === b.state && a.reason === b.reason;
}
