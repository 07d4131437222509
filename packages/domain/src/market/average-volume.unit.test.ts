import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { AverageVolume } from './average-volume.js';

describe('AverageVolume', () => {
  it.each([
    ['no bar yet', [], 3, undefined],
    ['one bar', [10], 3, '10'],
    ['fewer bars than the window', [10, 20], 3, '15'],
    ['a full window', [10, 20, 30], 3, '20'],
    ['older bars drop out', [10, 20, 30, 40, 50], 3, '40'],
    ['a long run', Array.from({ length: 100 }, (_, i) => i + 1), 20, '90.5'],
  ])('averages %s', (_n, volumes, length, avg) => {
    const w = new AverageVolume(length);
    for (const v of volumes) w.push('X', new D(v));
    const a = w.average('X');
    expect(a === undefined ? undefined : decText(a)).toBe(avg);
  });

  it('keeps each symbol apart and defaults to 20 bars', () => {
    const w = new AverageVolume();
    for (let i = 1; i <= 25; i++) w.push('X', new D(i));
    w.push('Y', new D(7));
    expect([decText(w.average('X')!), decText(w.average('Y')!)]).toEqual(['15.5', '7']);
  });
});
