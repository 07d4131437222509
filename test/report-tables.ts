import { D, type Dec } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';

const text = (cell: string) =>
  cell
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();

/** The header and body cells (as text) of the report table whose caption starts with `caption`; throws when there is none. */
export function reportTable(html: string, caption: string): { header: string[]; rows: string[][] } {
  for (const m of html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)) {
    const cap = /<caption>([\s\S]*?)<\/caption>/.exec(m[1]!);
    if (!cap || !text(cap[1]!).startsWith(caption)) continue;
    const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!));
    const header = cells(/<thead>([\s\S]*?)<\/thead>/.exec(m[1]!)?.[1] ?? '');
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1]!)?.[1] ?? '';
    return { header, rows: [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => cells(r[1]!)) };
  }
  throw new Error(`no table captioned ${JSON.stringify(caption)} in the report`);
}

/**
 * Each account's share of one PM's split blocks, worked out from allocation's split records
 * alone: Σ quantity × the block's reference price per account over the Σ of all accounts, for the
 * quantities allocated and for the exact quotas (targets). A test's independent reckoning of
 * what the report shows.
 */
export function sharesFromSplits(splits: readonly Bodies['splitReply'][]): { allocated: Map<string, number>; target: Map<string, number> } {
  const allocated = new Map<string, Dec>();
  const target = new Map<string, Dec>();
  const add = (m: Map<string, Dec>, id: string, v: Dec) => m.set(id, (m.get(id) ?? new D(0)).plus(v));
  for (const s of splits) {
    for (const r of s.results) {
      if (r.error) continue;
      const price = new D(s.inputs.find((it) => it.order?.orderId === r.orderId)!.order!.refPrice);
      for (const a of r.allocations) add(allocated, a.accountId, new D(a.qty).times(price));
      for (const t of r.targets) add(target, t.accountId, new D(t.qty).times(price));
    }
  }
  const shares = (m: Map<string, Dec>) => {
    const total = [...m.values()].reduce((s, v) => s.plus(v), new D(0));
    return new Map([...m].map(([id, v]) => [id, v.div(total).toNumber()]));
  };
  return { allocated: shares(allocated), target: shares(target) };
}
