import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from './rng.js';

const take = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

describe('createRng', () => {
  it('produces the xoshiro128** stream of the reference C code seeded by splitmix32(42)', () => {
    // Values from Vigna's xoshiro128starstar.c with s[] filled by four splitmix32 steps from 42.
    const rng = createRng(42);
    expect(take(6, rng.uint32)).toEqual([2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290]);
  });

  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const sa = take(100, a.next);
    expect(take(100, b.next)).toEqual(sa);
    expect(take(100, c.next)).not.toEqual(sa);
  });

  it.each([0, -1, 1, 2 ** 32, -(2 ** 40), Number.MAX_SAFE_INTEGER])('accepts seed %d and gives distinct streams', (seed) => {
    const first = take(4, createRng(seed).uint32);
    expect(new Set(first).size).toBe(4);
    expect(first).not.toEqual(take(4, createRng(seed + (seed === Number.MAX_SAFE_INTEGER ? -1 : 1)).uint32));
  });

  it.each([1.5, NaN, Infinity, 2 ** 53])('rejects seed %d', (seed) => {
    expect(() => createRng(seed)).toThrow(RangeError);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const xs = take(200_000, createRng(1).next);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals: mean 0, sd 1, about 95.4% within 2 sd', () => {
    const xs = take(200_000, createRng(2).normal);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
    expect(Math.abs(xs.filter((x) => Math.abs(x) < 2).length / xs.length - 0.9545)).toBeLessThan(0.003);
  });

  it('draws every integer of an inclusive range about equally often', () => {
    const rng = createRng(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const k = rng.int(-2, 3);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(400);
  });

  it.each([[1, 0], [0.5, 2], [0, 2 ** 32]])('rejects int(%d, %d)', (min, max) => {
    expect(() => createRng(1).int(min, max)).toThrow(RangeError);
  });

  it('picks elements and uniforms within bounds', () => {
    const rng = createRng(4);
    const items = ['a', 'b', 'c'] as const;
    expect(new Set(take(100, () => items.indexOf(rng.pick(items)))).size).toBe(3);
    for (const u of take(1000, () => rng.uniform(20, 300))) expect(u >= 20 && u < 300).toBe(true);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('gives a stable integer seed per (seed, label), different across labels and seeds', () => {
    expect(deriveSeed(1, 'AAPL')).toBe(deriveSeed(1, 'AAPL'));
    const seeds = new Set([deriveSeed(1, 'AAPL'), deriveSeed(1, 'MSFT'), deriveSeed(2, 'AAPL'), deriveSeed(-1, 'AAPL'), deriveSeed(2 ** 32 + 1, 'AAPL')]);
    expect(seeds.size).toBe(5);
    for (const s of seeds) expect(Number.isSafeInteger(s)).toBe(true);
  });
});
