import { correlationMatrix, RollingCorrelation, type AtriumConfig, type CorrelationLevel } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';
import { num } from './format.js';
import { esc, folded, section, table } from './html.js';
import { HEATMAP_DETAILED_MAX, heatmap, lineChart } from './svg.js';

/** A correlation matrix with the ids of its rows. */
export interface Matrix {
  readonly ids: readonly string[];
  readonly matrix: readonly (readonly number[])[];
}

/** Everything the reports say about correlation. */
export interface CorrelationReport {
  /** PM daily returns over the whole run (summary.json `correlation`) */
  readonly full: Matrix;
  /** each configured level over the last window */
  readonly rolling: readonly (Matrix & { level: CorrelationLevel; observations: number })[];
  /** rolling correlation of each PM pair at every step (only when there are at most 10 pairs) */
  readonly pairs: readonly { name: string; values: number[] }[];
  /** the breaks analytics published, in step order */
  readonly breaks: readonly Bodies['correlationBreak'][];
}

/** The daily returns of every series of a level, with their ids. */
export interface LevelReturns {
  readonly ids: readonly string[];
  readonly returns: readonly (readonly number[])[];
}

const round = (m: readonly (readonly number[])[]) => m.map((row) => row.map((v) => Number(v.toFixed(12))));

/**
 * The correlation picture of a run from each level's daily returns (the same series the
 * analytics actor correlates: PM returns, account returns, strategy paper-book returns): the
 * whole run for PMs, the last window of every configured level, the PM pairs' rolling
 * correlation over time; the breaks are those the actor published (kept in the run record),
 * sorted by step, level, pair and kind; pure.
 */
