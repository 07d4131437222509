import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coord, heatmap, lineChart, thinIndices } from './svg.js';

/** The definition: the first and last point, and each bucket's first, lowest, highest and last, in order. */
function reference(values: readonly number[], width: number): number[] {
  const n = values.length;
  if (n <= width / 2) return values.map((_, i) => i);
  const buckets = Math.max(1, Math.floor(width / 8));
  const keep = new Set<number>([0, n - 1]);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    keep.add(from).add(lo).add(hi).add(to - 1);
  }
  return [...keep].sort((a, b) => a - b);
}

describe('charts', () => {
  it('thins a long series to each bucket\'s first, lowest, highest and last point, spikes kept', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 2000 }), fc.integer({ min: 1, max: 900 }), (values, width) => {
        expect(thinIndices(values, width)).toEqual(reference(values, width));
      }),
    );
    const spike = Array.from({ length: 1000 }, (_, i) => (i === 537 ? 50 : 0));
    expect(thinIndices(spike, 780)).toContain(537);
  });

  it.each<[number, string]>([
    [12.04, '12'],
    [12.05, '12.1'],
    [177.2, '177.2'],
    [-0.01, '0'],
    [64, '64'],
  ])('writes coordinate %d as %s', (v, text) => {
    expect(coord(v)).toBe(text);
  });

  it('draws one polyline per series, its points in whole x units and tenths of y, the same bytes each time', () => {
    const labels = Array.from({ length: 756 }, (_, i) => `d${i}`);
    const series = [0, 1, 2].map((k) => ({ name: `s${k}`, values: labels.map((_, i) => Math.sin(i / 30 + k) * 1000) }));
    const svg = lineChart({ id: 'c', title: 't', labels, series });
    expect(svg).toBe(lineChart({ id: 'c', title: 't', labels, series }));
    const lines = [...svg.matchAll(/<polyline class="series" data-series="(s\d)"[^>]* points="([^"]*)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['s0', 's1', 's2']);
    for (const m of lines) for (const p of m[2]!.split(' ')) expect(p).toMatch(/^\d+,-?\d+(\.\d)?$/);
  });

  it('draws a large heatmap with one path per colour, a small one cell by cell', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `p${i}`);
    const matrix = ids.map((_, i) => ids.map((_, j) => (i === j ? 1 : Math.round(Math.cos(i * j) * 10) / 10)));
    const big = heatmap({ ids, matrix, title: 'big' });
    const colours = [...big.matchAll(/<path class="runs" fill="([^"]+)"/g)].map((m) => m[1]);
    expect(colours.length).toBeGreaterThan(5);
    expect(new Set(colours).size).toBe(colours.length);
    expect(big).not.toContain('rect class="cell"');
    const small = heatmap({ ids: ids.slice(0, 4), matrix: matrix.slice(0, 4).map((r) => r.slice(0, 4)), title: 'small' });
    expect((small.match(/<rect class="cell"/g) ?? []).length).toBe(16);
  });
});
