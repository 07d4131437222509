import { ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { Instrument } from '../config/instrument.js';
import { excludingFindings, type ComplianceFinding, type ComplianceRule } from './check-compliance.js';
import { recordOf, type ComplianceRecord } from './check-child-orders.js';

/**
 * Splits a PM's accounts into those that may take a share of a block order and those a hard rule
 * forbids any share (see excludingFindings), with the findings that exclude them. Order kept; pure.
 */
export function eligibleAccounts<A extends { readonly id: string; readonly rules?: readonly ComplianceRule[] }>(
  accounts: readonly A[],
  order: { readonly symbol: string; readonly side: Side },
  position: (accountId: string) => Dec,
  instrument: Instrument,
): { eligible: A[]; excluded: { account: A; findings: ComplianceFinding[] }[] } {
  const eligible: A[] = [];
  const excluded: { account: A; findings: ComplianceFinding[] }[] = [];
  for (const a of accounts) {
    const findings = a.rules?.length ? excludingFindings(a.rules, order, position(a.id), instrument) : [];
    if (findings.length) excluded.push({ account: a, findings });
    else eligible.push(a);
  }
  return { eligible, excluded };
}

/**
 * For each approved block order, the accounts its split may use: the one account of a directed
 * order, else all of the PM's; either way without the accounts a hard rule forbids any share
 * (recorded as `excluded`). `reduceOnly` names, per order, the accounts that may take a share
 * only to reduce what they hold — a hard rule would forbid them a share from flat (a long-only
 * account and the short part of a sell that flips the PM): allocation gives them none of the
 * part of the block that opens positions. Pure.
 */
export function splitAccounts<A extends { readonly id: string; readonly rules?: readonly ComplianceRule[] }>(
  orders: readonly { readonly orderId: string; readonly symbol: string; readonly side: Side; readonly qty: Dec; readonly account?: string }[],
  accounts: readonly A[],
  position: (accountId: string, symbol: string) => Dec,
  instrument: (symbol: string) => Instrument,
): { accountsFor: Map<string, A[]>; excluded: { accountId: string; record: ComplianceRecord }[]; reduceOnly: Map<string, Set<string>> } {
  const accountsFor = new Map<string, A[]>();
  const excluded: { accountId: string; record: ComplianceRecord }[] = [];
  const reduceOnly = new Map<string, Set<string>>();
  for (const o of orders) {
    const candidates = o.account === undefined ? accounts : accounts.filter((a) => a.id === o.account);
    const r = eligibleAccounts(candidates, o, (id) => position(id, o.symbol), instrument(o.symbol));
    accountsFor.set(o.orderId, r.eligible);
    const fromFlat = r.eligible.filter((a) => a.rules?.length && excludingFindings(a.rules, o, ZERO, instrument(o.symbol)).length);
    if (fromFlat.length) reduceOnly.set(o.orderId, new Set(fromFlat.map((a) => a.id)));
    const ref = { orderId: o.orderId, symbol: o.symbol, side: o.side, qty: o.qty };
    for (const x of r.excluded) for (const f of x.findings) excluded.push({ accountId: x.account.id, record: recordOf('pre_split', x.account.id, ref, f) });
  }
  return { accountsFor, excluded, reduceOnly };
}
