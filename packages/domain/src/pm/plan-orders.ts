import { D, ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { ReasonCode } from '../risk/reason.js';

export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** PM-level limits as decimals (percentages as given, e.g. 5 = 5%). */
export interface PmLimits {
  readonly maxPositionPct?: Dec;
  readonly maxDrawdownPct?: Dec;
}

/** A block order the PM wants to send, before master-risk has seen it. */
export interface PlannedOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly refPrice: Dec;
}

/** A change the PM's own limits or state made to what its strategies wanted. */
export interface PmAdjustment {
  readonly symbol: string;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly wanted: Dec;
  readonly allowed: Dec;
}

export interface PlanInput {
  /** net target per symbol: the sum of the strategies' targets */
  readonly targets: ReadonlyMap<string, Dec>;
  readonly position: (symbol: string) => Dec;
  /** symbols held now (so targets dropped to nothing still flatten them) */
  readonly held: readonly string[];
  /** close of this step; undefined when the symbol has no bar this step (no order then) */
  readonly price: (symbol: string) => Dec | undefined;
  readonly equity: Dec;
  readonly limits: PmLimits;
  readonly state: TradingState;
  /** why the PM is not ACTIVE (PM_DRAWDOWN for its own max_drawdown_pct); default PM_REDUCING / PM_HALTED */
  readonly stateReason?: ReasonCode;
}

const HUNDRED = new D(100);

/**
 * Nets targets against positions into block orders, one per symbol (sorted), after the PM's
 * own limits: a target is clipped to max_position_pct of equity; in REDUCING only orders that
 * move a position toward flat (never through it) remain; in HALTED none do. Pure.
 */
export function planBlockOrders(input: PlanInput): { orders: PlannedOrder[]; adjustments: PmAdjustment[] } {
  const symbols = [...new Set([...input.targets.keys(), ...input.held])].sort();
  const orders: PlannedOrder[] = [];
  const adjustments: PmAdjustment[] = [];
  for (const symbol of symbols) {
    const price = input.price(symbol);
    if (!price || price.lte(0)) continue;
    const position = input.position(symbol);
    let target = input.targets.get(symbol) ?? ZERO;
    // the exact clip (three decimal divisions) only when a float estimate says the target may
    // be over the limit: a 1e-9 margin is far beyond the floats' error, so nothing is missed
    const cap = input.limits.maxPositionPct;
    if (cap && input.equity.gt(0) && !target.isZero() && Math.abs(target.toNumber()) * price.toNumber() > input.equity.toNumber() * cap.toNumber() * 0.01 * (1 - 1e-9)) {
      const maxQty = input.equity.times(input.limits.maxPositionPct).div(HUNDRED).div(price).floor();
      if (target.abs().gt(maxQty)) {
        const clipped = target.isNeg() ? maxQty.neg() : maxQty;
        adjustments.push({ symbol, reason: 'PM_MAX_POSITION', message: `target ${target.toString()} clipped to ${clipped.toString()} (max_position_pct ${input.limits.maxPositionPct.toString()}% of equity)`, wanted: target, allowed: clipped });
        target = clipped;
      }
    }
    let delta = target.minus(position);
    if (delta.isZero()) continue;
    if (input.state !== 'ACTIVE') {
      const reducing = !position.isZero() && delta.isNeg() !== position.isNeg();
      const allowed = input.state === 'HALTED' || !reducing ? ZERO : delta.abs().gt(position.abs()) ? position.neg() : delta;
      if (!allowed.eq(delta)) {
        adjustments.push({
          symbol,
          reason: input.stateReason ?? (input.state === 'HALTED' ? 'PM_HALTED' : 'PM_REDUCING'),
          message: `PM is ${input.state}: order ${delta.toString()} ${allowed.isZero() ? 'withheld' : `cut to ${allowed.toString()}`} (only orders that reduce exposure pass)`,
          wanted: delta,
          allowed,
        });
      }
      delta = allowed;
      if (delta.isZero()) continue;
    }
    orders.push({ symbol, side: delta.isNeg() ? 'sell' : 'buy', qty: delta.abs(), refPrice: price });
  }
  return { orders, adjustments };
}

/** True when the drawdown of `nav` from `peak` reaches max_drawdown_pct; pure. */
export function drawdownBreached(nav: number, peak: number, maxDrawdownPct: Dec | undefined): boolean {
  if (!maxDrawdownPct || !(peak > 0)) return false;
  // drawdowns are statistics (floats): allow for representation error at the boundary
  return (1 - nav / peak) * 100 >= maxDrawdownPct.toNumber() - 1e-9;
}
