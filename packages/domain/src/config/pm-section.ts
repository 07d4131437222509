import { D, decText } from '../money/decimal.js';
import type { AccountConfig, ComplianceRuleConfig, Metadata, PmConfig, PmLimitsConfig, SplitConfig } from './types.js';
import type { ConfigFileAccess } from './config-files.js';
import { type StrategyDraft, readStrategy } from './strategy-section.js';
import { type IssueList, compact, decimal, id, list, mapping } from './schema.js';
import { METADATA_KEYS, readMetadata } from './metadata-section.js';
import { readPmSplit } from './allocation-section.js';
import { ACCOUNT_COMPLIANCE_KEYS, readAccountCompliance, readComplianceList } from './compliance-section.js';
import { resolveBlotterAccounts } from './account-checks.js';

/** A PM as read: capital and accounts may still be defaulted from the firm's capital. */
export interface PmDraft {
  readonly path: string;
  readonly id: string;
  readonly capital: string | undefined;
  /** Whether `capital` was written (it may have been invalid, and then was already reported). */
  readonly capitalGiven: boolean;
  readonly limits: PmLimitsConfig;
  readonly strategies: readonly StrategyDraft[];
  /** undefined: the default single account `<pm id>-main`. */
  readonly accounts: readonly AccountConfig[] | undefined;
  readonly meta: Metadata;
  readonly split: Partial<SplitConfig> | undefined;
  readonly compliance?: readonly ComplianceRuleConfig[];
}

/** Remembers the first path of each id in a scope and reports later duplicates. */
function uniqueIds(issues: IssueList, what: string, scope: string): (idValue: string | undefined, path: string) => void {
  const seen = new Map<string, string>();
  return (idValue, path) => {
    if (idValue === undefined) return;
    const first = seen.get(idValue);
    if (first !== undefined) issues.add(path, `duplicate ${what} id ${JSON.stringify(idValue)}${scope} (first at ${first})`);
    else seen.set(idValue, path);
  };
}

/** Reads `accounts:` (at least one when given; ids unique within the PM; capital required). */
function readAccounts(values: readonly unknown[], path: string, issues: IssueList): AccountConfig[] {
  if (values.length === 0) issues.add(path, 'expected at least one account, found an empty list (leave accounts out for one default account)');
  const unique = uniqueIds(issues, 'account', ' in this PM');
  return values.flatMap((value, i) => {
    const a = mapping(value, `${path}[${i}]`, issues, ['id', 'capital', ...METADATA_KEYS, ...ACCOUNT_COMPLIANCE_KEYS]);
    if (!a) return [];
    const accountId = a.required('id', id);
    unique(accountId, a.at('id'));
    return [{ id: accountId ?? '', capital: a.required('capital', decimal('positive')) ?? '0', meta: readMetadata(a), ...readAccountCompliance(a) }];
  });
}

/**
 * Reads and checks `pms:` (at least one PM; PM ids unique firm-wide; strategy and account ids unique
 * within a PM); pure apart from blotters read through `files`.
 */
export function readPms(value: unknown, issues: IssueList, files: ConfigFileAccess): PmDraft[] {
  if (value === undefined) {
    issues.add('pms', 'required (a list of at least one PM)');
    return [];
  }
  const values = list(value, 'pms', issues) ?? [];
  if (Array.isArray(value) && value.length === 0) issues.add('pms', 'expected at least one PM, found an empty list');
  const uniquePm = uniqueIds(issues, 'PM', '');
  return values.flatMap((raw, i): PmDraft[] => {
    const path = `pms[${i}]`;
    const f = mapping(raw, path, issues, ['id', 'capital', 'limits', 'strategies', 'accounts', 'split', 'compliance', ...METADATA_KEYS]);
    if (!f) return [];
    const pmId = f.required('id', id);
    uniquePm(pmId, f.at('id'));
    const l = f.mapping('limits', ['max_position_pct', 'max_drawdown_pct', 'max_leverage']);
    const limits: PmLimitsConfig = compact({
      maxPositionPct: l?.optional('max_position_pct', decimal('percent')),
      maxDrawdownPct: l?.optional('max_drawdown_pct', decimal('percent')),
      maxLeverage: l?.optional('max_leverage', decimal('positive')),
    });
    const uniqueStrategy = uniqueIds(issues, 'strategy', ' in this PM');
    const strategies = (f.list('strategies') ?? []).flatMap((s, j) => {
      const draft = readStrategy(s, `${f.at('strategies')}[${j}]`, issues, files);
      if (draft) uniqueStrategy(draft.config.id || undefined, `${draft.path}.id`);
      return draft ? [draft] : [];
    });
    const accountValues = f.list('accounts');
    const accounts = accountValues ? readAccounts(accountValues, f.at('accounts'), issues) : undefined;
    if (!f.has('accounts') && pmId !== undefined && `${pmId}-main`.length > 64) {
      issues.add(f.at('accounts'), `required: the default account id "${pmId}-main" would be longer than 64 characters`);
    }
    const compliance = f.has('compliance') ? readComplianceList(f.raw('compliance'), f.at('compliance'), issues) : [];
    return [{ path, id: pmId ?? '', capital: f.optional('capital', decimal('positive')), capitalGiven: f.has('capital'), limits, strategies, accounts, meta: readMetadata(f), split: readPmSplit(f), ...(compliance.length ? { compliance } : {}) }];
  });
}

/**
 * Resolves capitals; pure. With `firm.capital`, a PM without capital gets firm capital / number of
 * PMs; without it, every PM must give its capital and the firm's is their sum. A PM without
 * accounts gets one account `<pm id>-main` holding all its capital.
 */
export function resolvePms(
  drafts: readonly PmDraft[],
  firm: { readonly capital: string | undefined; readonly capitalGiven: boolean },
  issues: IssueList,
): { pms: PmConfig[]; firmCapital: string } {
  const firmCapital = firm.capital;
  const share = firmCapital !== undefined && drafts.length > 0 ? decText(new D(firmCapital).div(drafts.length)) : undefined;
  const pms = drafts.map((pm): PmConfig => {
    const capital = pm.capital ?? share;
    if (capital === undefined && !pm.capitalGiven && !firm.capitalGiven) issues.add(`${pm.path}.capital`, 'required when firm.capital is not given');
    const accounts = pm.accounts ?? [{ id: `${pm.id}-main`, capital: capital ?? '0', meta: { tags: [] } }];
    return {
      id: pm.id,
      capital: capital ?? '0',
      limits: pm.limits,
      strategies: resolveBlotterAccounts(pm.strategies, accounts, issues),
      accounts,
      meta: pm.meta,
      ...(pm.split ? { split: pm.split } : {}),
      ...(pm.compliance ? { compliance: pm.compliance } : {}),
    };
  });
  const total = pms.reduce((sum, pm) => sum.plus(pm.capital), new D(0));
  return { pms, firmCapital: firmCapital ?? decText(total) };
}
