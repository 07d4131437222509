import { D, decText, type Dec } from '../money/decimal.js';
import type { AllocationConfig, GroupConfig, PmConfig } from './types.js';
import { type Fields, type IssueList, id, list, mapping } from './schema.js';
import { positiveById } from './allocation-section.js';
import { METADATA_KEYS, readMetadata } from './metadata-section.js';
import { suggestKey } from './suggest.js';

interface GroupDraft {
  readonly path: string;
  readonly id: string | undefined;
  readonly pms: readonly string[];
  readonly groups: readonly { id: string; path: string }[];
  readonly allocation: Record<string, string> | undefined;
  readonly allocationRead: boolean;
  readonly meta: GroupConfig['meta'];
}

/** Reads a list of ids under `key`, each once; duplicates are issues. */
function idList(f: Fields, key: string): { id: string; path: string }[] {
  const seen = new Set<string>();
  return (f.list(key) ?? []).flatMap((v, i) => {
    const path = `${f.at(key)}[${i}]`;
    const x = id(v, path, f.issues);
    if (x === undefined) return [];
    if (seen.has(x)) {
      f.issues.add(path, `${JSON.stringify(x)} is listed twice`);
      return [];
    }
    seen.add(x);
    return [{ id: x, path }];
  });
}

const unknown = (what: string, x: string, known: readonly string[]) => {
  const hint = suggestKey(x, known);
  return `unknown ${what} ${JSON.stringify(x)} (${hint ? `did you mean ${hint}?` : known.length ? `the config defines: ${known.join(', ')}` : 'the config defines none'})`;
};

/**
 * Reads and checks `groups:`, groups of PMs (a client, a team) that may contain groups; pure.
 * Each group has an id (unique among groups), `pms` and/or `groups` (at least one member; every
 * PM and group must exist; no group may contain itself, directly or through others) and the
 * metadata keys, and optionally an `allocation` (see checkGroupAllocation; `firm` gives the PMs'
 * capitals and the firm's allocation to check it against). Resolves each group's `members`: all
 * its PMs, subgroups' included, in the order of `pmIds`.
 */
export function readGroups(value: unknown, issues: IssueList, pmIds: readonly string[], firm?: GroupFirm): GroupConfig[] {
  const r = readGroupsAt(value, issues, pmIds);
  r.checkAllocations(firm);
  return r.groups.map((g) => g.config);
}

/** The PMs' capitals and the firm's allocation, that a group's allocation is checked against. */
export interface GroupFirm {
  readonly pms: readonly PmConfig[];
  readonly allocation: AllocationConfig;
}

/**
 * readGroups, each group with the path it is written at (`groups[2]`), for messages about its
 * metadata, and its allocation checks as a step of their own: they need the PMs resolved, which
 * in turn need the groups' benchmarks; pure.
 */
