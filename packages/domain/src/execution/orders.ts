import { decText, tryDecimal, type Dec } from '../money/decimal.js';
import type { MarketStepData } from '../market/bar.js';
import type { Side } from '../portfolio/book.js';
import type { ReasonCode } from '../risk/reason.js';
import { commissionFor, fillPrice, type FillModel } from './fill-model.js';

/** A child (account) market order, as the venue holds it. */
export interface ChildOrderSpec {
  readonly childId: string;
  readonly parentId: string;
  readonly pmId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  /** the step it was decided on */
  readonly step: number;
}

export interface FillEvent {
  readonly fillId: string;
  readonly order: ChildOrderSpec;
  readonly price: Dec;
  readonly commission: Dec;
  readonly step: number;
  readonly date: string;
}

export interface CancelEvent {
  readonly order: ChildOrderSpec;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly step: number;
}

/**
 * Fills every pending market order at this step's open, moved by slippage, with commission.
 * An order whose symbol has no bar (or no valid open) on this step is canceled NO_MARKET —
 * orders are never carried to a later step, so every order resolves on the step after it was
 * decided. Pure.
 */
export function matchAtOpen(pending: readonly ChildOrderSpec[], step: number, data: MarketStepData, model: FillModel): { fills: FillEvent[]; cancels: CancelEvent[] } {
  const opens = new Map<string, Dec>();
  for (const b of data.bars) {
    const o = tryDecimal(b.open);
    if (o && o.gt(0)) opens.set(b.symbol, o);
  }
  const fills: FillEvent[] = [];
  const cancels: CancelEvent[] = [];
  for (const order of pending) {
    const open = opens.get(order.symbol);
    if (!open) {
      cancels.push({ order, reason: 'NO_MARKET', message: `no ${order.symbol} bar on ${data.date}`, step });
      continue;
    }
    const price = fillPrice(open, order.side, model.slippageBps);
    fills.push({ fillId: `${order.childId}-f`, order, price, commission: commissionFor(order.qty, price, model), step, date: data.date });
  }
  return { fills, cancels };
}

/** Validates a submitted child order's fields; returns a reason when it must be refused; pure. */
export function validateChildOrder(o: { symbol: string; side: Side | 'invalid'; qty: string; step: number }, currentStep: number, knownSymbols: ReadonlySet<string>): { reason: ReasonCode; message: string } | undefined {
  if (o.side === 'invalid') return { reason: 'INVALID_SIDE', message: 'side must be buy or sell' };
  const q = tryDecimal(o.qty);
  if (!q) return { reason: 'INVALID_DECIMAL', message: `quantity ${JSON.stringify(o.qty)} is not a finite decimal` };
  if (q.lte(0) || !q.isInteger()) return { reason: 'INVALID_QUANTITY', message: `quantity ${decText(q)} must be a positive whole number` };
  if (!knownSymbols.has(o.symbol)) return { reason: 'UNKNOWN_SYMBOL', message: `unknown symbol ${JSON.stringify(o.symbol)}` };
  if (o.step !== currentStep) return { reason: 'STALE_STEP', message: `order for step ${o.step} arrived during step ${currentStep}` };
  return undefined;
}
