/** One line of a chart. */
export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#6e7781', '#fb8500', '#2a9d8f'];

/** A colour for the i-th series; pure. */
export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const span = max - min;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function fmtTick(v: number, percent: boolean, step: number): string {
  // enough places that neighbouring ticks differ
  if (percent) return `${(v * 100).toFixed(Math.min(4, Math.max(Math.abs(v) < 0.1 ? 1 : 0, -Math.floor(Math.log10(step * 100) + 1e-9))))}%`;
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(a < 10 ? 2 : 0);
}

/**
 * The indices worth drawing of a series of n points on a chart `width` pixels wide: all of them
 * when there are fewer than one per 2 pixels, else, per bucket of 8 pixels, its first, lowest,
 * highest and last point, so that spikes survive (a value that is not finite counts as 0); in
 * increasing order; pure.
 */
export function thinIndices(values: readonly number[], width: number): number[] {
  const n = values.length;
  if (n <= width / 2) return values.map((_, i) => i);
  const buckets = Math.max(1, Math.floor(width / 8));
  const out: number[] = [];
  // buckets are consecutive and (with more than 2 points per pixel) never empty: each adds its
  // own points in order after the last bucket's
  const push = (i: number) => {
    if (out.length === 0 || i > out[out.length - 1]!) out.push(i);
  };
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    let vlo = finite(values[from]!);
    let vhi = vlo;
    for (let i = from; i < to; i++) {
      const v = finite(values[i]!);
      if (v < vlo) {
        lo = i;
        vlo = v;
      }
      if (v > vhi) {
        hi = i;
        vhi = v;
      }
    }
    push(from);
    push(Math.min(lo, hi));
    push(Math.max(lo, hi));
    push(to - 1);
  }
  return out;
}

