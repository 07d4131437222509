import type { ComplianceRuleConfig, ComplianceRuleKind, TaxLotMethodConfig } from './types.js';
import { TAX_LOT_METHODS } from '../taxlots/tax-lots.js';
import { type Fields, type IssueList, bool, childPath, decimal, mapping, oneOf, symbol, text } from './schema.js';

const RULE_PARAMS: Readonly<Record<ComplianceRuleKind, readonly string[]>> = {
  restricted_symbols: ['symbols'],
  max_position_pct: ['pct'],
  max_issuer_pct: ['pct'],
  long_only: [],
  allowed_asset_classes: ['asset_classes'],
  max_adv_pct: ['pct'],
};
const RULE_KINDS = Object.keys(RULE_PARAMS) as ComplianceRuleKind[];
const PARAM_KEYS = [...new Set(Object.values(RULE_PARAMS).flat())];

/** The keys an account may carry for tax lots and compliance. */
export const ACCOUNT_COMPLIANCE_KEYS = ['tax_lot_method', 'compliance', 'restrictions'] as const;

/** A non-empty list read item by item; undefined (issue added) when absent, not a list or empty. */
function nonEmptyList<T>(f: Fields, key: string, read: (v: unknown, path: string, issues: IssueList) => T | undefined, what: string): T[] | undefined {
  const values = f.list(key);
  if (values === undefined) {
    if (!f.has(key)) f.issues.add(f.at(key), `required (a list of ${what})`);
    return undefined;
  }
  if (values.length === 0) f.issues.add(f.at(key), `expected at least one of ${what}, found an empty list`);
  const out = values.flatMap((v, i) => read(v, childPath(f.at(key), i), f.issues) ?? []);
  return out.length === values.length && out.length > 0 ? [...new Set(out)] : undefined;
}

/** Reads one rule `{ rule, severity, ...params }`; undefined when it has a problem (reported). */
function readRule(value: unknown, path: string, issues: IssueList): ComplianceRuleConfig | undefined {
  const f = mapping(value, path, issues, ['rule', 'severity', ...PARAM_KEYS]);
  const kind = f?.required('rule', oneOf(RULE_KINDS));
  if (!f || kind === undefined) return undefined;
  for (const key of PARAM_KEYS) if (!RULE_PARAMS[kind].includes(key)) f.forbid(key, `not a parameter of rule ${kind}${RULE_PARAMS[kind].length ? ` (it takes ${RULE_PARAMS[kind].join(', ')})` : ''}`);
  const severity = f.withDefault('severity', oneOf(['hard', 'warn'] as const), 'hard');
  const source = path;
  switch (kind) {
    case 'restricted_symbols': {
      const symbols = nonEmptyList(f, 'symbols', symbol, 'symbols');
      return symbols && { kind, symbols, severity, source };
    }
    case 'allowed_asset_classes': {
      const assetClasses = nonEmptyList(f, 'asset_classes', text, 'asset classes');
      return assetClasses && { kind, assetClasses, severity, source };
    }
    case 'long_only':
      return { kind, severity, source };
    default: {
      const pct = f.required('pct', decimal('percent'));
      return pct === undefined ? undefined : { kind, pct, severity, source };
    }
  }
}

/** Reads a `compliance:` list of rules (firm, PM or account level); pure. */
export function readComplianceList(value: unknown, path: string, issues: IssueList): ComplianceRuleConfig[] {
  if (!Array.isArray(value)) {
    issues.add(path, 'expected a list of rules ({ rule, severity, ... })');
    return [];
  }
  return value.flatMap((v, i) => readRule(v, childPath(path, i), issues) ?? []);
}

/**
 * Reads issue 3's account shorthand `restrictions: { prohibited_symbols, max_position_pct,
 * long_only, allowed_asset_classes }` into hard rules; pure.
 */
function readRestrictions(f: Fields): ComplianceRuleConfig[] {
  const r = f.mapping('restrictions', ['prohibited_symbols', 'max_position_pct', 'long_only', 'allowed_asset_classes']);
  if (!r) return [];
  const rules: ComplianceRuleConfig[] = [];
  const severity = 'hard' as const;
  if (r.has('prohibited_symbols')) {
    const symbols = nonEmptyList(r, 'prohibited_symbols', symbol, 'symbols');
    if (symbols) rules.push({ kind: 'restricted_symbols', symbols, severity, source: r.at('prohibited_symbols') });
  }
  const pct = r.optional('max_position_pct', decimal('percent'));
  if (pct !== undefined) rules.push({ kind: 'max_position_pct', pct, severity, source: r.at('max_position_pct') });
  if (r.optional('long_only', bool)) rules.push({ kind: 'long_only', severity, source: r.at('long_only') });
  if (r.has('allowed_asset_classes')) {
    const assetClasses = nonEmptyList(r, 'allowed_asset_classes', text, 'asset classes');
    if (assetClasses) rules.push({ kind: 'allowed_asset_classes', assetClasses, severity, source: r.at('allowed_asset_classes') });
  }
  return rules;
}

/** Reads an account's `tax_lot_method`, `compliance` and `restrictions` (absent keys stay absent); pure. */
export function readAccountCompliance(f: Fields): { taxLotMethod?: TaxLotMethodConfig; compliance?: ComplianceRuleConfig[] } {
  const taxLotMethod = f.optional('tax_lot_method', oneOf(TAX_LOT_METHODS));
  const compliance = [...(f.has('compliance') ? readComplianceList(f.raw('compliance'), f.at('compliance'), f.issues) : []), ...readRestrictions(f)];
  return { ...(taxLotMethod ? { taxLotMethod } : {}), ...(compliance.length ? { compliance } : {}) };
}
