import { ZERO, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { ReasonCode } from '../risk/reason.js';
import type { TaxLotBook } from '../taxlots/tax-lots.js';
import { checkCompliance, type AccountView, type ComplianceFinding, type ComplianceRule } from './check-compliance.js';

/** A refusal or warning, as reports list it (the actor adds PM, account, step and date). */
export interface ComplianceRecord {
  /** pre_split: the PM left the account out of a block; account: the account checked its child order */
  readonly stage: 'pre_split' | 'account';
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  /** the rule kind, or `specific_lots` for a lot instruction the account cannot carry out */
  readonly rule: string;
  readonly ruleSource: string;
  readonly severity: 'hard' | 'warn';
  readonly outcome: 'excluded' | 'refused' | 'warned';
  readonly reason: ReasonCode;
  readonly value: string;
  readonly limit: string;
  readonly message: string;
}

/** A compliance finding as a record of one order of one account at one stage (the message names the account); pure. */
export function recordOf(stage: ComplianceRecord['stage'], accountId: string, order: { orderId: string; symbol: string; side: Side; qty: Dec }, f: ComplianceFinding): ComplianceRecord {
  const outcome = f.rule.severity === 'warn' ? 'warned' : stage === 'pre_split' ? 'excluded' : 'refused';
  return { stage, ...order, rule: f.rule.kind, ruleSource: f.rule.source, severity: f.rule.severity, outcome, reason: f.reason, value: f.value, limit: f.limit, message: `account ${accountId}: ${f.message}` };
}

/** A child order an account is asked to place. */
export interface ChildToCheck {
  readonly childId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: Dec;
  readonly lotIds?: readonly string[];
}

/** What an account checks its child orders with. */
export interface ChildCheckContext {
  readonly accountId: string;
  readonly rules: readonly ComplianceRule[];
  readonly lots: Pick<TaxLotBook, 'lotProblem' | 'namedShares'>;
  /** the account's book at the last close; positions exclude this batch (added as orders pass) */
  readonly view: AccountView;
}

/**
 * Checks one batch of child orders (one step's) in order: a lot instruction the account cannot
 * carry out (ACCOUNT_INVALID_LOT), then every compliance rule on the position the orders accepted
 * so far in the batch leave (and, for max_adv_pct, on the shares they trade with it). A hard
 * breach refuses the order, naming the account and every hard rule; warn breaches let it pass.
 * Every breach is recorded. Pure (reads the lots).
 */
export function checkChildOrders<O extends ChildToCheck>(orders: readonly O[], ctx: ChildCheckContext): {
  accepted: O[];
  refused: { order: O; reason: ReasonCode; message: string }[];
  records: ComplianceRecord[];
} {
  const accepted: O[] = [];
  const refused: { order: O; reason: ReasonCode; message: string }[] = [];
  const records: ComplianceRecord[] = [];
  const batch = new Map<string, Dec>();
  /** shares traded per symbol by the orders accepted so far, buys and sells (participation) */
  const traded = new Map<string, Dec>();
  /** shares of lots named by the orders accepted so far: a lot cannot be sold twice in a step */
  const claimed = new Map<string, Dec>();
  const view: AccountView = {
    ...ctx.view,
    position: (s) => ctx.view.position(s).plus(batch.get(s) ?? ZERO),
    held: () => [...new Set([...ctx.view.held(), ...batch.keys()])],
    traded: (s) => traded.get(s) ?? ZERO,
  };
  for (const o of orders) {
    const ref = { orderId: o.childId, symbol: o.symbol, side: o.side, qty: o.qty };
    const lotProblem = o.lotIds?.length ? ctx.lots.lotProblem(o.symbol, o.side, o.qty, o.lotIds, claimed) : undefined;
    if (lotProblem) {
      const message = `account ${ctx.accountId}: ${lotProblem}`;
      refused.push({ order: o, reason: 'ACCOUNT_INVALID_LOT', message });
      records.push({ stage: 'account', ...ref, rule: 'specific_lots', ruleSource: '', severity: 'hard', outcome: 'refused', reason: 'ACCOUNT_INVALID_LOT', value: o.lotIds!.join(';'), limit: '', message });
      continue;
    }
    const findings = checkCompliance(ctx.rules, o, view);
    records.push(...findings.map((f) => recordOf('account', ctx.accountId, ref, f)));
    const hard = findings.filter((f) => f.rule.severity === 'hard');
    if (hard.length) {
      refused.push({ order: o, reason: hard[0]!.reason, message: `account ${ctx.accountId}: ${hard.map((f) => f.message).join('; ')}` });
      continue;
    }
    accepted.push(o);
    if (o.lotIds?.length) for (const [id, q] of ctx.lots.namedShares(o.qty, o.lotIds, claimed)) claimed.set(id, (claimed.get(id) ?? ZERO).plus(q));
    batch.set(o.symbol, (batch.get(o.symbol) ?? ZERO).plus(o.side === 'buy' ? o.qty : o.qty.neg()));
    traded.set(o.symbol, (traded.get(o.symbol) ?? ZERO).plus(o.qty));
  }
  return { accepted, refused, records };
}