const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/** A coordinate to a tenth of a unit, without a trailing `.0`; pure. */
export function coord(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

// x positions are the same for every chart of a run's dates: format them once per axis
const xAxes = new Map<string, string[]>();

/** The x coordinate of each of n points across a plot from `left`, `width` wide (whole units); pure. */
function xAxis(n: number, left: number, width: number): string[] {
  const key = `${n} ${left} ${width}`;
  let xs = xAxes.get(key);
  if (!xs) {
    if (xAxes.size > 32) xAxes.clear();
    xs = Array.from({ length: n }, (_, i) => String(Math.round(left + (n <= 1 ? 0 : (i / (n - 1)) * width))));
    xAxes.set(key, xs);
  }
  return xs;
}

/**
 * An inline SVG line chart (no script, prints as is). `labels` label the x axis (dates);
 * values are plotted as given (percent formats the axis as %). Each series is one
 * `polyline.series` (long series thinned to what the width can show); `id` names the chart
 * (`data-chart`) for tests and readers. Deterministic output; pure.
 */
export function lineChart(opts: { series: readonly Series[]; labels: readonly string[]; title: string; id?: string; percent?: boolean; width?: number; height?: number; area?: boolean }): string {
  const W = opts.width ?? 860;
  // a legend (several series, at most 20) flows in rows above the plot
  const legend: string[] = [];
  let lx = 64;
  let rows = 0;
  if (opts.series.length > 1 && opts.series.length <= 20) {
    rows = 1;
    opts.series.forEach((s, si) => {
      const w = 24 + 6.2 * s.name.length;
      if (lx + w > W - 16 && lx > 64) {
        lx = 64;
        rows += 1;
      }
      const ly = 22 + rows * 14;
      legend.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="3" fill="${colour(si)}"/><text x="${(lx + 14).toFixed(1)}" y="${ly - 4}" class="legend">${esc(s.name)}</text>`);
      lx += w;
    });
  }
  const H = (opts.height ?? 260) + rows * 14;
  const m = { l: 64, r: 16, t: 28 + rows * 14, b: 36 };
  let n = 1;
  let min = Infinity;
  let max = -Infinity;
  for (const s of opts.series) {
    n = Math.max(n, s.values.length);
    for (const v of s.values) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) [min, max] = [0, 1];
  if (min === max) {
    min -= Math.abs(min) * 0.01 || 1;
    max += Math.abs(max) * 0.01 || 1;
  }
  const x = (i: number) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - m.l - m.r));
  const y = (v: number) => m.t + (1 - (v - min) / (max - min)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg class="chart"${opts.id ? ` data-chart="${esc(opts.id)}"` : ''} viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(opts.title)}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<text x="${m.l}" y="18" class="chart-title">${esc(opts.title)}</text>`);
  const ticks = niceTicks(min, max);
  const tickStep = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  for (const t of ticks) {
    const yy = y(t).toFixed(1);
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${yy}" y2="${yy}" class="grid"/><text x="${m.l - 6}" y="${yy}" class="tick" text-anchor="end" dominant-baseline="middle">${fmtTick(t, !!opts.percent, tickStep)}</text>`);
  }
  const xt = Math.min(6, opts.labels.length);
  for (let k = 0; k < xt; k++) {
    const i = xt <= 1 ? 0 : Math.round((k / (xt - 1)) * (opts.labels.length - 1));
    const anchor = xt > 1 && k === 0 ? 'start' : xt > 1 && k === xt - 1 ? 'end' : 'middle';
    parts.push(`<text x="${x(i).toFixed(1)}" y="${H - m.b + 16}" class="tick" text-anchor="${anchor}">${esc(opts.labels[i] ?? '')}</text>`);
  }
  const xs = xAxis(n, m.l, W - m.l - m.r);
  opts.series.forEach((s, si) => {
    const pts: string[] = [];
    for (const i of thinIndices(s.values, W - m.l - m.r)) if (Number.isFinite(s.values[i]!)) pts.push(`${xs[i]},${coord(y(s.values[i]!))}`);
    if (!pts.length) return;
    const points = pts.join(' ');
    if (opts.area) parts.push(`<polygon class="area" fill="${colour(si)}" points="${xs[0]},${coord(y(Math.min(0, max)))} ${points} ${xs[s.values.length - 1]},${coord(y(Math.min(0, max)))}"/>`);
    parts.push(`<polyline class="series" data-series="${esc(s.name)}" fill="none" stroke="${colour(si)}" stroke-width="1.5" points="${points}"/>`);
  });
  parts.push(...legend);
  parts.push('</svg>');
  return parts.join('');
}

/** A diverging colour for a correlation in [-1, 1]: blue below 0, white at 0, red above; pure. */
export function correlationColour(v: number): string {
  const t = Math.min(1, Math.abs(v));
  const [r, g, b] = v >= 0 ? [209, 36, 47] : [31, 111, 235];
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** Above this many rows a heatmap is drawn compact: runs of cells of one colour as one rect, no tooltips, no labels. */
export const HEATMAP_DETAILED_MAX = 40;

/**
 * An inline SVG heatmap of a correlation matrix: one `rect.cell` per entry (a native tooltip
 * names the pair and the value), values printed in the cells when they fit, a colour legend.
 * Larger matrices (more than HEATMAP_DETAILED_MAX rows) are drawn compact — colours in steps of
 * 0.1, a run of equal cells in a row as one rectangle, all the rectangles of a colour as one
 * `path.runs` — to keep the file small. Deterministic output; pure.
 */
export function heatmap(opts: { ids: readonly string[]; matrix: readonly (readonly number[])[]; title: string; id?: string; width?: number }): string {
  const n = opts.ids.length;
  const W = opts.width ?? 860;
  // long ids keep their end (the account or strategy) behind an ellipsis; tooltips have them whole
  const short = opts.ids.map((s) => (s.length > 24 ? `…${s.slice(-23)}` : s));
  const compact = n > HEATMAP_DETAILED_MAX;
  const label = compact ? 24 : Math.min(180, 12 + 6.5 * Math.max(1, ...short.map((s) => s.length)));
  const cell = Math.max(3, Math.min(44, Math.floor((W - label - 70) / Math.max(1, n))));
  const top = compact ? 32 : 28 + Math.min(label, 120) * 0.75;
  const H = top + n * cell + 40;
  const showValues = cell >= 30 && !compact;
  const showLabels = cell >= 9 && !compact;
  const parts: string[] = [];
  const runs = new Map<number, string[]>();
  parts.push(`<svg class="chart heatmap"${opts.id ? ` data-chart="${esc(opts.id)}"` : ''} viewBox="0 0 ${W} ${H.toFixed(0)}" width="100%" role="img" aria-label="${esc(opts.title)}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<text x="0" y="18" class="chart-title">${esc(opts.title)}</text>`);
  for (let i = 0; i < n; i++) {
    const y0 = top + i * cell;
    const x0 = label + i * cell;
    if (showLabels) {
      parts.push(`<text x="${label - 6}" y="${(y0 + cell / 2).toFixed(1)}" class="tick" text-anchor="end" dominant-baseline="middle">${esc(short[i]!)}</text>`);
      parts.push(`<text x="${(x0 + cell / 2).toFixed(1)}" y="${(top - 6).toFixed(1)}" class="tick" text-anchor="start" transform="rotate(-45 ${(x0 + cell / 2).toFixed(1)} ${(top - 6).toFixed(1)})">${esc(short[i]!)}</text>`);
    }
    if (compact) {
      for (let j = 0; j < n; ) {
        const bucket = Math.round((opts.matrix[i]?.[j] ?? 0) * 10);
        let k = j + 1;
        while (k < n && Math.round((opts.matrix[i]?.[k] ?? 0) * 10) === bucket) k++;
        const d = `M${label + j * cell} ${coord(y0)}h${(k - j) * cell}v${cell}h-${(k - j) * cell}z`;
        const list = runs.get(bucket);
        if (list) list.push(d);
        else runs.set(bucket, [d]);
        j = k;
      }
      continue;
    }
    for (let j = 0; j < n; j++) {
      const v = opts.matrix[i]?.[j] ?? 0;
      const cx = label + j * cell;
      parts.push(`<rect class="cell" x="${cx}" y="${y0.toFixed(1)}" width="${cell}" height="${cell}" fill="${correlationColour(v)}"><title>${esc(opts.ids[i]!)} × ${esc(opts.ids[j]!)}: ${v.toFixed(2)}</title></rect>`);
      if (showValues) parts.push(`<text x="${(cx + cell / 2).toFixed(1)}" y="${(y0 + cell / 2).toFixed(1)}" class="cell-value" text-anchor="middle" dominant-baseline="middle" fill="${Math.abs(v) > 0.6 ? '#fff' : '#1f2328'}">${v.toFixed(2)}</text>`);
    }
  }
  // a compact map draws each colour once: one path of all the runs of cells of that colour
  for (const [bucket, d] of [...runs].sort(([a], [b]) => a - b)) parts.push(`<path class="runs" fill="${correlationColour(bucket / 10)}" d="${d.join('')}"/>`);
  const ly = top + n * cell + 14;
  const steps = 20;
  for (let k = 0; k < steps; k++) {
    const v = -1 + (2 * (k + 0.5)) / steps;
    parts.push(`<rect x="${label + k * 8}" y="${ly.toFixed(1)}" width="8" height="8" fill="${correlationColour(v)}"/>`);
  }
  parts.push(`<text x="${label - 6}" y="${(ly + 7).toFixed(1)}" class="tick" text-anchor="end">-1</text><text x="${label + steps * 8 + 6}" y="${(ly + 7).toFixed(1)}" class="tick">+1</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** One bar of a bar chart: a label, a value to scale by and the text printed beside it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/**
 * An inline SVG horizontal bar chart around zero (gains right in green, losses left in red), one
 * `rect.bar` per row; for attribution. Deterministic output; pure.
 */
export function barChart(opts: { bars: readonly Bar[]; title: string; id?: string; width?: number }): string {
  const W = opts.width ?? 860;
  const row = 20;
  const label = Math.min(320, 12 + 6.5 * Math.max(1, ...opts.bars.map((b) => b.label.length)));
  const textW = 110;
  const H = 8 + opts.bars.length * row + 8;
  const lo = Math.min(0, ...opts.bars.map((b) => b.value));
  const hi = Math.max(0, ...opts.bars.map((b) => b.value));
  const span = hi - lo || 1;
  const x = (v: number) => label + ((v - lo) / span) * (W - label - textW);
  const parts: string[] = [];
  // the title names the chart for screen readers; the page's heading names it on screen
  parts.push(`<svg class="chart bars"${opts.id ? ` data-chart="${esc(opts.id)}"` : ''} viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(opts.title)}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="4" y2="${H - 4}" class="axis"/>`);
  opts.bars.forEach((b, i) => {
    const y0 = 8 + i * row;
    const a = x(Math.min(0, b.value));
    const w = Math.max(0.5, Math.abs(x(b.value) - x(0)));
    parts.push(`<text x="${label - 6}" y="${y0 + row / 2 - 1}" class="tick" text-anchor="end" dominant-baseline="middle">${esc(b.label)}</text>`);
    parts.push(`<rect class="bar" x="${a.toFixed(1)}" y="${y0 + 3}" width="${w.toFixed(1)}" height="${row - 7}" fill="${b.value < 0 ? '#d1242f' : '#1a7f37'}"><title>${esc(b.label)}: ${esc(b.text)}</title></rect>`);
    parts.push(`<text x="${(Math.max(x(b.value), x(0)) + 6).toFixed(1)}" y="${y0 + row / 2 - 1}" class="tick" dominant-baseline="middle">${esc(b.text)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
