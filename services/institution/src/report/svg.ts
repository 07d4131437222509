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

function fmtTick(v: number, percent: boolean): string {
  if (percent) return `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 1 : 0)}%`;
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`;
  return v.toFixed(a < 10 ? 2 : 0);
}

/**
 * An inline SVG line chart (no script, prints as is). `labels` label the x axis (dates);
 * values are plotted as given (percent formats the axis as %). Deterministic output; pure.
 */
export function lineChart(opts: { series: readonly Series[]; labels: readonly string[]; title: string; percent?: boolean; width?: number; height?: number; area?: boolean }): string {
  const W = opts.width ?? 860;
  const H = opts.height ?? 260;
  const m = { l: 64, r: 16, t: 28, b: 36 };
  const all = opts.series.flatMap((s) => s.values.filter(Number.isFinite));
  const n = Math.max(1, ...opts.series.map((s) => s.values.length));
  let min = all.length ? Math.min(...all) : 0;
  let max = all.length ? Math.max(...all) : 1;
  if (min === max) {
    min -= Math.abs(min) * 0.01 || 1;
    max += Math.abs(max) * 0.01 || 1;
  }
  const x = (i: number) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - m.l - m.r));
  const y = (v: number) => m.t + (1 - (v - min) / (max - min)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(opts.title)}" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<text x="${m.l}" y="18" class="chart-title">${esc(opts.title)}</text>`);
  for (const t of niceTicks(min, max)) {
    const yy = y(t).toFixed(1);
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${yy}" y2="${yy}" class="grid"/><text x="${m.l - 6}" y="${yy}" class="tick" text-anchor="end" dominant-baseline="middle">${fmtTick(t, !!opts.percent)}</text>`);
  }
  const xt = Math.min(6, opts.labels.length);
  for (let k = 0; k < xt; k++) {
    const i = xt <= 1 ? 0 : Math.round((k / (xt - 1)) * (opts.labels.length - 1));
    parts.push(`<text x="${x(i).toFixed(1)}" y="${H - m.b + 16}" class="tick" text-anchor="middle">${esc(opts.labels[i] ?? '')}</text>`);
  }
  opts.series.forEach((s, si) => {
    const pts = s.values.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean);
    if (!pts.length) return;
    if (opts.area) parts.push(`<polygon class="area" fill="${colour(si)}" points="${x(0).toFixed(1)},${y(Math.min(0, max)).toFixed(1)} ${pts.join(' ')} ${x(s.values.length - 1).toFixed(1)},${y(Math.min(0, max)).toFixed(1)}"/>`);
    parts.push(`<polyline class="series" data-series="${esc(s.name)}" fill="none" stroke="${colour(si)}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
  });
  if (opts.series.length > 1) {
    opts.series.forEach((s, si) => {
      const lx = m.l + 8 + (si % 5) * 150;
      const ly = m.t + 12 + Math.floor(si / 5) * 14;
      parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="3" fill="${colour(si)}"/><text x="${lx + 14}" y="${ly - 4}" class="legend">${esc(s.name)}</text>`);
    });
  }
  parts.push('</svg>');
  return parts.join('');
}
