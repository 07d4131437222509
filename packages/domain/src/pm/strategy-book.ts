import { ZERO, type Dec } from '../money/decimal.js';
import type { StrategyConfig } from '../config/types.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { sizeTarget } from '../strategy/sizing.js';
import type { Direction, StepCloses, Strategy } from '../strategy/strategy.js';

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

/**
 * A PM's strategies and what each wants to hold: feeds them every step, sizes their directions
 * into share targets at the step's close (sizing happens when a direction changes, and again
 * for percent_equity targets when the PM's capital changes), and nets all targets per symbol.
 * Deterministic and I/O-free; owned by one PM actor.
 */
export class StrategyBook {
  private readonly strategies: { config: StrategyConfig; strategy: Strategy; slots: Map<string, Slot>; account?: string }[];
  /** lot ids named by account-directed orders not yet sent, per `account/symbol` */
  private readonly pendingLots = new Map<string, string[]>();

  constructor(configs: readonly StrategyConfig[]) {
    this.strategies = configs.map((config) => ({
      config,
      strategy: createStrategy(config),
      slots: new Map(),
      ...(config.params.type === 'scheduled_orders' && config.params.account !== undefined ? { account: config.params.account } : {}),
    }));
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
    for (const s of this.strategies) {
      for (const change of s.strategy.onStep(step)) {
        const p = price(change.symbol);
        const explicit = change.targetQty !== undefined;
        const target = change.targetQty ?? (p ? sizeTarget(s.config.sizing, change.direction, p, equity) : ZERO);
        s.slots.set(change.symbol, { direction: change.direction, target, explicit });
        if (s.account !== undefined && change.lotIds?.length) {
          const key = `${s.account}/${change.symbol}`;
          this.pendingLots.set(key, [...(this.pendingLots.get(key) ?? []), ...change.lotIds]);
        }
        out.push({ strategyId: s.config.id, symbol: change.symbol, direction: change.direction, targetQty: target, score: change.score });
      }
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
    return out;
  }

  /**
   * Sum of the pooled strategies' targets per symbol (symbols with a zero sum included); the
   * targets of account-directed strategies are in directedTargets.
   */
  netTargets(): Map<string, Dec> {
    const net = new Map<string, Dec>();
    for (const s of this.strategies) {
      if (s.account !== undefined) continue;
      for (const [symbol, slot] of s.slots) net.set(symbol, (net.get(symbol) ?? ZERO).plus(slot.target));
    }
    return net;
  }

  /**
   * Per account, the summed targets of the strategies that trade only that account
   * (scheduled_orders with `params.account`): their orders go to that account, unsplit.
   */
  directedTargets(): Map<string, Map<string, Dec>> {
    const out = new Map<string, Map<string, Dec>>();
    for (const s of this.strategies) {
      if (s.account === undefined) continue;
      const net = out.get(s.account) ?? new Map<string, Dec>();
      for (const [symbol, slot] of s.slots) net.set(symbol, (net.get(symbol) ?? ZERO).plus(slot.target));
      out.set(s.account, net);
    }
    return out;
  }

  /** The lot ids directed orders named for `account` and `symbol` since the last call, then forgets them. */
  takeLotIds(account: string, symbol: string): string[] {
    const key = `${account}/${symbol}`;
    const ids = this.pendingLots.get(key) ?? [];
    this.pendingLots.delete(key);
    return ids;
  }

  /** Ids of the strategies holding a non-zero target in `symbol`. */
  strategiesIn(symbol: string): string[] {
    return this.strategies.filter((s) => !(s.slots.get(symbol)?.target.isZero() ?? true)).map((s) => s.config.id);
  }
}
