import type { ScheduledOrder, StrategyParams } from '../config/types.js';
import { ISO_DATE } from '../market/bar.js';
import { tryDecimal, ZERO, type Dec } from '../money/decimal.js';
import { closeOf, distinctSymbols } from './signal-strategy.js';
import type { Direction, StepCloses, Strategy, TargetChange } from './strategy.js';
import { assertNoIssues, type ParamIssue } from './strategy-config-error.js';

export type ScheduledOrdersParams = Extract<StrategyParams, { type: 'scheduled_orders' }>;

/** Every problem with a scheduled_orders blotter (paths under `at`); pure. */
export function scheduledOrdersIssues(params: ScheduledOrdersParams, at = 'params'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  if (!Array.isArray(params.orders)) {
    return [{ param: `${at}.orders`, message: `${at}.orders must be a list of orders` }];
  }
  params.orders.forEach((order, i) => {
    const path = `${at}.orders[${i}]`;
    if (typeof order.date !== 'string' || !ISO_DATE.test(order.date)) {
      issues.push({ param: `${path}.date`, message: `${path}.date must be YYYY-MM-DD, found ${JSON.stringify(order.date)}` });
    }
    if (typeof order.symbol !== 'string' || order.symbol === '') {
      issues.push({ param: `${path}.symbol`, message: `${path}.symbol must be a non-empty string, found ${JSON.stringify(order.symbol)}` });
    }
    if (order.side !== 'buy' && order.side !== 'sell') {
      issues.push({ param: `${path}.side`, message: `${path}.side must be buy or sell, found ${JSON.stringify(order.side)}` });
    }
    const qty = tryDecimal(order.qty);
    if (qty === undefined || !qty.gt(0)) {
      issues.push({ param: `${path}.qty`, message: `${path}.qty must be a decimal > 0, found ${JSON.stringify(order.qty)}` });
    }
  });
  return issues;
}

interface Fill {
  readonly date: string;
  /** Signed: buy +, sell −. */
  readonly qty: Dec;
  readonly lotIds?: readonly string[];
}

function signOf(qty: Dec): Direction {
  return qty.isZero() ? 0 : qty.isNegative() ? -1 : 1;
}

/**
 * Blotter replay: each order's signed quantity (buy +, sell −) is added to the strategy's own
 * running target for its symbol on the first step dated on or after the order's date at which the
 * symbol has a bar. So an order on a non-trading date applies at the next step, one dated before
 * the first step applies on the first step, and one for a symbol without a bar that step waits for
 * the symbol's next bar (the contract's "a symbol without a bar is skipped"). Orders meeting on
 * one symbol and step are summed into one change; a net change of 0 emits nothing. Emits
 * `targetQty` = the new cumulative target, direction = its sign, score 0, and the lot ids its
 * orders name. `symbols` are the
 * symbols its orders name. Deterministic, mutable, pure (no I/O, no clock).
 */
export class ScheduledOrdersStrategy implements Strategy {
  readonly symbols: readonly string[];
  /** Per symbol slot, its orders in date order (ties keep blotter order). */
  private readonly queues: readonly (readonly Fill[])[];
  private readonly cursors: number[];
  private readonly targets: Dec[];

  constructor(readonly id: string, readonly params: ScheduledOrdersParams) {
    assertNoIssues(id, scheduledOrdersIssues(params));
    this.symbols = distinctSymbols(params.orders.map((o) => o.symbol));
    this.queues = this.symbols.map((symbol) =>
      params.orders
        .filter((o) => o.symbol === symbol)
        .map((o): Fill => {
          const qty = tryDecimal(o.qty) as Dec;
          return { date: o.date, qty: o.side === 'buy' ? qty : qty.neg(), ...(o.lotIds?.length ? { lotIds: o.lotIds } : {}) };
        })
        // Array.prototype.sort is stable, so same-date orders keep their blotter order.
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    );
    this.cursors = this.symbols.map(() => 0);
    this.targets = this.symbols.map(() => ZERO);
  }

  /** The current cumulative signed target for `symbol` (0 before any order applied). */
  target(symbol: string): Dec {
    return this.targets[this.symbols.indexOf(symbol)] ?? ZERO;
  }

  /** Applies the orders now due for every symbol with a bar; returns the symbols whose target changed. */
  onStep(step: StepCloses): readonly TargetChange[] {
    const changes: TargetChange[] = [];
    for (let slot = 0; slot < this.symbols.length; slot += 1) {
      const symbol = this.symbols[slot] as string;
      if (closeOf(step, symbol) === undefined) continue;
      const queue = this.queues[slot] as readonly Fill[];
      let cursor = this.cursors[slot] as number;
      let delta = ZERO;
      const lotIds: string[] = [];
      while (cursor < queue.length && (queue[cursor] as Fill).date <= step.date) {
        delta = delta.plus((queue[cursor] as Fill).qty);
        lotIds.push(...((queue[cursor] as Fill).lotIds ?? []));
        cursor += 1;
      }
      this.cursors[slot] = cursor;
      if (delta.isZero()) continue;
      const target = (this.targets[slot] as Dec).plus(delta);
      this.targets[slot] = target;
      changes.push({ symbol, direction: signOf(target), score: 0, targetQty: target, ...(lotIds.length ? { lotIds } : {}) });
    }
    return changes;
  }
}
