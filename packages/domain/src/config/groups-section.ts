import type { GroupConfig } from './types.js';
import { type Fields, type IssueList, id, list, mapping } from './schema.js';
import { METADATA_KEYS, readMetadata } from './metadata-section.js';
import { suggestKey } from './suggest.js';

interface GroupDraft {
  readonly path: string;
  readonly id: string | undefined;
  readonly pms: readonly string[];
  readonly groups: readonly { id: string; path: string }[];
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
 * metadata keys. Resolves each group's `members`: all its PMs, subgroups' included, in the order
 * of `pmIds`.
 */
export function readGroups(value: unknown, issues: IssueList, pmIds: readonly string[]): GroupConfig[] {
  return readGroupsAt(value, issues, pmIds).map((g) => g.config);
}

/** readGroups, each group with the path it is written at (`groups[2]`), for messages about its metadata; pure. */
export function readGroupsAt(value: unknown, issues: IssueList, pmIds: readonly string[]): { config: GroupConfig; path: string }[] {
  if (value === undefined) return [];
  const drafts: GroupDraft[] = (list(value, 'groups', issues) ?? []).flatMap((raw, i) => {
    const path = `groups[${i}]`;
    const f = mapping(raw, path, issues, ['id', 'pms', 'groups', ...METADATA_KEYS]);
    if (!f) return [];
    const pms = idList(f, 'pms').flatMap((p) => {
      if (pmIds.includes(p.id)) return [p.id];
      issues.add(p.path, unknown('PM', p.id, pmIds));
      return [];
    });
    const groups = idList(f, 'groups');
    if (!f.has('pms') && !f.has('groups')) issues.add(path, 'expected pms or groups: a group needs at least one member');
    else if ([f.raw('pms'), f.raw('groups')].every((v) => v === undefined || (Array.isArray(v) && v.length === 0))) issues.add(path, 'expected at least one PM or group, found none');
    return [{ path, id: f.required('id', id), pms, groups, meta: readMetadata(f) }];
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
  return [...byId.values()].map((g) => {
    const set = cyclic.has(g.id!) ? new Set(g.pms) : collect(g);
    return { path: g.path, config: { id: g.id!, pms: g.pms, groups: g.groups.map((s) => s.id), members: pmIds.filter((p) => set.has(p)), meta: g.meta } };
  });
}

/**
 * Groups limited to some PMs (a run of the PMs with a tag): each keeps the members among them, a
 * group left without members is dropped, and so are the references to it; pure.
 */
export function restrictGroups(groups: readonly GroupConfig[], pmIds: readonly string[]): GroupConfig[] {
  const keep = new Set(pmIds);
  const kept = groups.map((g) => ({ ...g, pms: g.pms.filter((p) => keep.has(p)), members: g.members.filter((p) => keep.has(p)) })).filter((g) => g.members.length > 0);
  const ids = new Set(kept.map((g) => g.id));
  return kept.map((g) => ({ ...g, groups: g.groups.filter((x) => ids.has(x)) }));
}