export function readGroupsAt(value: unknown, issues: IssueList, pmIds: readonly string[]): { groups: { config: GroupConfig; path: string }[]; checkAllocations: (firm?: GroupFirm) => void } {
  if (value === undefined) return { groups: [], checkAllocations: () => {} };
  const drafts: GroupDraft[] = (list(value, 'groups', issues) ?? []).flatMap((raw, i) => {
    const path = `groups[${i}]`;
    const f = mapping(raw, path, issues, ['id', 'pms', 'groups', 'allocation', ...METADATA_KEYS]);
    if (!f) return [];
    const pms = idList(f, 'pms').flatMap((p) => {
      if (pmIds.includes(p.id)) return [p.id];
      issues.add(p.path, unknown('PM', p.id, pmIds));
      return [];
    });
    const groups = idList(f, 'groups');
    if (!f.has('pms') && !f.has('groups')) issues.add(path, 'expected pms or groups: a group needs at least one member');
    else if ([f.raw('pms'), f.raw('groups')].every((v) => v === undefined || (Array.isArray(v) && v.length === 0))) issues.add(path, 'expected at least one PM or group, found none');
    const before = issues.items.length;
    const allocation = f.has('allocation') ? positiveById(f.raw('allocation'), f.at('allocation'), issues) : undefined;
    // a weight that could not be read is reported as such, not again as missing
    return [{ path, id: f.required('id', id), pms, groups, allocation, allocationRead: issues.items.length === before, meta: readMetadata(f) }];
  });

  const byId = new Map<string, GroupDraft>();
  for (const g of drafts) {
    if (g.id === undefined) continue;
    const first = byId.get(g.id);
    if (first) issues.add(`${g.path}.id`, `duplicate group id ${JSON.stringify(g.id)} (first at ${first.path}.id)`);
    else byId.set(g.id, g);
  }
  const groupIds = [...byId.keys()];
  for (const g of drafts) for (const s of g.groups) if (!byId.has(s.id)) issues.add(s.path, unknown('group', s.id, groupIds));

  // a cycle is reported once, at the edge that closes it, as the path around it
  const state = new Map<string, 'open' | 'done'>();
  const cyclic = new Set<string>();
  const visit = (g: GroupDraft, trail: string[]): void => {
    state.set(g.id!, 'open');
    for (const s of g.groups) {
      const child = byId.get(s.id);
      if (!child) continue;
      if (state.get(s.id) === 'open') {
        const loop = [...trail.slice(trail.indexOf(s.id)), s.id];
        issues.add(s.path, `cycle: ${loop.join(' → ')}`);
        loop.forEach((x) => cyclic.add(x));
      } else if (!state.has(s.id)) visit(child, [...trail, s.id]);
    }
    state.set(g.id!, 'done');
  };
  for (const g of byId.values()) if (!state.has(g.id!)) visit(g, [g.id!]);

  const members = new Map<string, Set<string>>();
  const collect = (g: GroupDraft): Set<string> => {
    const known = members.get(g.id!);
    if (known) return known;
    const out = new Set(g.pms);
    members.set(g.id!, out);
    for (const s of g.groups) {
      const child = byId.get(s.id);
      if (child && !cyclic.has(s.id)) for (const pm of collect(child)) out.add(pm);
    }
    return out;
  };
  const out = [...byId.values()].map((g): { config: GroupConfig; path: string } => {
    const set = cyclic.has(g.id!) ? new Set(g.pms) : collect(g);
    return { path: g.path, config: { id: g.id!, pms: g.pms, groups: g.groups.map((s) => s.id), members: pmIds.filter((p) => set.has(p)), ...(g.allocation ? { allocation: g.allocation } : {}), meta: g.meta } };
  });
  const checkAllocations = (firm?: GroupFirm) => {
    for (const g of byId.values()) {
      if (g.allocation && g.allocationRead && !cyclic.has(g.id!)) checkGroupAllocation(g, g.allocation, (s) => [...(members.get(s) ?? [])], issues, firm);
    }
  };
  return { groups: out, checkAllocations };
}

/**
 * Checks a group's `allocation`: a weight for each direct member (PM or group) and for nothing
 * else; members that do not share a PM (a split of the group's capital must not count a PM
 * twice); and agreement with the firm's allocation where it fixes the split for good — with
 * capitals fixed (no allocation method) the members' configured capitals, with method custom
 * its weights, must be in the group's proportions. Other methods move the weights; the group's
 * report measures how far they stray from its target.
 */
