import { decText, REASON_CODES, tryDecimal, type BookFill, type Dec, type DecisionKind, type ReasonCode, type Side } from '@atrium/domain';
import { v1 } from './envelope.codec.js';

/** Domain side → wire enum; pure. */
export function sideToWire(side: Side): number {
  return side === 'buy' ? v1.Side.SIDE_BUY : v1.Side.SIDE_SELL;
}

/** Wire enum → domain side, or 'invalid' for anything else; pure. */
export function sideFromWire(side: number | null | undefined): Side | 'invalid' {
  return side === v1.Side.SIDE_BUY ? 'buy' : side === v1.Side.SIDE_SELL ? 'sell' : 'invalid';
}

const reasonByName = new Map<string, number>(Object.entries(v1.ReasonCode).filter(([, v]) => typeof v === 'number') as [string, number][]);
const nameByValue = new Map<number, ReasonCode>();
for (const code of REASON_CODES) {
  const value = reasonByName.get(`REASON_${code}`);
  if (value === undefined) throw new Error(`proto ReasonCode lacks REASON_${code}`);
  nameByValue.set(value, code);
}

/** Domain reason code → wire enum value; pure. */
export function reasonToWire(code: ReasonCode): number {
  return reasonByName.get(`REASON_${code}`)!;
}

/** Wire enum value → domain reason code ('OK' never comes from an unknown value: UNSPECIFIED maps to undefined); pure. */
export function reasonFromWire(value: number | null | undefined): ReasonCode | undefined {
  return value == null ? undefined : nameByValue.get(value);
}

/** Domain decision → wire enum; pure. */
export function decisionToWire(d: DecisionKind): number {
  return d === 'approved' ? v1.Decision.DECISION_APPROVED : d === 'scaled' ? v1.Decision.DECISION_SCALED : v1.Decision.DECISION_DENIED;
}

/** Wire enum → domain decision ('denied' for anything unknown: fail closed); pure. */
export function decisionFromWire(d: number | null | undefined): DecisionKind {
  return d === v1.Decision.DECISION_APPROVED ? 'approved' : d === v1.Decision.DECISION_SCALED ? 'scaled' : 'denied';
}

/** All reason code names the wire knows (without the REASON_ prefix, UNSPECIFIED excluded). */
export function wireReasonNames(): string[] {
  return [...reasonByName.keys()].filter((k) => k !== 'REASON_UNSPECIFIED').map((k) => k.slice('REASON_'.length));
}

/** The wire fields of a child order (venue records, fills and cancels repeat them); pure. */
export function childOrderToWire(o: { childId: string; parentId: string; pmId: string; accountId: string; symbol: string; side: Side; qty: Dec; step: number }) {
  return { childId: o.childId, parentId: o.parentId, pmId: o.pmId, accountId: o.accountId, symbol: o.symbol, side: sideToWire(o.side), qty: decText(o.qty), step: o.step };
}

/** A fill as books apply it. */
export interface FillIn extends BookFill {
  readonly fillId: string;
  readonly pmId: string;
  readonly accountId: string;
  readonly parentId: string;
}

/** A decoded fill with valid side, quantity, price and commission, or undefined when any is bad; pure. */
export function fillFromWire(f: { fillId: string; pmId: string; accountId: string; parentId: string; symbol: string; side: number; qty: string; price: string; commission: string }): FillIn | undefined {
  const side = sideFromWire(f.side);
  const qty = tryDecimal(f.qty);
  const price = tryDecimal(f.price);
  const commission = tryDecimal(f.commission || '0');
  if (side === 'invalid' || !qty || !qty.gt(0) || !price || !commission) return undefined;
  return { fillId: f.fillId, pmId: f.pmId, accountId: f.accountId, parentId: f.parentId, symbol: f.symbol, side, qty, price, commission };
}
