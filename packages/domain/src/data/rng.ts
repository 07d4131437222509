/*
 * A small seeded PRNG: xoshiro128** (Blackman & Vigna) seeded through splitmix32, with Box–Muller
 * normals. Integer math via Math.imul, so a seed gives the same stream on every JS engine; the
 * float helpers (normal) rely on Math.log/sqrt/cos, which V8 computes identically everywhere.
 */

/** A deterministic random stream. Mutable: each call advances it. */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [min, max] inclusive (both integers, max - min < 2^32). */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** Standard normal N(0, 1) by Box–Muller (pairs, the second cached). */
  normal(): number;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

const TWO_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a of text, 32-bit; pure. Used to derive seeds from names. */
function fnv1a(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, found ${seed}`);
}

/**
 * Derives a new integer seed from a seed and a label (e.g. a symbol), so independent streams can be
 * made per purpose without one consuming another's numbers; pure.
 */
export function deriveSeed(seed: number, label: string): number {
  checkSeed(seed);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  return fnv1a(label, Math.imul(lo ^ fnv1a(String(hi)), 0x9e3779b1) >>> 0);
}

/**
 * Creates a seeded xoshiro128** stream; pure in the sense that the same seed always yields the same
 * sequence. Any safe integer is a valid seed (including negatives); throws RangeError otherwise.
 */
export function createRng(seed: number): Rng {
  checkSeed(seed);
  // splitmix32 spreads the (possibly tiny) seed over the 128-bit state, which must not be all zero.
  let sm = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_32) >>> 0, 0x9e3779b1);
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix(), s1 = splitmix(), s2 = splitmix(), s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare: number | undefined;

  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => uint32() / TWO_32;
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min || max - min >= TWO_32) {
      throw new RangeError(`int(${min}, ${max}): bounds must be integers with min <= max`);
    }
    const span = max - min + 1;
    // Rejection sampling keeps every value equally likely.
    const limit = TWO_32 - (TWO_32 % span);
    let x = uint32();
    while (x >= limit) x = uint32();
    return min + (x % span);
  };

  return {
    uint32,
    next,
    int,
    uniform(min, max) {
      return min + (max - min) * next();
    },
    normal() {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      const u1 = 1 - next(); // (0, 1]: log stays finite
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[int(0, items.length - 1)]!;
    },
  };
}