function checkGroupAllocation(
  g: GroupDraft,
  allocation: Record<string, string>,
  membersOf: (group: string) => string[],
  issues: IssueList,
  firm: { readonly pms: readonly PmConfig[]; readonly allocation: AllocationConfig } | undefined,
): void {
  const path = `${g.path}.allocation`;
  const direct = [...g.pms.map((p) => ({ id: p, pms: [p] })), ...g.groups.map((s) => ({ id: s.id, pms: membersOf(s.id) }))];
  const ids = direct.map((m) => m.id);
  let complete = true;
  for (const key of Object.keys(allocation)) {
    if (!ids.includes(key)) {
      issues.add(`${path}.${key}`, `not a member of group ${g.id} (its members: ${ids.join(', ')})`);
      complete = false;
    }
  }
  for (const m of ids) {
    if (!(m in allocation)) {
      issues.add(path, `missing a weight for ${m} (every member of the group needs one)`);
      complete = false;
    }
  }
  const owner = new Map<string, string>();
  for (const m of direct) {
    for (const pm of m.pms) {
      const first = owner.get(pm);
      if (first !== undefined) {
        issues.add(path, `PM ${pm} is in both ${first} and ${m.id}: an allocation splits the group's capital among members that do not overlap`);
        complete = false;
      } else owner.set(pm, m.id);
    }
  }
  if (!complete || !firm) return;
  const total = Object.values(allocation).reduce((sum, w) => sum.plus(w), new D(0));
  const target = (m: string) => new D(allocation[m]!).div(total);
  const pct = (x: Dec) => `${decText(x.times(100).toDecimalPlaces(2))}%`;
  // the first member whose share of `amounts` is not its target, if any
  const offTarget = (amounts: readonly Dec[]) => {
    const sum = amounts.reduce((x, a) => x.plus(a), new D(0));
    if (!sum.gt(0)) return undefined;
    const i = direct.findIndex((m, k) => amounts[k]!.div(sum).minus(target(m.id)).abs().gt('1e-9'));
    return i < 0 ? undefined : { id: direct[i]!.id, share: amounts[i]!.div(sum), sum };
  };
  const sumOver = (pms: readonly string[], of: (pm: string) => string | undefined) => pms.reduce((x, pm) => x.plus(of(pm) ?? '0'), new D(0));
  if (!firm.allocation.method) {
    const capital = new Map(firm.pms.map((p) => [p.id, p.capital]));
    const off = offTarget(direct.map((m) => sumOver(m.pms, (pm) => capital.get(pm))));
    if (off) {
      const fix = direct.map((m) => `${m.id} ${decText(off.sum.times(target(m.id)).toDecimalPlaces(2))}`).join(', ');
      issues.add(path, `PM capitals are fixed (allocation has no method) and give ${off.id} ${pct(off.share)} of group ${g.id}, not the ${pct(target(off.id))} its allocation asks: give the members capitals ${fix} (a group's PMs together), or set allocation.method`);
    }
  } else if (firm.allocation.method === 'custom' && firm.allocation.weights) {
    const weights = firm.allocation.weights;
    const off = offTarget(direct.map((m) => sumOver(m.pms, (pm) => weights[pm])));
    if (off) issues.add(path, `allocation.weights (method custom) give ${off.id} ${pct(off.share)} of group ${g.id}'s weight, not the ${pct(target(off.id))} its allocation asks: give its members weights in the group's proportions`);
  }
}

/**
 * Groups limited to some PMs (a run of the PMs with a tag): each keeps the members among them, a
 * group left without members is dropped, and so are the references to it and its weight in an
 * allocation; pure.
 */
export function restrictGroups(groups: readonly GroupConfig[], pmIds: readonly string[]): GroupConfig[] {
  const keep = new Set(pmIds);
  const kept = groups.map((g) => ({ ...g, pms: g.pms.filter((p) => keep.has(p)), members: g.members.filter((p) => keep.has(p)) })).filter((g) => g.members.length > 0);
  const ids = new Set(kept.map((g) => g.id));
  return kept.map((g) => {
    const groups = g.groups.filter((x) => ids.has(x));
    // an allocation keeps the weights of the members still there (normalised when used)
    const entries = Object.entries(g.allocation ?? {}).filter(([m]) => g.pms.includes(m) || groups.includes(m));
    const { allocation: _dropped, ...rest } = g;
    return { ...rest, groups, ...(entries.length ? { allocation: Object.fromEntries(entries) } : {}) };
  });
}
