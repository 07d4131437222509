import type { AccountConfig, GroupConfig, StrategyConfig } from './types.js';
import type { IssueList } from './schema.js';
import type { StrategyDraft } from './strategy-section.js';
import type { SymbolUse } from './data-section.js';
import type { PmDraft } from './pm-section.js';

/**
 * Checks each scheduled_orders strategy's `params.account` against the PM's accounts and gives a
 * blotter whose rows name lot ids the account those lots belong to: the PM's only account, or
 * else an issue asking for `params.account` (lot ids are per account); pure.
 */
export function resolveBlotterAccounts(drafts: readonly StrategyDraft[], accounts: readonly AccountConfig[], issues: IssueList): StrategyConfig[] {
  const ids = accounts.map((a) => a.id);
  return drafts.map(({ config, path }) => {
    const p = config.params;
    if (p.type !== 'scheduled_orders') return config;
    const at = `${path}.params.account`;
    if (p.account !== undefined) {
      if (!ids.includes(p.account)) issues.add(at, `unknown account ${JSON.stringify(p.account)} (this PM's accounts: ${ids.join(', ')})`);
      return config;
    }
    if (!p.orders.some((o) => o.lotIds?.length)) return config;
    if (ids.length === 1) return { ...config, params: { ...p, account: ids[0]! } };
    issues.add(at, `required: the orders name lot ids, and lots belong to one account (this PM has ${ids.length}: ${ids.join(', ')})`);
    return config;
  });
}

/** A group as read, with where it is written. */
export interface GroupAt {
  readonly config: GroupConfig;
  readonly path: string;
}

/** Where each PM's, account's and group's benchmark is written, as symbols the data must hold; pure. */
export function benchmarkUses(pms: readonly PmDraft[], groups: readonly GroupAt[] = []): SymbolUse[] {
  return [
    ...pms.flatMap((pm) => [
      ...(pm.meta.benchmark ? [{ path: `${pm.path}.benchmark`, symbols: [pm.meta.benchmark], benchmarkOf: `PM ${pm.id}` }] : []),
      ...(pm.accounts ?? []).flatMap((a, i) => (a.meta.benchmark ? [{ path: `${pm.path}.accounts[${i}].benchmark`, symbols: [a.meta.benchmark], benchmarkOf: `account ${pm.id}/${a.id}` }] : [])),
    ]),
    ...groups.flatMap((g) => (g.config.meta.benchmark ? [{ path: `${g.path}.benchmark`, symbols: [g.config.meta.benchmark], benchmarkOf: `group ${g.config.id}` }] : [])),
  ];
}

/**
 * One currency per firm for now: every PM, account and group currency after the first that
 * differs is an issue; pure.
 */
export function currencyIssues(pms: readonly PmDraft[], groups: readonly GroupAt[], issues: IssueList): void {
  let first: { currency: string; path: string } | undefined;
  const check = (currency: string | undefined, path: string) => {
    if (currency === undefined) return;
    if (!first) first = { currency, path };
    else if (currency !== first.currency) issues.add(path, `${currency} differs from ${first.currency} (${first.path}): one currency per firm (mixed currencies are not supported yet)`);
  };
  for (const pm of pms) {
    check(pm.meta.currency, `${pm.path}.currency`);
    (pm.accounts ?? []).forEach((a, i) => check(a.meta.currency, `${pm.path}.accounts[${i}].currency`));
  }
  for (const g of groups) check(g.config.meta.currency, `${g.path}.currency`);
}
