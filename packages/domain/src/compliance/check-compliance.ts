import { D, ZERO, decText, type Dec } from '../money/decimal.js';
import type { Side } from '../portfolio/book.js';
import type { ReasonCode } from '../risk/reason.js';
import type { Instrument } from '../config/instrument.js';
import type { ComplianceRuleConfig, ComplianceRuleKind } from '../config/types.js';

export type ComplianceRule = ComplianceRuleConfig;

/** The reason code a breach of each rule kind is refused (or recorded) with. */
export const RULE_REASON: Readonly<Record<ComplianceRuleKind, ReasonCode>> = {
  restricted_symbols: 'ACCOUNT_PROHIBITED_SYMBOL',
  max_position_pct: 'ACCOUNT_MAX_POSITION',
  max_issuer_pct: 'ACCOUNT_ISSUER_CONCENTRATION',
  long_only: 'ACCOUNT_LONG_ONLY',
  allowed_asset_classes: 'ACCOUNT_ASSET_CLASS',
  max_adv_pct: 'ACCOUNT_MAX_ADV',
};

/** A child order as compliance sees it. */
export interface ComplianceOrder {
  readonly symbol: string;
  readonly side: Side;
  /** positive */
  readonly qty: Dec;
}

/** What an account knows when it checks an order (its book marked at the last close). */
export interface AccountView {
  readonly equity: Dec;
  /** signed quantity, including orders already accepted in this step */
  position(symbol: string): Dec;
  price(symbol: string): Dec | undefined;
  instrument(symbol: string): Instrument;
  /** symbols with a position (for issuer concentration) */
  held(): readonly string[];
  averageVolume(symbol: string): Dec | undefined;
  /** shares of `symbol` the account already trades this step (orders accepted before this one, buys and sells); default none */
  traded?(symbol: string): Dec;
}

/** One rule an order breaches: what was measured against which limit. */
export interface ComplianceFinding {
  readonly rule: ComplianceRule;
  readonly reason: ReasonCode;
  readonly value: string;
  readonly limit: string;
  readonly message: string;
}

const HUNDRED = new D(100);
const money = (d: Dec) => decText(d.toDecimalPlaces(2));
/** A percentage to 4 places, or to 4 significant digits below 1% (so a tiny share does not show as 0%). */
const pctText = (d: Dec) => decText(d.abs().gte(1) || d.isZero() ? d.toDecimalPlaces(4) : d.toSignificantDigits(4));

/** Whether moving from `before` to `after` adds exposure (grows it, or opens the other side); pure. */
export function addsExposure(before: Dec, after: Dec): boolean {
  return after.abs().gt(before.abs()) || (!after.isZero() && !before.isZero() && after.isNeg() !== before.isNeg());
}

const finding = (rule: ComplianceRule, value: string, limit: string, message: string): ComplianceFinding => ({
  rule,
  reason: RULE_REASON[rule.kind],
  value,
  limit,
  message: `${message} (${rule.source}, ${rule.severity})`,
});

/** The share of equity `value` is, in %, or undefined when equity is not positive. */
const shareOf = (value: Dec, equity: Dec) => (equity.gt(0) ? value.div(equity).times(HUNDRED) : undefined);

