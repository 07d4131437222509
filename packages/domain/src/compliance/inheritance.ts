import { D } from '../money/decimal.js';
import type { AccountConfig, AtriumConfig, ComplianceRuleConfig, ComplianceSeverity, PmConfig } from '../config/types.js';

const rank = (s: ComplianceSeverity) => (s === 'hard' ? 2 : 1);

/**
 * Every rule an account is held to: the firm's, then its PM's, then its own (its `compliance:`
 * and its `restrictions:`). All apply together, so inheriting can only add constraints; pure.
 */
export function accountRules(config: Pick<AtriumConfig, 'compliance'>, pm: Pick<PmConfig, 'compliance'>, account: Pick<AccountConfig, 'compliance'>): ComplianceRuleConfig[] {
  return [...(config.compliance ?? []), ...(pm.compliance ?? []), ...(account.compliance ?? [])];
}

/**
 * Why a rule added below the firm (by a PM or an account) would never act because an inherited
 * rule of the same kind, at least as severe, already covers it — or undefined when it is stricter
 * (a lower limit, more restricted symbols, fewer asset classes, or a harder severity). A PM or
 * account may only add stricter rules; pure.
 */
export function ineffectiveRule(rule: ComplianceRuleConfig, inherited: readonly ComplianceRuleConfig[]): string | undefined {
  const covering = inherited.filter((r) => r.kind === rule.kind && rank(r.severity) >= rank(rule.severity));
  const verb = (r: ComplianceRuleConfig) => (r.severity === 'hard' ? 'refuses' : 'warns');
  for (const r of covering) {
    switch (rule.kind) {
      case 'long_only':
        return `has no effect: ${r.source} already makes the account long only (${r.severity})`;
      case 'max_position_pct':
      case 'max_issuer_pct':
      case 'max_adv_pct': {
        const limit = (r as { pct: string }).pct;
        if (new D(limit).lte(rule.pct)) return `${rule.pct}% has no effect: ${r.source} already ${verb(r)} above ${limit}% (only a lower limit is stricter)`;
        break;
      }
      case 'restricted_symbols': {
        const known = (r as { symbols: readonly string[] }).symbols;
        if (rule.symbols.every((s) => known.includes(s))) return `has no effect: ${r.source} already restricts ${rule.symbols.join(', ')}`;
        break;
      }
      case 'allowed_asset_classes': {
        const allowed = (r as { assetClasses: readonly string[] }).assetClasses;
        const extra = rule.assetClasses.filter((c) => !allowed.includes(c));
        if (extra.length) return `allows ${extra.join(', ')}, which ${r.source} does not: only a narrower list is stricter`;
        if (extra.length === 0 && allowed.every((c) => rule.assetClasses.includes(c))) return `has no effect: ${r.source} already allows only ${allowed.join(', ')}`;
        break;
      }
    }
  }
  return undefined;
}

/** Every PM and account rule that would never act (see ineffectiveRule), as `{ path, message }`; pure. */
export function ruleInheritanceIssues(config: Pick<AtriumConfig, 'compliance' | 'pms'>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const firm = config.compliance ?? [];
  const check = (own: readonly ComplianceRuleConfig[], inherited: readonly ComplianceRuleConfig[]) => {
    own.forEach((rule, i) => {
      const problem = ineffectiveRule(rule, [...inherited, ...own.slice(0, i)]);
      if (problem) issues.push({ path: rule.source, message: problem });
    });
  };
  check(firm, []);
  for (const pm of config.pms) {
    check(pm.compliance ?? [], firm);
    for (const a of pm.accounts) check(a.compliance ?? [], [...firm, ...(pm.compliance ?? [])]);
  }
  return issues;
}
