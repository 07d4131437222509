import { D } from '@atrium/domain';

/**
 * Exact decimal series as integers scaled by 10^scale, for the sums the reports make over and
 * over (a group's equity and P&L at every close are its members' sums): adding bigints is an
 * order of magnitude cheaper than decimal.js and as exact. Text in and out is decimal text as
 * `decText` writes it, so a sum reads the same to the last byte.
 */
export interface ScaledSeries {
  /** every value is an integer number of 10^-scale */
  readonly scale: number;
  readonly values: readonly bigint[];
}

const PLAIN = /^-?\d+(\.\d+)?$/;

/** Digits after the point of decimal text (plain notation; other text is made plain first); pure. */
export function fractionDigits(text: string): number {
  const t = PLAIN.test(text) ? text : new D(text).toFixed();
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

/** Decimal text as an integer of 10^-scale; throws when it has more digits than `scale`; pure. */
export function toScaled(text: string, scale: number): bigint {
  const t = PLAIN.test(text) ? text : new D(text).toFixed();
  const dot = t.indexOf('.');
  const frac = dot < 0 ? '' : t.slice(dot + 1);
  if (frac.length > scale) throw new RangeError(`${text} has more than ${scale} decimal places`);
  return BigInt((dot < 0 ? t : t.slice(0, dot)) + frac.padEnd(scale, '0'));
}

/** An integer of 10^-scale as decimal text: plain notation, trailing zeros trimmed, `0` for zero (as decText); pure. */
export function scaledText(v: bigint, scale: number): string {
  if (v === 0n) return '0';
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    const frac = s.slice(s.length - scale).replace(/0+$/, '');
    s = frac ? `${s.slice(0, s.length - scale)}.${frac}` : s.slice(0, s.length - scale);
  }
  return neg ? `-${s}` : s;
}

const EXACT = 2n ** 53n;

/**
 * An integer of 10^-scale as the float nearest its value — the same number as Number() of its
 * text: below 2^53 the integer converts exactly and one division by an exact power of ten rounds
 * once; pure.
 */
export function scaledNumber(v: bigint, scale: number): number {
  if (scale <= 22 && v < EXACT && v > -EXACT) return Number(v) / 10 ** scale;
  return Number(scaledText(v, scale));
}

/** Element-wise sum of series of equal length (an empty list gives zeros of length n); pure. */
export function sumSeries(series: readonly (readonly bigint[])[], n: number): bigint[] {
  const out: bigint[] = new Array<bigint>(n).fill(0n);
  for (const s of series) for (let t = 0; t < n; t++) out[t]! += s[t]!;
  return out;
}
