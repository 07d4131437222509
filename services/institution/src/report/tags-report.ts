import { computePerformance, D, decText, ZERO, type AtriumConfig, type Dec, type Performance } from '@atrium/domain';
import type { RunRecord } from '../session/collector.js';
import { table } from './html.js';

/** One tag's members and their combined performance. */
export type TagSummary = { readonly members: readonly string[]; readonly capital: string } & Performance;

/** What a portfolio contributes to a tag group: its equity per step and the P&L in it. */
interface Member {
  readonly id: string;
  readonly tags: readonly string[];
  readonly capital: string;
  /** per step: equity at the close and the P&L of the step (equity − pnl = equity at the start) */
  readonly steps: readonly { readonly equity: string; readonly pnl: Dec }[];
  readonly roundTrips: number;
  readonly fills: number;
}

/**
 * The combined figures of some portfolios: a step return is the sum of their P&L over the sum of
 * their equity at the start of the step (time-weighted, so capital moved between PMs is not a
 * gain); the figures follow performance.json; pure.
 */
function combine(group: readonly Member[]): { capital: string } & Performance {
  const steps = group[0]?.steps.length ?? 0;
  const returns: number[] = [];
  for (let i = 0; i < steps; i++) {
    let pnl = ZERO;
    let start = ZERO;
    for (const m of group) {
      const s = m.steps[i]!;
      pnl = pnl.plus(s.pnl);
      start = start.plus(new D(s.equity).minus(s.pnl));
    }
    returns.push(start.gt(0) ? pnl.div(start).toNumber() : 0);
  }
  const capital = decText(group.reduce((s, m) => s.plus(m.capital), ZERO));
  const final = decText(group.reduce((s, m) => s.plus(m.steps.at(-1)?.equity ?? m.capital), ZERO));
  const perf = computePerformance({ initialEquity: capital, finalEquity: final, returns, roundTrips: group.reduce((n, m) => n + m.roundTrips, 0), fills: group.reduce((n, m) => n + m.fills, 0) });
  return { capital, ...perf };
}

/** Groups portfolios by tag (see combine); a portfolio with several tags is in each; pure. */
function byTag(members: readonly Member[]): Record<string, TagSummary> {
  const tags = [...new Set(members.flatMap((m) => m.tags))].sort();
  return Object.fromEntries(
    tags.map((tag) => {
      const group = members.filter((m) => m.tags.includes(tag));
      return [tag, { members: group.map((m) => m.id), ...combine(group) }];
    }),
  );
}

/**
 * `summary.json`'s `by_tag`: PMs grouped by their tags, accounts by theirs, and groups by theirs
 * (three separate groupings, so nothing is counted twice within one: a tag's groups are combined
 * over the PMs they hold, each PM once); pure.
 */
export function tagsSummary(
  config: Pick<AtriumConfig, 'pms'> & Partial<Pick<AtriumConfig, 'groups'>>,
  record: Pick<RunRecord, 'pmSteps' | 'accountSteps'>,
  perf: (key: string) => { round_trips: number; fills: number },
): { pms: Record<string, TagSummary>; accounts: Record<string, TagSummary>; groups: Record<string, TagSummary> } {
  const pmMember = (pm: AtriumConfig['pms'][number]): Member => ({
    id: pm.id,
    tags: pm.meta.tags,
    capital: pm.capital,
    steps: (record.pmSteps.get(pm.id) ?? []).map((s) => ({ equity: s.equity, pnl: new D(s.pnl) })),
    roundTrips: perf(pm.id).round_trips,
    fills: perf(pm.id).fills,
  });
  // an untagged portfolio is in no group: leave its steps unread
  const pms: Member[] = config.pms.filter((pm) => pm.meta.tags.length > 0).map(pmMember);
  const accounts: Member[] = config.pms.flatMap((pm) =>
    pm.accounts.filter((a) => a.meta.tags.length > 0).map((a) => {
      const key = `${pm.id}/${a.id}`;
      let prev = new D(a.capital);
      const steps = (record.accountSteps.get(key) ?? []).map((s) => {
        const pnl = new D(s.equity).minus(prev);
        prev = new D(s.equity);
        return { equity: s.equity, pnl };
      });
      return { id: key, tags: a.meta.tags, capital: a.capital, steps, roundTrips: perf(key).round_trips, fills: perf(key).fills };
    }),
  );
  const tagged = (config.groups ?? []).filter((g) => g.meta.tags.length > 0);
  const groupTags = [...new Set(tagged.flatMap((g) => g.meta.tags))].sort();
  const groups = Object.fromEntries(
    groupTags.map((tag) => {
      const gs = tagged.filter((g) => g.meta.tags.includes(tag));
      const held = new Set(gs.flatMap((g) => g.members));
      return [tag, { members: gs.map((g) => g.id), ...combine(config.pms.filter((pm) => held.has(pm.id)).map(pmMember)) }];
    }),
  );
  return { pms: byTag(pms), accounts: byTag(accounts), groups };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

/** The "by tag" tables of the consolidated report (empty when nothing is tagged); pure. */
export function tagsHtml(s: ReturnType<typeof tagsSummary>): string {
  const rows = (g: Record<string, TagSummary>) =>
    Object.entries(g).map(([tag, t]) => [tag, t.members.join(', '), t.capital, t.final_equity, pct(t.total_return), t.sharpe === null ? 'n/a' : t.sharpe.toFixed(2), pct(t.max_drawdown)]);
  const header = ['tag', 'members', 'capital', 'final equity', 'total return', 'Sharpe', 'max drawdown'];
  const parts = [
    Object.keys(s.pms).length ? table(header, rows(s.pms), { caption: 'PMs by tag', id: 'pms-by-tag' }) : '',
    Object.keys(s.accounts).length ? table(header, rows(s.accounts), { caption: 'accounts by tag', id: 'accounts-by-tag' }) : '',
    Object.keys(s.groups).length ? table(header, rows(s.groups), { caption: 'groups by tag', id: 'groups-by-tag' }) : '',
  ].join('');
  return parts ? `<h2>By tag</h2>${parts}` : '';
}
