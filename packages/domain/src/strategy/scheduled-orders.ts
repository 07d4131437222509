import type { StrategyParams } from '../config/types.js';
import { ISO_DATE } from '../market/bar.js';
import { tryDecimal, ZERO, type Dec } from '../money/decimal.js';
import { closeOf, distinctSymbols } from './signal-strategy.js';
import type { DecidedOrder, Direction, StepCloses, Strategy, TargetChange } from './strategy.js';
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

interface Row {
  readonly date: string;
  /** Signed: buy +, sell −. */
  readonly qty: Dec;
  readonly order: Omit<DecidedOrder, 'symbol'>;
}

function signOf(qty: Dec): Direction {
  return qty.isZero() ? 0 : qty.isNegative() ? -1 : 1;
}

/**
 * Blotter replay with order semantics: each row is an order, decided once, on the first step
 * dated on or after the row's date at which its symbol has a bar (so a row on a non-trading date
 * goes at the next step, one dated before the first step on the first step, and one for a symbol
 * without a bar that step waits for the symbol's next bar: the contract's "a symbol without a bar
 * is skipped"). `decidedOrders()` gives the rows of the last step, one order each (never netted,
 * lot ids kept with their row), in date then blotter order per symbol, symbols in first-named
 * order. `onStep` also reports the strategy's paper target — the running sum of its rows
 * (buy +, sell −), as if every order filled — when a step changes it (direction = its sign,
 * score 0). `symbols` are the symbols its orders name. Deterministic, mutable, pure (no I/O,
 * no clock).
 */
export class ScheduledOrdersStrategy implements Strategy {
  readonly symbols: readonly string[];
  /** Per symbol slot, its rows in date order (ties keep blotter order). */
  private readonly queues: readonly (readonly Row[])[];
  private readonly cursors: number[];
  private readonly targets: Dec[];
  private decided: DecidedOrder[] = [];

  constructor(readonly id: string, readonly params: ScheduledOrdersParams) {
    assertNoIssues(id, scheduledOrdersIssues(params));
    this.symbols = distinctSymbols(params.orders.map((o) => o.symbol));
    this.queues = this.symbols.map((symbol) =>
      params.orders
        .filter((o) => o.symbol === symbol)
        .map((o): Row => {
          const qty = tryDecimal(o.qty) as Dec;
          return { date: o.date, qty: o.side === 'buy' ? qty : qty.neg(), order: { side: o.side, qty, lotIds: o.lotIds ?? [], date: o.date } };
        })
        // Array.prototype.sort is stable, so same-date orders keep their blotter order.
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    );
    this.cursors = this.symbols.map(() => 0);
    this.targets = this.symbols.map(() => ZERO);
  }

  /** The current paper target for `symbol`: the signed sum of its rows decided so far (0 before any). */
  target(symbol: string): Dec {
    return this.targets[this.symbols.indexOf(symbol)] ?? ZERO;
  }

  /** The orders the last onStep decided (see the class comment). */
  decidedOrders(): readonly DecidedOrder[] {
    return this.decided;
  }

  /** Decides the rows now due for every symbol with a bar; returns the symbols whose paper target changed. */
  onStep(step: StepCloses): readonly TargetChange[] {
    const changes: TargetChange[] = [];
    const decided: DecidedOrder[] = [];
    for (let slot = 0; slot < this.symbols.length; slot += 1) {
      const symbol = this.symbols[slot] as string;
      if (closeOf(step, symbol) === undefined) continue;
      const queue = this.queues[slot] as readonly Row[];
      let cursor = this.cursors[slot] as number;
      let delta = ZERO;
      while (cursor < queue.length && (queue[cursor] as Row).date <= step.date) {
        const row = queue[cursor] as Row;
        delta = delta.plus(row.qty);
        decided.push({ symbol, ...row.order });
        cursor += 1;
      }
      this.cursors[slot] = cursor;
      if (delta.isZero()) continue;
      const target = (this.targets[slot] as Dec).plus(delta);
      this.targets[slot] = target;
      changes.push({ symbol, direction: signOf(target), score: 0, targetQty: target });
    }
    this.decided = decided;
    return changes;
  }
}
