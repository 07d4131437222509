import { Decimal } from 'decimal.js';

/**
 * The one configured decimal type for money, prices and quantities: precision 34, ROUND_HALF_EVEN.
 * Never use the default `decimal.js` export directly; import `D` from here.
 */
export const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Dec = InstanceType<typeof D>;

export const ZERO: Dec = new D(0);
export const ONE: Dec = new D(1);

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Thrown when text is not a finite decimal number. */
export class InvalidDecimalError extends Error {
  constructor(readonly text: string, readonly field?: string) {
    super(`${field ? `${field}: ` : ''}expected a finite decimal, found ${JSON.stringify(text)}`);
    this.name = 'InvalidDecimalError';
  }
}

/** Parses decimal text strictly (no NaN, no Infinity, no hex); pure. Returns undefined when invalid. */
export function tryDecimal(text: string | null | undefined): Dec | undefined {
  if (typeof text !== 'string' || !DECIMAL_TEXT.test(text.trim())) return undefined;
  const d = new D(text.trim());
  return d.isFinite() ? d : undefined;
}

/** Parses decimal text strictly or throws InvalidDecimalError naming the field; pure. */
export function parseDecimal(text: string | null | undefined, field?: string): Dec {
  const d = tryDecimal(text);
  if (!d) throw new InvalidDecimalError(String(text), field);
  return d;
}

/** Canonical wire text of a decimal: plain notation, no exponent, trailing zeros trimmed; pure. */
export function decText(d: Dec): string {
  return d.isZero() ? '0' : d.toFixed();
}

/** Formats with a fixed number of places (HALF_EVEN) for reports; pure. */
export function decFixed(d: Dec, places: number): string {
  return d.toFixed(places, D.ROUND_HALF_EVEN);
}

/** Sum of decimals; pure. */
export function decSum(values: Iterable<Dec>): Dec {
  let s = ZERO;
  for (const v of values) s = s.plus(v);
  return s;
}
