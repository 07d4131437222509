import type { Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { Instrument } from '../config/instrument.js';
import { excludingFindings, type ComplianceFinding, type ComplianceRule } from './check-compliance.js';

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
