import { D, effectiveSplit, ZERO, type AtriumConfig, type Dec } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { esc, table } from './html.js';
import { lineChart } from './svg.js';

/** One account's shares of its PM's block orders over the run (fractions, notional-weighted). */
export interface AccountShare {
  /** its configured weight among the PM's accounts (capital, 1, or its ratio, per the split method) */
  readonly configured_share: number;
  /** its exact quota of the blocks it was offered, over all the PM's blocks */
  readonly target_share: number;
  /** what the splits gave it */
  readonly allocated_share: number;
  /** what filled (partial fills included) */
  readonly filled_share: number;
  readonly blocks: number;
  readonly blocks_offered: number;
  readonly odd_lots: number;
  readonly dropped: number;
}

/** The allocation part of summary.json and report.html. */
export interface AllocationReport {
  /** per PM, per account */
  readonly accounts: Record<string, Record<string, AccountShare>>;
  readonly html: string;
}

const share = (part: Dec, whole: Dec) => (whole.gt(0) ? part.div(whole).toDecimalPlaces(10).toNumber() : 0);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const bp = (x: number) => `${(x * 10_000).toFixed(1)}`;

interface Tally {
  blocks: number;
  offered: number;
  oddLots: number;
  dropped: number;
  target: Dec;
  allocated: Dec;
  filled: Dec;
}

/**
 * Account shares of each PM's block orders over the run, from allocation's split records and
 * the fills: per account its configured share, its target share (the exact quotas of the blocks
 * it was offered, so an account left out of a block is not owed a part of it), the share the
 * splits allocated and the share that filled — each weighted by notional (qty × the block's
 * reference price, fills at their price) so that blocks of different symbols add up. Also the
 * capital weights over time as a chart. Sorted inputs, exact decimals: byte-identical; pure.
 */
export function allocationReport(config: AtriumConfig, record: RunRecord): AllocationReport {
  const order = new Map(config.pms.map((p, i) => [p.id, i]));
  const splits = [...record.splits].sort((a, b) => a.step - b.step || (order.get(a.pmId) ?? 0) - (order.get(b.pmId) ?? 0));
  const accounts: Record<string, Record<string, AccountShare>> = {};
  const sections: string[] = [];
  // each PM's splits and fills, gathered once (in their order) rather than filtered per PM
  const byPm = <T extends { pmId: string }>(xs: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) (m.get(x.pmId) ?? m.set(x.pmId, []).get(x.pmId)!).push(x);
    return m;
  };
  const splitsOf = byPm(splits);
  const fillsOf = byPm(record.fills);
  for (const pm of config.pms) {
    const tally = new Map(pm.accounts.map((a) => [a.id, { blocks: 0, offered: 0, oddLots: 0, dropped: 0, target: ZERO, allocated: ZERO, filled: ZERO } as Tally]));
    let blocks = 0;
    for (const reply of splitsOf.get(pm.id) ?? []) tallySplit(reply, tally, () => (blocks += 1));
    for (const f of fillsOf.get(pm.id) ?? []) {
      const t = tally.get(f.accountId);
      if (t) t.filled = t.filled.plus(new D(f.qty).times(f.price));
    }
    const split = effectiveSplit(config.allocation.split, pm.split);
    const weight = (a: (typeof pm.accounts)[number]) => new D(split.method === 'equal' ? 1 : split.method === 'custom' ? (split.ratios?.[a.id] ?? 0) : a.capital);
    const total = (f: (t: Tally) => Dec) => [...tally.values()].reduce((s, t) => s.plus(f(t)), ZERO);
    const [wSum, tSum, aSum, fSum] = [pm.accounts.reduce((s, a) => s.plus(weight(a)), ZERO), total((t) => t.target), total((t) => t.allocated), total((t) => t.filled)];
    accounts[pm.id] = Object.fromEntries(
      pm.accounts.map((a) => {
        const t = tally.get(a.id)!;
        return [a.id, { configured_share: share(weight(a), wSum), target_share: share(t.target, tSum), allocated_share: share(t.allocated, aSum), filled_share: share(t.filled, fSum), blocks, blocks_offered: t.offered, odd_lots: t.oddLots, dropped: t.dropped }];
      }),
    );
    const rows = pm.accounts.map((a) => {
      const x = accounts[pm.id]![a.id]!;
      return [a.id, pct(x.configured_share), pct(x.target_share), pct(x.allocated_share), pct(x.filled_share), bp(x.allocated_share - x.target_share), `${x.blocks_offered}/${blocks}`, x.odd_lots, x.dropped];
    });
    sections.push(table(['account', 'configured', 'target', 'allocated', 'filled', 'allocated − target (bp)', 'blocks offered', 'odd lots', 'dropped (min lots)'], rows, { caption: `PM ${pm.id}: split ${split.method}, lot ${split.lot}${split.minLots ? `, min ${split.minLots} lots` : ''}${split.remainderAccount ? `, odd lots to ${split.remainderAccount}` : ''}` }));
  }
  return { accounts, html: [weightsChart(config, record.weights), lastDecision(record.weights), '<h2>Block splits across accounts</h2>', '<p class="note">Shares of each PM\'s block orders over the run, by notional (quantity × the block\'s reference price; fills at their price). Target: the exact quota of each block the account was offered.</p>', ...sections].join('') };
}