export function correlationReport(config: AtriumConfig, returns: Readonly<Record<CorrelationLevel, LevelReturns>>, breaks: readonly Bodies['correlationBreak'][]): CorrelationReport {
  const cc = config.analytics.correlation;
  const pm = returns.pm;
  const full = { ids: pm.ids, matrix: round(correlationMatrix(pm.returns)) };
  const rolling = [...new Set(cc.levels)].map((level) => {
    const r = returns[level];
    const steps = r.returns[0]?.length ?? 0;
    const m = Math.min(cc.window, steps);
    return { level, ids: r.ids, observations: m, matrix: round(correlationMatrix(r.returns.map((x) => x.slice(steps - m)))) };
  });
  const pairIdx: [number, number][] = [];
  for (let i = 0; i < pm.ids.length; i++) for (let j = i + 1; j < pm.ids.length; j++) pairIdx.push([i, j]);
  const pairs = pairIdx.length > 0 && pairIdx.length <= 10 ? pairIdx.map(([i, j]) => ({ name: `${pm.ids[i]} × ${pm.ids[j]}`, values: [] as number[] })) : [];
  if (pairs.length) {
    const rc = new RollingCorrelation(pm.ids.length, cc.window);
    const steps = pm.returns[0]?.length ?? 0;
    for (let t = 0; t < steps; t++) {
      rc.push(pm.returns.map((x) => x[t]!));
      pairIdx.forEach(([i, j], k) => pairs[k]!.values.push(rc.observations >= cc.minPeriods ? rc.correlation(i, j) : NaN));
    }
  }
  const order = cc.levels;
  const sorted = [...breaks].sort((a, b) => a.step - b.step || order.indexOf(a.level as CorrelationLevel) - order.indexOf(b.level as CorrelationLevel) || cmp(a.a, b.a) || cmp(a.b, b.b) || cmp(a.kind, b.kind));
  return { full, rolling, pairs, breaks: sorted };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Breaks as summary.json rows; pure. */
export function breaksJson(breaks: readonly Bodies['correlationBreak'][]): Record<string, unknown>[] {
  return breaks.map((b) => ({ date: b.date, step: b.step, level: b.level, a: b.a, b: b.b, kind: b.kind, correlation: b.correlation, previous: b.hasPrevious ? b.previous : null, threshold: b.threshold, observations: b.observations }));
}

/** Breaks as CSV rows (header first); pure. */
export function breakRows(breaks: readonly Bodies['correlationBreak'][]): { header: string[]; rows: (string | number)[][] } {
  return {
    header: ['date', 'step', 'level', 'a', 'b', 'kind', 'correlation', 'previous', 'threshold', 'observations'],
    rows: breaks.map((b) => [b.date, b.step, b.level, b.a, b.b, b.kind, b.correlation, b.hasPrevious ? b.previous : '', b.threshold, b.observations]),
  };
}

/** The k pairs of a matrix with the highest correlation, for matrices too large to label; pure. */
function topPairs(m: Matrix, k: number): string {
  const pairs: [string, string, number][] = [];
  for (let i = 0; i < m.ids.length; i++) for (let j = i + 1; j < m.ids.length; j++) pairs.push([m.ids[i]!, m.ids[j]!, m.matrix[i]![j]!]);
  pairs.sort((a, b) => b[2] - a[2] || cmp(a[0], b[0]) || cmp(a[1], b[1]));
  return table(['pair', 'correlation'], pairs.slice(0, k).map(([a, b, v]) => [`${a} × ${b}`, num(v)]), { caption: `the ${Math.min(k, pairs.length)} most correlated pairs of ${m.ids.length} (all in summary.json)` });
}

/** Heatmaps of up to 12 rows two to a line (they fit), larger ones full width, unlabelled ones with their top pairs; pure. */
function sideBySide(maps: readonly (Matrix & { id: string; title: string })[]): string[] {
  const small = maps.filter((m) => m.ids.length <= 12);
  const large = maps.filter((m) => m.ids.length > 12);
  return [
    small.length ? `<div class="side">${small.map((m) => `<div>${heatmap({ ...m, width: 430 })}</div>`).join('')}</div>` : '',
    ...large.map((m) => heatmap(m) + (m.ids.length > HEATMAP_DETAILED_MAX ? topPairs(m, 10) : '')),
  ];
}

const LEVEL_NAMES: Record<CorrelationLevel, string> = { pm: 'PM', account: 'Account', strategy: 'Strategy' };

/** The correlation section of the consolidated report: heatmaps, PM pairs over time and the breaks; pure. */
export function correlationHtml(c: CorrelationReport, config: AtriumConfig, dates: readonly string[]): string {
  const cc = config.analytics.correlation;
  const shown = c.breaks.slice(0, 200);
  const breakTable = c.breaks.length
    ? table(['date', 'level', 'pair', 'break', 'correlation', 'previous window', 'threshold'], shown.map((b) => [b.date, b.level, `${b.a} × ${b.b}`, b.kind === 'level' ? 'at the alert level' : 'moved between windows', num(b.correlation), b.hasPrevious ? num(b.previous) : '', num(b.threshold)]), { id: 'correlation-breaks' }) +
      (c.breaks.length > shown.length ? `<p class="note">the first ${shown.length} of ${c.breaks.length} shown; all in firm/correlation_breaks.csv and summary.json</p>` : '')
    : '<p class="note">No correlation break.</p>';
  return [
    `<p class="note">Pearson correlation of daily returns. The rolling window is the last ${cc.window} steps (read from ${cc.minPeriods} on). A break is a pair rising to ${num(cc.alertThreshold)} or above, or moving by ${num(cc.changeThreshold)} or more from the previous window; each is reported when it begins, on <code>inst.${esc(config.firm.id)}.analytics.evt.correlation_break</code>.</p>`,
    ...sideBySide([
      { id: 'corr-pm-full', title: 'PM daily returns, whole run', ids: c.full.ids, matrix: c.full.matrix },
      ...c.rolling.map((r) => ({ id: `corr-${r.level}-rolling`, title: `${LEVEL_NAMES[r.level]} daily returns, last ${r.observations} steps`, ids: r.ids, matrix: r.matrix })),
    ]),
    c.pairs.length ? lineChart({ id: 'corr-pm-pairs', title: `Rolling ${cc.window}-step correlation of PM pairs`, labels: dates, series: c.pairs, height: 220 }) : '',
    section('Correlation breaks', breakTable, 3),
    c.full.ids.length <= HEATMAP_DETAILED_MAX ? folded('Whole-run correlation matrix (numbers)', table(['', ...c.full.ids], c.full.ids.map((id, i) => [id, ...c.full.matrix[i]!.map((v) => v.toFixed(2))]))) : '',
  ].join('');
}
