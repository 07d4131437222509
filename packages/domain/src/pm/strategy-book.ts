import { ZERO, type Dec } from '../money/decimal.js';
import type { StrategyConfig } from '../config/types.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { sizeTarget } from '../strategy/sizing.js';
import type { DecidedOrder, Direction, StepCloses, Strategy } from '../strategy/strategy.js';

/** A strategy's target for one symbol changed (what the PM publishes as a signal). */
export interface TargetSignal {
  readonly strategyId: string;
  readonly symbol: string;
  readonly direction: Direction;
  readonly targetQty: Dec;
  readonly score: number;
}

interface Slot {
  direction: Direction;
  target: Dec;
  /** scheduled_orders give exact quantities: never resized */
  explicit: boolean;
}

/** An order a blotter decided on this step, with the strategy it came from. */
export interface StrategyOrder extends DecidedOrder {
  readonly strategyId: string;
  /** the one account it is for (scheduled_orders with `params.account`); else split across the PM's */
  readonly account?: string;
}

/**
 * A PM's strategies and what each wants: feeds them every step, sizes the directions of target
 * strategies into share targets at the step's close (when a direction changes, and again for
 * percent_equity targets when the PM's capital changes) and nets those targets per symbol; order
 * strategies (scheduled_orders) give orders instead (decidedOrders), which are not netted.
 * Deterministic and I/O-free; owned by one PM actor.
 */
export class StrategyBook {
  private readonly strategies: { config: StrategyConfig; strategy: Strategy; slots: Map<string, Slot>; orders: boolean; account?: string }[];
  private decided: StrategyOrder[] = [];

  constructor(configs: readonly StrategyConfig[]) {
    this.strategies = configs.map((config) => {
      const strategy = createStrategy(config);
      return {
        config,
        strategy,
        slots: new Map(),
        orders: strategy.decidedOrders !== undefined,
        ...(config.params.type === 'scheduled_orders' && config.params.account !== undefined ? { account: config.params.account } : {}),
      };
    });
  }

  /** Every symbol any strategy trades, sorted. */
  symbols(): string[] {
    return [...new Set(this.strategies.flatMap((s) => s.strategy.symbols))].sort();
  }

  /**
   * Feeds one step to every strategy (in config order) and returns the targets that changed.
   * `resize`: the PM's capital changed, so percent_equity targets are re-sized at this close.
   */
  onStep(step: StepCloses, price: (symbol: string) => Dec | undefined, equity: Dec, resize: boolean): TargetSignal[] {
    const out: TargetSignal[] = [];
    const decided: StrategyOrder[] = [];
    for (const s of this.strategies) {
      for (const change of s.strategy.onStep(step)) {
        const p = price(change.symbol);
        const explicit = change.targetQty !== undefined;
        const target = change.targetQty ?? (p ? sizeTarget(s.config.sizing, change.direction, p, equity) : ZERO);
        s.slots.set(change.symbol, { direction: change.direction, target, explicit });
        out.push({ strategyId: s.config.id, symbol: change.symbol, direction: change.direction, targetQty: target, score: change.score });
      }
      for (const o of s.strategy.decidedOrders?.() ?? []) decided.push({ ...o, strategyId: s.config.id, ...(s.account !== undefined ? { account: s.account } : {}) });
      if (!resize || s.config.sizing.type !== 'percent_equity') continue;
      for (const [symbol, slot] of s.slots) {
        if (slot.explicit || slot.direction === 0) continue;
        const p = price(symbol);
        if (!p) continue;
        const target = sizeTarget(s.config.sizing, slot.direction, p, equity);
        if (target.eq(slot.target)) continue;
        slot.target = target;
        out.push({ strategyId: s.config.id, symbol, direction: slot.direction, targetQty: target, score: 0 });
      }
    }
    this.decided = decided;
    return out;
  }

  /** The orders the order strategies decided on the last onStep: strategies in config order, each's in its order. */
  decidedOrders(): readonly StrategyOrder[] {
    return this.decided;
  }

  /**
   * Sum of the target strategies' targets per symbol (symbols with a zero sum included); order
   * strategies' paper targets are not in it (their orders are sent as they are).
   */
  netTargets(): Map<string, Dec> {
    const net = new Map<string, Dec>();
    for (const s of this.strategies) {
      if (s.orders) continue;
      for (const [symbol, slot] of s.slots) net.set(symbol, (net.get(symbol) ?? ZERO).plus(slot.target));
    }
    return net;
  }

  /** Ids of the target strategies holding a non-zero target in `symbol` (behind a netted order). */
  strategiesIn(symbol: string): string[] {
    return this.strategies.filter((s) => !s.orders && !(s.slots.get(symbol)?.target.isZero() ?? true)).map((s) => s.config.id);
  }
}