/** Adds one split record (inputs echoed) to the accounts' tallies; `block` counts each block split. */
function tallySplit(reply: Bodies['splitReply'], tally: Map<string, Tally>, block: () => void): void {
  const inputs = new Map(reply.inputs.map((it) => [it.order?.orderId ?? '', it]));
  for (const r of reply.results) {
    const input = inputs.get(r.orderId);
    if (r.error || !input) continue;
    block();
    const price = new D(input.order?.refPrice || '0');
    for (const a of input.accounts) {
      const t = tally.get(a.accountId);
      if (t) t.offered += 1;
    }
    for (const q of r.targets) {
      const t = tally.get(q.accountId);
      if (t) t.target = t.target.plus(new D(q.qty).times(price));
    }
    for (const q of r.allocations) {
      const t = tally.get(q.accountId);
      if (t) t.allocated = t.allocated.plus(new D(q.qty).times(price));
    }
    for (const id of r.oddLots) {
      const t = tally.get(id);
      if (t) t.oddLots += 1;
    }
    for (const id of r.dropped) {
      const t = tally.get(id);
      if (t) t.dropped += 1;
    }
  }
}

function sortedWeights(weights: readonly Bodies['capitalWeights'][]) {
  return [...weights].sort((a, b) => a.seq - b.seq);
}

/** PM capital weights at each rebalance, as a chart. */
function weightsChart(config: AtriumConfig, weights: readonly Bodies['capitalWeights'][]): string {
  const ws = sortedWeights(weights);
  if (ws.length < 2) return '';
  const series = config.pms.map((pm) => ({ name: pm.id, values: ws.map((w) => w.weights.find((x) => x.pmId === pm.id)?.weight ?? 0) }));
  return lineChart({ title: 'Capital weights over time (decided after each date)', labels: ws.map((w) => w.date), series, percent: true });
}

/** The inputs of the last weight decision: what the weights were decided from. */
function lastDecision(weights: readonly Bodies['capitalWeights'][]): string {
  const w = sortedWeights(weights).at(-1);
  if (!w) return '';
  const i = w.inputs;
  const ids = w.weights.map((x) => x.pmId);
  const at = (xs: readonly number[] | undefined, k: number, f: (x: number) => string) => (xs && xs[k] !== undefined ? f(xs[k]!) : '');
  const rows = ids.map((id, k) => [id, at(i?.volatility, k, (v) => pct(v * Math.sqrt(252))), at(i?.trailingReturn, k, pct), at(i?.drawdown, k, pct), at(i?.target, k, pct), pct(w.weights[k]!.weight), at(i?.riskContribution, k, pct)]);
  const notes = [w.note, ...(i?.constraints ?? [])].filter(Boolean);
  return [
    table(['PM', 'volatility (annualised)', 'trailing return', 'drawdown', 'method target', 'weight', 'risk contribution'], rows, {
      caption: `last decision, after ${w.date}: ${w.method}${w.requestedMethod && w.requestedMethod !== w.method ? ` (configured ${w.requestedMethod})` : ''} over ${i?.observations ?? 0} returns${i?.iterations ? `, ${i.iterations} solver iterations, residual ${i.residual.toExponential(1)}` : ''}${w.unallocated > 0 ? `, ${pct(w.unallocated)} unallocated` : ''}`,
    }),
    notes.map((n) => `<p class="note">${esc(n)}</p>`).join(''),
  ].join('');
}