function checkOne(rule: ComplianceRule, o: ComplianceOrder, v: AccountView, before: Dec, after: Dec): ComplianceFinding | undefined {
  const adds = addsExposure(before, after);
  switch (rule.kind) {
    case 'restricted_symbols':
      return adds && rule.symbols.includes(o.symbol) ? finding(rule, o.symbol, 'restricted', `${o.symbol} is a restricted symbol`) : undefined;
    case 'allowed_asset_classes': {
      const cls = v.instrument(o.symbol).assetClass;
      return adds && !rule.assetClasses.includes(cls) ? finding(rule, cls, rule.assetClasses.join(';'), `${o.symbol} is ${cls}, not an allowed asset class (${rule.assetClasses.join(', ')})`) : undefined;
    }
    case 'long_only':
      return after.isNeg() ? finding(rule, decText(after), '0', `${o.side} ${decText(o.qty)} ${o.symbol} would leave ${decText(after)} shares: the account is long only`) : undefined;
    case 'max_position_pct': {
      if (!adds) return undefined;
      const price = v.price(o.symbol);
      if (!price) return finding(rule, 'no price', `${rule.pct}%`, `no close for ${o.symbol} to value the position`);
      const value = after.abs().times(price);
      const share = shareOf(value, v.equity);
      if (share && share.lte(rule.pct)) return undefined;
      return finding(rule, share ? `${pctText(share)}%` : money(value), `${rule.pct}%`, `position ${decText(after)} ${o.symbol} (${money(value)}) would be ${share ? `${pctText(share)}%` : 'all'} of equity ${money(v.equity)}, above ${rule.pct}%`);
    }
    case 'max_issuer_pct': {
      if (!adds) return undefined;
      const issuer = v.instrument(o.symbol).issuer;
      let value = ZERO;
      for (const s of new Set([...v.held(), o.symbol])) {
        if (v.instrument(s).issuer !== issuer) continue;
        const price = v.price(s);
        if (!price) return finding(rule, 'no price', `${rule.pct}%`, `no close for ${s} to value issuer ${issuer}`);
        value = value.plus((s === o.symbol ? after : v.position(s)).abs().times(price));
      }
      const share = shareOf(value, v.equity);
      if (share && share.lte(rule.pct)) return undefined;
      return finding(rule, share ? `${pctText(share)}%` : money(value), `${rule.pct}%`, `issuer ${issuer} would be ${money(value)}, ${share ? `${pctText(share)}%` : 'all'} of equity ${money(v.equity)}, above ${rule.pct}%`);
    }
    case 'max_adv_pct': {
      // the account's participation in the step: this order with those of the step before it
      const earlier = v.traded?.(o.symbol) ?? ZERO;
      const qty = earlier.plus(o.qty);
      const avg = v.averageVolume(o.symbol);
      const share = avg && avg.gt(0) ? qty.div(avg).times(HUNDRED) : undefined;
      if (share && share.lte(rule.pct)) return undefined;
      const what = earlier.isZero() ? `${decText(o.qty)} ${o.symbol}` : `${decText(o.qty)} ${o.symbol} with ${decText(earlier)} earlier this step (${decText(qty)})`;
      return finding(rule, share ? `${pctText(share)}%` : 'no volume', `${rule.pct}%`, share ? `${what} is ${pctText(share)}% of its average volume ${money(avg!)}, above ${rule.pct}%` : `no average volume for ${o.symbol}`);
    }
  }
}

/**
 * Checks one order against an account's rules (inherited and its own) and returns every rule it
 * breaches, hard and warn alike: the caller refuses on a hard one and records the rest. Every
 * rule but long_only lets an order that only reduces a position through (toward flat, not past
 * it): a restricted symbol can still be sold down. Pure.
 */
export function checkCompliance(rules: readonly ComplianceRule[], order: ComplianceOrder, view: AccountView): ComplianceFinding[] {
  const before = view.position(order.symbol);
  const after = order.side === 'buy' ? before.plus(order.qty) : before.minus(order.qty);
  return rules.flatMap((r) => checkOne(r, order, view, before, after) ?? []);
}

/**
 * The hard rules that forbid an account any share of a block order, whatever its size: a
 * restricted symbol or an asset class not allowed when the order can only add to the account's
 * position, a sell in a long-only account that holds none. A PM leaves such accounts out before
 * the split; rules that depend on the quantity are the account's to check. Pure.
 */
export function excludingFindings(rules: readonly ComplianceRule[], order: { readonly symbol: string; readonly side: Side }, position: Dec, instrument: Instrument): ComplianceFinding[] {
  const onlyAdds = order.side === 'buy' ? position.gte(0) : position.lte(0);
  const view: AccountView = { equity: ZERO, position: () => position, price: () => undefined, instrument: () => instrument, held: () => [], averageVolume: () => undefined };
  const one = { ...order, qty: new D(1) };
  return rules.flatMap((r) => {
    if (r.severity !== 'hard') return [];
    if (r.kind === 'long_only' && order.side === 'sell' && position.lte(0)) {
      return [finding(r, decText(position), '0', `any sell of ${order.symbol} would go short: the account holds ${decText(position)} and is long only`)];
    }
    if ((r.kind === 'restricted_symbols' || r.kind === 'allowed_asset_classes') && onlyAdds) return checkOne(r, one, view, ZERO, one.qty) ?? [];
    return [];
  });
}
