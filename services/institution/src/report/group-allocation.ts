import type { GroupConfig } from '@atrium/domain';
import { pct } from './format.js';
import { esc, table } from './html.js';
import { lineChart } from './svg.js';

/** How a group's capital was split among its direct members over the run, and its target. */
export interface GroupCapitalWeights {
  /** the group's direct members: its PMs, then its groups */
  readonly ids: readonly string[];
  /** each member's share of the group's capital in force at each step (floats: a statistic) */
  readonly weights: readonly (readonly number[])[];
  /** the configured allocation, normalised, in `ids` order (absent without one) */
  readonly target?: readonly number[];
  /** the largest |share − target| of any member at any step, and its step */
  readonly maxDrift?: { readonly value: number; readonly step: number; readonly member: string };
}

/**
 * Each direct member's share of a group's capital at every step — the capital each PM traded
 * with, which allocation's decisions set (a subgroup's is its PMs' sum) — with the group's target
 * allocation and the largest drift from it; pure. `capitalOf` gives a PM's capital at each step.
 */
export function groupCapitalWeights(g: GroupConfig, groups: readonly GroupConfig[], steps: number, capitalOf: (pmId: string) => readonly string[]): GroupCapitalWeights {
  const membersOf = new Map(groups.map((x) => [x.id, x.members]));
  const direct = [...g.pms.map((id) => ({ id, pms: [id] })), ...g.groups.map((id) => ({ id, pms: membersOf.get(id) ?? [] }))];
  const capital = new Map(g.members.map((id) => [id, capitalOf(id).map(Number)]));
  const amounts = direct.map((m) => Array.from({ length: steps }, (_, t) => m.pms.reduce((s, id) => s + (capital.get(id)?.[t] ?? 0), 0)));
  const totals = Array.from({ length: steps }, (_, t) => g.members.reduce((s, id) => s + (capital.get(id)?.[t] ?? 0), 0));
  const weights = amounts.map((a) => a.map((x, t) => (totals[t]! > 0 ? x / totals[t]! : 0)));
  const ids = direct.map((m) => m.id);
  if (!g.allocation) return { ids, weights };
  const given = ids.map((id) => Number(g.allocation![id] ?? 0));
  const sum = given.reduce((s, w) => s + w, 0);
  const target = given.map((w) => (sum > 0 ? w / sum : 0));
  let maxDrift = { value: 0, step: 0, member: ids[0] ?? '' };
  weights.forEach((series, i) =>
    series.forEach((w, t) => {
      const d = Math.abs(w - target[i]!);
      if (d > maxDrift.value) maxDrift = { value: d, step: t, member: ids[i]! };
    }),
  );
  return { ids, weights, target, maxDrift };
}

/** The group's `capital_weights` (and `allocation`, its target) in summary.json; pure. */
export function groupCapitalWeightsJson(w: GroupCapitalWeights, dates: readonly string[]): { allocation?: Record<string, number>; capital_weights: Record<string, unknown> } {
  const at = (t: number) => Object.fromEntries(w.ids.map((id, i) => [id, w.weights[i]![t] ?? 0]));
  const n = dates.length;
  return {
    ...(w.target ? { allocation: Object.fromEntries(w.ids.map((id, i) => [id, w.target![i]!])) } : {}),
    capital_weights: {
      start: at(0),
      end: at(n - 1),
      ...(w.maxDrift ? { max_drift: w.maxDrift.value, max_drift_member: w.maxDrift.member, max_drift_date: dates[w.maxDrift.step] ?? '' } : {}),
    },
  };
}

/**
 * The group page's section on its capital: each direct member's share of it over time, and a
 * table of the shares at the start and the end — against the target and with the largest drift
 * when the group has an allocation; pure.
 */
export function groupCapitalWeightsHtml(w: GroupCapitalWeights, dates: readonly string[]): string {
  const n = dates.length;
  const chart = lineChart({
    id: 'member-weights',
    title: 'Each member\'s share of the group\'s capital in force (allocation moves it)',
    labels: dates,
    series: w.ids.map((id, i) => ({ name: id, values: w.weights[i]! })),
    percent: true,
    height: 220,
  });
  const rows = w.ids.map((id, i) => [id, ...(w.target ? [pct(w.target[i]!)] : []), pct(w.weights[i]![0] ?? 0), pct(w.weights[i]![n - 1] ?? 0)]);
  const header = ['member', ...(w.target ? ['target'] : []), `at the start (${dates[0] ?? ''})`, `at the end (${dates[n - 1] ?? ''})`];
  const d = w.maxDrift;
  const i = d ? w.ids.indexOf(d.member) : -1;
  const drift = d && w.target
    ? `<p>Largest drift from the target: <b>${pct(d.value)}</b> of the group's capital (${esc(d.member)} held ${pct(w.weights[i]![d.step] ?? 0)} against ${pct(w.target[i]!)} on ${dates[d.step] ?? ''}). The group's allocation is a target: the firm's allocation sets each PM's capital.</p>`
    : '';
  return chart + table(header, rows, { id: 'member-allocation', caption: 'share of the group\'s capital' }) + drift;
}
