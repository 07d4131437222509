import { REASON_CODES, type DecisionKind, type ReasonCode, type Side } from '@atrium/domain';
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
